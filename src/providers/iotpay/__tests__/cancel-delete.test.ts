// cancelPayment (void before settlement, refund of what is left after) and deletePayment (never throws).
import type { RunningSandbox } from "../../../sandbox"
import { IotpayProviderService } from "../service"
import type { IotpaySessionData } from "../../../lib/session-data"
import {
  CARDS,
  addFault,
  authorizedPayment,
  big,
  clearFaults,
  closeProviders,
  failure,
  initiateAndPay,
  initiateInput,
  makeProvider,
  paymentId,
  providerOptions,
  refundId,
  reversalsAt,
  silentLogger,
  startTestSandbox,
  useProviderSandbox,
} from "./helpers"

const ctx = useProviderSandbox()
let sandbox: RunningSandbox
let provider: IotpayProviderService
beforeAll(() => ({ sandbox, provider } = ctx))
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

    expect(data).toMatchObject({ payOrderId: paid.payOrderId, mchOrderNo: paid.mchOrderNo, canceled: true, refundable: 0 })
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

    expect(reversalsAt(sandbox, paid.payOrderId!).map((r) => r.amount).sort()).toEqual([1499, 500])
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
    expect(reversalsAt(sandbox, paid.payOrderId!).map((r) => r.amount).sort()).toEqual([1900, 99])
    expect(atIotpay(paid.payOrderId!).refundable).toBe(0)
    expect(data.canceled).toBe(true)
  })

  it("never paid: nothing to reverse, the data comes back as it was", async () => {
    const { data: unpaid } = await provider.initiatePayment(initiateInput(19.99))
    const before = sandbox.orders().length
    const data = await cancel(unpaid)
    expect(data).toEqual(unpaid)
    expect(sandbox.orders()).toHaveLength(before)
  })

  it("declined: nothing to reverse", async () => {
    const declined = await initiateAndPay(provider, 19.99, CARDS.decline)
    const data = await cancel(declined)
    expect(data.canceled).toBeUndefined()
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

  it("when the gateway fails: throws a clear error (Medusa would only log it), nothing reversed", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_void", http500: true, times: 0 })
    const error = await failure(cancel(paid))
    expect(error.message).toContain(`voiding payment ${paid.payOrderId}`)
    expect(atIotpay(paid.payOrderId!).refundable).toBe(1999)
  })

  it("when the fallback refund fails too: throws and logs loudly that the money was not returned", async () => {
    const logger = { ...silentLogger, error: jest.fn() }
    const loud = new IotpayProviderService({ logger, configModule: undefined }, providerOptions(sandbox))
    try {
      const paid = await authorizedPayment(loud, 19.99)
      sandbox.settle(paid.payOrderId)
      await addFault(sandbox, { endpoint: "cc_refund", http500: true, times: 0 })
      const error = await failure(cancel(paid, loud))
      expect(error.message).toContain(paid.payOrderId!)
      expect(logger.error).toHaveBeenCalledWith(expect.stringContaining("CANCEL DID NOT RETURN THE MONEY"))
      expect(atIotpay(paid.payOrderId!).refundable).toBe(1999)
    } finally {
      await (loud as any).client_.close()
    }
  })

  it("empty or missing data: returns it, no throw", async () => {
    expect(await cancel({})).toEqual({})
    expect(await cancel(undefined)).toEqual({})
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

  it("returns the data it was given for a real session, and leaves IOTPay alone", async () => {
    const { data } = await provider.initiatePayment(initiateInput(19.99))
    const before = JSON.stringify(sandbox.orders())
    const result = await provider.deletePayment({ data } as any)
    expect(result.data).toEqual(data)
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

  it("keeps partial data as it was", async () => {
    const partial = { amountCents: "lots", note: "x" }
    expect((await provider.deletePayment({ data: partial } as any)).data).toEqual(partial)
  })
})
