// The provider configured as `iotpay-doctor` recommends for each way the sandbox can play IOTPay's open questions
// (reversalLookup, repeatedRefundNo): lost and pending reversals are settled, and money never moves twice.
import type { RunningSandbox } from "../../../sandbox"
import type { IotpayProviderService } from "../service"
import type { IotpaySessionData } from "../../../lib/session-data"
import { PaymentReversals } from "../../../lib/reversals"
import {
  MERCHANT,
  addFault,
  authorizedPayment,
  big,
  clearFaults,
  closeProviders,
  makeProvider,
  refundId,
  reversalsAt,
  startTestSandbox,
} from "./helpers"

const refundInput = (data: unknown, amount: unknown, key = refundId()) =>
  ({ data, amount, context: { idempotency_key: key } }) as any

const MODES = [
  { repeatedRefundNo: "replay", queryByRefundNo: true },
  { repeatedRefundNo: "refuse", queryByRefundNo: true },
  { repeatedRefundNo: "replay", queryByRefundNo: false },
  { repeatedRefundNo: "refuse", queryByRefundNo: false },
] as const

describe.each(MODES)("gateway mode %o, provider options as the doctor reports them", (mode) => {
  let sandbox: RunningSandbox
  let provider: IotpayProviderService
  const reversals = () => new PaymentReversals((provider as any).client_, MERCHANT.merchantId)
  beforeAll(async () => {
    sandbox = await startTestSandbox(mode)
    provider = makeProvider(sandbox, {
      reversalLookup: mode.queryByRefundNo ? "query-by-number" : "none",
      repeatedRefundNo: mode.repeatedRefundNo,
    })
  })
  afterAll(async () => {
    await closeProviders()
    await sandbox.close()
  })
  afterEach(() => clearFaults(sandbox))

  it("a refund whose answer is lost is refunded once and settled at the latest by the next refund", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_refund", commitThenHang: true })
    const first = (await provider.refundPayment(refundInput(paid, big("5.00")))).data as IotpaySessionData
    const entry = first.reversals!.find((r) => r.kind === "refund")!
    // Only a gateway that can neither be asked nor replays the number leaves it unknown for now.
    expect(entry.status).toBe(!mode.queryByRefundNo && mode.repeatedRefundNo === "refuse" ? null : 2)

    const second = (await provider.refundPayment(refundInput(first, big("2.00")))).data as IotpaySessionData
    expect(second.reversals!.map((r) => r.status)).toEqual([2, 2])
    expect(
      reversalsAt(sandbox, paid.payOrderId!)
        .map((r) => r.amount)
        .sort()
    ).toEqual([200, 500])
    expect(sandbox.order(paid.payOrderId!)!.refundable).toBe(1999 - 700)
  })

  it("a refund whose first attempt never reached IOTPay (HTTP 500) is sent once", async () => {
    const paid = await authorizedPayment(provider, 10)
    await addFault(sandbox, { endpoint: "cc_refund", http500: true })
    const data = (await provider.refundPayment(refundInput(paid, big("3.00")))).data as IotpaySessionData
    expect(data.reversals!.map((r) => r.status)).toEqual([2])
    expect(reversalsAt(sandbox, paid.payOrderId!).map((r) => r.amount)).toEqual([300])
  })

  it.each([
    [2, "done"],
    [9, "failed"],
  ] as const)("a pending refund IOTPay later completes with status %s is recorded %s", async (status, _recorded) => {
    const paid = await authorizedPayment(provider, 10)
    await addFault(sandbox, { endpoint: "cc_refund", resultStatus: 0 })
    const pending = (await provider.refundPayment(refundInput(paid, big("4.00")))).data as IotpaySessionData
    expect(pending.reversals![0].status).toBe(0)
    sandbox.settleReversal({ mchRefundNo: pending.reversals![0].mchRefundNo, status })
    const settled = await reversals().settleOpen(pending)
    expect(settled.reversals![0].status).toBe(status)
    expect(settled.refundable).toBe(status === 2 ? 600 : 1000)
  })

  it("cancel after a lost void answer returns the money once", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_void", commitThenHang: true })
    const canceled = (await provider.cancelPayment({ data: paid } as any)).data as IotpaySessionData
    const again = (await reversals().settleOpen(canceled)) as IotpaySessionData
    expect(again.reversals!.map((r) => r.status)).toEqual([2])
    expect(sandbox.order(paid.payOrderId!)!.refundable).toBe(0)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
  })
})

it("the options are validated, with defaults that match IOTPay's documented behaviour as we read it", () => {
  const { parseProviderOptions } = require("../../../lib/options") as typeof import("../../../lib/options")
  const base = { ...MERCHANT, backendUrl: "http://medusa.test" }
  expect(parseProviderOptions(base)).toMatchObject({ reversalLookup: "query-by-number", repeatedRefundNo: "replay" })
  expect(() => parseProviderOptions({ ...base, reversalLookup: "maybe" })).toThrow(/reversalLookup.*iotpay-doctor/s)
  expect(() => parseProviderOptions({ ...base, repeatedRefundNo: "twice" })).toThrow(/repeatedRefundNo/)
})
