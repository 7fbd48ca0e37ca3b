// The behaviours IOTPay's docs leave open, each way the sandbox can play them: a repeated mchRefundNo replayed or
// refused, and cc_query finding refunds/voids by their number or not. Each mode meets two providers: one with the
// default options, and one configured as `iotpay-doctor` reports for that mode (reversalLookup, repeatedRefundNo).
// Lost and pending reversals are settled, and money never moves twice.
import { PaymentReversals } from "../../../lib/money/reversals"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import type { IotpayCardProviderService } from "../card-service"
import {
  MERCHANT,
  addFault,
  authorizedPayment,
  big,
  clearFaults,
  makeProvider,
  refundInput,
  reversalsAt,
  useProviderSandbox,
} from "./helpers"

const MODES = [
  { repeatedRefundNo: "replay", queryByRefundNo: true },
  { repeatedRefundNo: "refuse", queryByRefundNo: true },
  { repeatedRefundNo: "replay", queryByRefundNo: false },
  { repeatedRefundNo: "refuse", queryByRefundNo: false },
] as const

describe.each(MODES)("gateway mode %o", (mode) => {
  const { sandbox, provider } = useProviderSandbox(mode)
  let configured: IotpayCardProviderService
  beforeAll(() => {
    configured = makeProvider(sandbox, {
      reversalLookup: mode.queryByRefundNo ? "query-by-number" : "none",
      repeatedRefundNo: mode.repeatedRefundNo,
    })
  })
  afterEach(() => clearFaults(sandbox))
  const reversals = () => new PaymentReversals((configured as any).gateway_)
  // Where IOTPay can be asked by number (or replays the number) a lost refund is known done; otherwise it stays open.
  const lostRefundStatus = mode.queryByRefundNo || mode.repeatedRefundNo === "replay" ? 2 : null

  /** A paid 19.99 whose refund of 5.00 commits at IOTPay but loses its answer, then a refund of 2.00 on that data. */
  async function lostRefundThenAnother(p: IotpayCardProviderService) {
    const paid = await authorizedPayment(p, 19.99)
    await addFault(sandbox, { endpoint: "cc_refund", commitThenHang: true })
    const first = (await p.refundPayment(refundInput(paid, big("5.00")))).data as IotpaySessionData
    const atIotpayAfterFirst = reversalsAt(sandbox, paid.payOrderId!).map((r) => r.amount)
    const second = (await p.refundPayment(refundInput(first, big("2.00")))).data as IotpaySessionData
    expect(
      reversalsAt(sandbox, paid.payOrderId!)
        .map((r) => r.amount)
        .sort()
    ).toEqual([200, 500])
    expect(sandbox.order(paid.payOrderId!)!.refundable).toBe(1999 - 700)
    return { first, atIotpayAfterFirst, second }
  }

  /** A paid 19.99 canceled while its void commits at IOTPay but loses its answer. */
  async function lostVoid(p: IotpayCardProviderService) {
    const paid = await authorizedPayment(p, 19.99)
    await addFault(sandbox, { endpoint: "cc_void", commitThenHang: true })
    const canceled = (await p.cancelPayment({ data: paid } as any)).data as IotpaySessionData
    /** What IOTPay holds at the end: the money returned, by one reversal. */
    const expectReturnedOnce = () => {
      expect(sandbox.order(paid.payOrderId!)!.refundable).toBe(0)
      expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    }
    return { canceled, expectReturnedOnce }
  }

  describe("with the default options", () => {
    it("a refund whose answer is lost is refunded once, recorded, and the next refund sees IOTPay's figure", async () => {
      const { first, atIotpayAfterFirst, second } = await lostRefundThenAnother(provider)
      expect(atIotpayAfterFirst).toEqual([500])
      expect(first.reversals!.find((r) => r.kind === "refund")!.status).toBe(lostRefundStatus)
      expect(second.refundable).toBe(1999 - 700)
    })

    it("cancel after a lost void answer returns the money once", async () => {
      const { canceled, expectReturnedOnce } = await lostVoid(provider)
      expect(canceled.canceled).toBe(true)
      const again = (await provider.cancelPayment({ data: canceled } as any)).data as IotpaySessionData
      expect(again.canceled).toBe(true)
      expectReturnedOnce()
    })
  })

  describe("with the options the doctor reports", () => {
    it("a refund whose answer is lost is refunded once and settled at the latest by the next refund", async () => {
      const { first, second } = await lostRefundThenAnother(configured)
      expect(first.reversals!.find((r) => r.kind === "refund")!.status).toBe(lostRefundStatus)
      expect(second.reversals!.map((r) => r.status)).toEqual([2, 2])
    })

    it("a refund whose first attempt never reached IOTPay (HTTP 500) is sent once", async () => {
      const paid = await authorizedPayment(configured, 10)
      await addFault(sandbox, { endpoint: "cc_refund", http500: true })
      const data = (await configured.refundPayment(refundInput(paid, big("3.00")))).data as IotpaySessionData
      expect(data.reversals!.map((r) => r.status)).toEqual([2])
      expect(reversalsAt(sandbox, paid.payOrderId!).map((r) => r.amount)).toEqual([300])
    })

    it.each([
      [2, "done"],
      [9, "failed"],
    ] as const)("a pending refund IOTPay later completes with status %s is recorded %s", async (status, _recorded) => {
      const paid = await authorizedPayment(configured, 10)
      await addFault(sandbox, { endpoint: "cc_refund", resultStatus: 0 })
      const pending = (await configured.refundPayment(refundInput(paid, big("4.00")))).data as IotpaySessionData
      expect(pending.reversals![0].status).toBe(0)
      sandbox.settleReversal({ mchRefundNo: pending.reversals![0].mchRefundNo, status })
      const settled = await reversals().settleOpen(pending)
      expect(settled.reversals![0].status).toBe(status)
      expect(settled.refundable).toBe(status === 2 ? 600 : 1000)
    })

    it("cancel after a lost void answer returns the money once", async () => {
      const { canceled, expectReturnedOnce } = await lostVoid(configured)
      const again = (await reversals().settleOpen(canceled)) as IotpaySessionData
      expect(again.reversals!.map((r) => r.status)).toEqual([2])
      expectReturnedOnce()
    })
  })
})

it("the options are validated, with defaults that match IOTPay's documented behaviour as we read it", () => {
  const { parseProviderOptions } =
    require("../../../lib/config/options") as typeof import("../../../lib/config/options")
  const base = { ...MERCHANT, backendUrl: "http://medusa.test" }
  expect(parseProviderOptions(base)).toMatchObject({ reversalLookup: "query-by-number", repeatedRefundNo: "replay" })
  expect(() => parseProviderOptions({ ...base, reversalLookup: "maybe" })).toThrow(/reversalLookup.*iotpay-doctor/s)
  expect(() => parseProviderOptions({ ...base, repeatedRefundNo: "twice" })).toThrow(/repeatedRefundNo/)
})
