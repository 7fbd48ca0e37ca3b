// cancelPayment (void before settlement, refund of what is left after) and deletePayment (never throws).
import { IotpayCardProviderService } from "../card-service"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import {
  CARDS,
  addFault,
  authorizedPayment,
  big,
  clearFaults,
  initiateAndPay,
  initiateInput,
  paymentId,
  providerOptions,
  refundId,
  reversalsAt,
  silentLogger,
  useProviderSandbox,
} from "./helpers"

const { sandbox, provider } = useProviderSandbox()
afterEach(() => clearFaults(sandbox))

/** What cancelOrderWorkflow passes: payment.data and the payment's id as idempotency key. */
const cancel = async (data: unknown, p = provider) =>
  (await p.cancelPayment({ data, context: { idempotency_key: paymentId() } } as any)).data as IotpaySessionData

const atIotpay = (payOrderId: string) => sandbox.order(payOrderId)!

describe("cancelPayment", () => {
  it("unsettled: voids the sale at IOTPay", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const data = await cancel(paid)

    expect(atIotpay(paid.payOrderId!).sandbox.voided).toBe(true)
    expect(atIotpay(paid.payOrderId!).refundable).toBe(0)
    const reversals = reversalsAt(sandbox, paid.payOrderId!)
    expect(reversals).toHaveLength(1)
    expect(reversals[0].sandbox.kind).toBe("void")

    expect(data).toMatchObject({
      payOrderId: paid.payOrderId,
      mchOrderNo: paid.mchOrderNo,
      canceled: true,
      refundable: 0,
    })
    expect(data.reversals).toEqual([
      expect.objectContaining({ kind: "void", amountCents: 1999, status: 2, payOrderId: reversals[0].payOrderId }),
    ])
  })

  it("settled: a void is impossible, so it refunds everything instead", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    expect(sandbox.settle(paid.payOrderId)).toEqual([paid.payOrderId])
    const data = await cancel(paid)

    expect(atIotpay(paid.payOrderId!).sandbox.voided).toBe(false)
    expect(atIotpay(paid.payOrderId!).refundable).toBe(0)
    const reversals = reversalsAt(sandbox, paid.payOrderId!)
    expect(reversals.map((r) => [r.sandbox.kind, r.amount])).toEqual([["refund", 1999]])
    expect(data).toMatchObject({ canceled: true, refundable: 0, payOrderId: paid.payOrderId })
    expect(data.reversals).toEqual([expect.objectContaining({ kind: "refund", amountCents: 1999, status: 2 })])
  })

  it("after a partial refund and settlement: refunds only the remainder", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const { data: refunded } = await provider.refundPayment({
      data: paid,
      amount: big("5.00"),
      context: { idempotency_key: refundId() },
    } as any)
    sandbox.settle(paid.payOrderId)
    const data = await cancel(refunded)

    expect(
      reversalsAt(sandbox, paid.payOrderId!)
        .map((r) => r.amount)
        .sort()
    ).toEqual([1499, 500])
    expect(atIotpay(paid.payOrderId!).refundable).toBe(0)
    expect(data.reversals!.map((r) => [r.kind, r.amountCents])).toEqual([
      ["refund", 500],
      ["refund", 1499],
    ])
    expect(data).toMatchObject({ canceled: true, payOrderId: paid.payOrderId })
  })

  it("after a partial refund, unsettled (IOTPay refuses a void once refunded): refunds only the remainder", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const { data: refunded } = await provider.refundPayment({
      data: paid,
      amount: big("0.99"),
      context: { idempotency_key: refundId() },
    } as any)
    const data = await cancel(refunded)
    expect(
      reversalsAt(sandbox, paid.payOrderId!)
        .map((r) => r.amount)
        .sort()
    ).toEqual([1900, 99])
    expect(atIotpay(paid.payOrderId!).refundable).toBe(0)
    expect(data.canceled).toBe(true)
  })

  it("never paid: nothing to reverse, nothing sent; the data comes back with IOTPay's pending record, marked canceled", async () => {
    const { data: unpaid } = await provider.initiatePayment(initiateInput(19.99))
    const before = JSON.stringify(sandbox.orders())
    const data = await cancel(unpaid)
    expect(data).toMatchObject(JSON.parse(JSON.stringify(unpaid)))
    expect(data.iotpayStatus).toBe(0)
    // Marked canceled (cards and wallets alike): a hosted page paid after this is given back, never authorized.
    expect(data.canceled).toBe(true)
    expect(data.reversals).toBeUndefined()
    expect(data.owed).toBeUndefined()
    expect(JSON.stringify(sandbox.orders())).toBe(before)
  })

  it("declined: nothing to reverse", async () => {
    const declined = await initiateAndPay(provider, 19.99, CARDS.decline)
    const data = await cancel(declined)
    expect(data.canceled).toBe(true)
    expect(reversalsAt(sandbox, atIotpay(declined.mchOrderNo!).payOrderId)).toHaveLength(0)
  })

  it("paid after Medusa last read the session (no payOrderId in data): finds the payment and voids it", async () => {
    const sessionData = await initiateAndPay(provider, 19.99)
    expect(sessionData.payOrderId).toBeUndefined()
    const payOrderId = atIotpay(sessionData.mchOrderNo!).payOrderId

    const data = await cancel(sessionData)

    expect(atIotpay(payOrderId).sandbox.voided).toBe(true)
    expect(data).toMatchObject({ payOrderId, canceled: true, refundable: 0 })
  })

  it("twice: one void (with the returned data, and with the stale data)", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const once = await cancel(paid)
    const again = await cancel(once)
    const stale = await cancel(paid)
    expect(again).toEqual(once)
    expect(stale).toMatchObject({ canceled: true, payOrderId: paid.payOrderId })
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
  })

  it("twice on a settled payment: one refund", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    sandbox.settle(paid.payOrderId)
    await cancel(paid)
    const stale = await cancel(paid)
    expect(stale.canceled).toBe(true)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    expect(atIotpay(paid.payOrderId!).refundable).toBe(0)
  })

  it("commitThenHang on cc_void: the void happened, so the provider asks IOTPay and reports success", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_void", commitThenHang: true })
    const data = await cancel(paid)
    expect(data.canceled).toBe(true)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    expect(atIotpay(paid.payOrderId!).sandbox.voided).toBe(true)
  })

  it("when the void's outcome stays unknown: no throw, canceled with the void recorded open; a later cancel settles it", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_void", http500: true, times: 0 })
    const data = await cancel(paid)
    expect(data.canceled).toBe(true)
    expect(data.reversals).toEqual([expect.objectContaining({ kind: "void", amountCents: 1999, status: null })])
    expect(atIotpay(paid.payOrderId!).refundable).toBe(1999)

    await clearFaults(sandbox)
    const settled = await cancel(data)
    expect(settled.reversals).toEqual([expect.objectContaining({ kind: "void", status: 2 })])
    expect(settled).toMatchObject({ canceled: true, refundable: 0 })
    expect(settled.owed).toBeUndefined()
    expect(atIotpay(paid.payOrderId!).sandbox.voided).toBe(true)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
  })

  // A void whose outcome stayed unknown (it never reached IOTPay) cannot be sent again once the payment has settled
  // (IOTPay answers "already settled, use refund"): cancel must fall back to a refund, or the money stays owed.
  it("an unknown void, then the payment settles: a later cancel refunds instead and clears owed", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_void", http500: true, times: 0 })
    const unknown = await cancel(paid)
    await clearFaults(sandbox)
    sandbox.settle(paid.payOrderId)
    let data = await cancel(unknown)
    data = await cancel(data) // the reconcile job's retry
    expect(data.owed).toBeUndefined()
    expect(atIotpay(paid.payOrderId!).refundable).toBe(0)
  })

  it("when the fallback refund fails: no throw, canceled with the money recorded owed, logged loudly; a later cancel returns it", async () => {
    const logger = { ...silentLogger, error: jest.fn() }
    const loud = new IotpayCardProviderService({ logger, configModule: undefined }, providerOptions(sandbox))
    try {
      const paid = await authorizedPayment(loud, 19.99)
      sandbox.settle(paid.payOrderId)
      await addFault(sandbox, { endpoint: "cc_refund", systemError: true, times: 0 })
      const owed = await cancel(paid, loud)
      expect(owed.canceled).toBe(true)
      expect(owed.owed).toEqual({
        since: expect.any(String),
        why: expect.any(String),
        attempts: 1,
        lastError: expect.stringMatching(/system error/),
      })
      expect(logger.error).toHaveBeenCalledWith(expect.stringContaining("CANCEL HAS NOT RETURNED THE MONEY"))
      expect(logger.error).toHaveBeenCalledWith(expect.stringContaining(paid.payOrderId!))
      expect(atIotpay(paid.payOrderId!).refundable).toBe(1999)

      const again = await cancel(owed, loud)
      expect(again.owed).toMatchObject({ attempts: 2, since: owed.owed!.since })
      expect(atIotpay(paid.payOrderId!).refundable).toBe(1999)

      await clearFaults(sandbox)
      const returned = await cancel(again, loud) // what the reconcile job calls
      expect(returned.owed).toBeUndefined()
      expect(returned.canceled).toBe(true)
      expect(returned.reversals).toEqual([expect.objectContaining({ kind: "refund", amountCents: 1999, status: 2 })])
      expect(atIotpay(paid.payOrderId!).refundable).toBe(0)
      expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    } finally {
      await (loud as any).client_.close()
    }
  })

  it("a void whose record comes back failed (status 9): nothing moved by it, the rest is refunded instead", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_void", resultStatus: 9 })
    const data = await cancel(paid)
    expect(data.canceled).toBe(true)
    expect(data.reversals!.filter((r) => r.status !== 9).map((r) => [r.kind, r.amountCents, r.status])).toEqual([
      ["refund", 1999, 2],
    ])
    expect(atIotpay(paid.payOrderId!).refundable).toBe(0)
    expect(atIotpay(paid.payOrderId!).sandbox.voided).toBe(false)
  })

  it("a void left pending (status 0): recorded open, not done, canceled; settled by a later cancel", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_void", resultStatus: 0 })
    const data = await cancel(paid)
    expect(data.canceled).toBe(true)
    expect(data.reversals).toEqual([expect.objectContaining({ kind: "void", status: 0 })])
    sandbox.settleReversal({ mchRefundNo: data.reversals![0].mchRefundNo, status: 2 })
    const settled = await cancel(data)
    expect(settled.reversals).toEqual([expect.objectContaining({ kind: "void", status: 2 })])
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
  })

  it("storefront-injected ids never reach a void: another order's payOrderId in the session data is dropped and ignored", async () => {
    const other = await authorizedPayment(provider, 42)
    const injected = {
      return_url: "http://shop.test/return",
      payOrderId: other.payOrderId,
      reversals: [{ kind: "void", mchRefundNo: "VX", amountCents: 4200, status: 2, at: "2026-01-01T00:00:00Z" }],
      amountCents: 1,
    }
    const input = initiateInput(19.99, { data: injected })
    const { data: returned } = await provider.initiatePayment(input)
    const owned = returned as IotpaySessionData
    expect(owned.payOrderId).toBeUndefined()
    expect(owned.reversals).toBeUndefined()
    expect(owned.amountCents).toBe(1999)
    expect("return_url" in owned && (owned as any).return_url !== undefined).toBe(false)
    // What Medusa stores: { ...storefront data, ...returned }, undefined keys dropped.
    const stored = JSON.parse(JSON.stringify({ ...input.data, ...owned }))
    expect(stored.payOrderId).toBeUndefined()

    const before = JSON.stringify(atIotpay(other.payOrderId!))
    // Both what Medusa stores and the raw injected data (had it been kept): nothing of the other order is touched.
    for (const data of [stored, { ...stored, ...injected }]) {
      const canceled = await cancel(data)
      expect(canceled.payOrderId).not.toBe(other.payOrderId)
      await provider.deletePayment({ data } as any)
    }
    expect(JSON.stringify(atIotpay(other.payOrderId!))).toBe(before)
    expect(reversalsAt(sandbox, other.payOrderId!)).toHaveLength(0)
  })

  it("empty or missing data: no throw, nothing sent, no reversal", async () => {
    for (const data of [{}, undefined]) {
      const out = await cancel(data)
      expect(out.reversals).toBeUndefined()
      expect(out.canceled).toBeUndefined()
      expect(out.owed).toBeUndefined()
    }
  })
})
describe("deletePayment", () => {
  it.each([
    ["undefined", undefined],
    ["null", null],
    ["empty", {}],
    ["the storefront's input after a failed initiate", { return_url: "http://evil.test/x" }],
    ["a session id only", { session_id: "payses_01JD8ZP3XG0B5Q2M7Y4T9K6WAE" }],
    ["wrongly typed fields", { amountCents: "lots", reversals: "none", attempt: 1.5 }],
    ["a string", "garbage"],
  ])("never throws on %s", async (_name, data) => {
    await expect(provider.deletePayment({ data } as any)).resolves.toHaveProperty("data")
  })

  it("an unpaid session: returns its data (with IOTPay's pending record) and moves nothing at IOTPay", async () => {
    const { data } = await provider.initiatePayment(initiateInput(19.99))
    const before = JSON.stringify(sandbox.orders())
    const result = (await provider.deletePayment({ data } as any)).data as IotpaySessionData
    expect(result).toMatchObject(JSON.parse(JSON.stringify(data)))
    expect(result.canceled).toBe(true) // an old page of this session paid later is given back
    expect(result.reversals).toBeUndefined()
    expect(JSON.stringify(sandbox.orders())).toBe(before)
  })

  it("voids a payment the shopper made before its session was deleted, so no money is kept without an order", async () => {
    const data = await initiateAndPay(provider, 19.99, CARDS.approveNoNotify)
    const payOrderId = sandbox.order(data.mchOrderNo!)!.payOrderId
    const result = (await provider.deletePayment({ data } as any)).data as IotpaySessionData
    expect(result.canceled).toBe(true)
    expect(sandbox.order(payOrderId)).toMatchObject({ refundable: 0 })
    expect(reversalsAt(sandbox, payOrderId).map((r) => r.sandbox.kind)).toEqual(["void"])
  })

  it("partial data: no throw, only the provider's own well-formed keys come back, nothing sent", async () => {
    const before = sandbox.orders().length
    const partial = { amountCents: "lots", note: "x", currency: "CAD" }
    expect((await provider.deletePayment({ data: partial } as any)).data).toEqual({ currency: "CAD" })
    expect(sandbox.orders()).toHaveLength(before)
  })

  it("never throws when IOTPay fails while returning a paid attempt: the money is recorded owed", async () => {
    const data = await initiateAndPay(provider, 19.99, CARDS.approveNoNotify)
    const payOrderId = sandbox.order(data.mchOrderNo!)!.payOrderId
    sandbox.settle(payOrderId)
    await addFault(sandbox, { endpoint: "cc_refund", systemError: true, times: 0 })
    const result = (await provider.deletePayment({ data } as any)).data as IotpaySessionData
    expect(result.owed).toMatchObject({ attempts: 1 })
    expect(sandbox.order(payOrderId)).toMatchObject({ refundable: 1999 })
  })
})
