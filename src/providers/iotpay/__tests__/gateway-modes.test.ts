// The behaviours IOTPay's docs leave open, each way the sandbox can play them: a repeated mchRefundNo replayed or
// refused, and cc_query finding refunds/voids by their number or not. Lost answers must never move money twice.
import type { IotpaySessionData } from "../../../lib/session-data"
import { addFault, authorizedPayment, big, clearFaults, refundId, reversalsAt, useProviderSandbox } from "./helpers"

const refundInput = (data: unknown, amount: unknown, key = refundId()) =>
  ({ data, amount, context: { idempotency_key: key } }) as any

const MODES = [
  { repeatedRefundNo: "replay", queryByRefundNo: true },
  { repeatedRefundNo: "refuse", queryByRefundNo: true },
  { repeatedRefundNo: "replay", queryByRefundNo: false },
  { repeatedRefundNo: "refuse", queryByRefundNo: false },
] as const

describe.each(MODES)("gateway mode %o", (mode) => {
  const { sandbox, provider } = useProviderSandbox(mode)
  afterEach(() => clearFaults(sandbox))

  it("a refund whose answer is lost is refunded once, recorded, and the next refund sees IOTPay's figure", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_refund", commitThenHang: true })
    const first = (await provider.refundPayment(refundInput(paid, big("5.00")))).data as IotpaySessionData
    expect(reversalsAt(sandbox, paid.payOrderId!).map((r) => r.amount)).toEqual([500])
    const entry = first.reversals!.find((r) => r.kind === "refund")!
    // Where IOTPay can be asked by number (or replays the number) the refund is known done; otherwise it stays open.
    if (mode.queryByRefundNo || mode.repeatedRefundNo === "replay") expect(entry.status).toBe(2)
    else expect(entry.status).toBeNull()

    const second = (await provider.refundPayment(refundInput(first, big("2.00")))).data as IotpaySessionData
    expect(
      reversalsAt(sandbox, paid.payOrderId!)
        .map((r) => r.amount)
        .sort()
    ).toEqual([200, 500])
    expect(sandbox.order(paid.payOrderId!)!.refundable).toBe(1999 - 700)
    expect(second.refundable).toBe(1999 - 700)
  })

  it("cancel after a lost void answer returns the money once", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_void", commitThenHang: true })
    const canceled = (await provider.cancelPayment({ data: paid } as any)).data as IotpaySessionData
    expect(canceled.canceled).toBe(true)
    const again = (await provider.cancelPayment({ data: canceled } as any)).data as IotpaySessionData
    expect(again.canceled).toBe(true)
    expect(sandbox.order(paid.payOrderId!)!.refundable).toBe(0)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
  })
})
