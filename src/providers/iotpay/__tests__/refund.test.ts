// refundPayment: partial refunds, idempotency, the "left to refund" guard, void fallback, lost and failed answers.
import { MedusaError } from "@medusajs/framework/utils"
import type { RunningSandbox } from "../../../sandbox"
import type { IotpayProviderService } from "../service"
import type { IotpaySessionData } from "../../../lib/session-data"
import {
  addFault,
  authorizedPayment,
  big,
  clearFaults,
  closeProviders,
  failure,
  makeProvider,
  refundId,
  reversalsAt,
  startTestSandbox,
  useProviderSandbox,
} from "./helpers"

const ctx = useProviderSandbox()
let sandbox: RunningSandbox
let provider: IotpayProviderService
beforeAll(() => ({ sandbox, provider } = ctx))
afterEach(() => clearFaults(sandbox))

/** What refundPaymentWorkflow passes: payment.data, the raw BigNumber amount, the refund's id as idempotency key. */
const refundInput = (data: unknown, amount: unknown, key = refundId()) =>
  ({ data, amount, context: { idempotency_key: key } }) as any

const refundable = (payOrderId: string) => sandbox.order(payOrderId)!.refundable

describe("refundPayment", () => {
  it("partial refunds: each one is recorded, the payment's ids survive, IOTPay's refundable drops exactly", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const first = refundId()
    const second = refundId()

    const r1 = (await provider.refundPayment(refundInput(paid, big("5.00"), first))).data as IotpaySessionData
    expect(refundable(paid.payOrderId!)).toBe(1499)

    const r2 = (await provider.refundPayment(refundInput(r1, big("3.99"), second))).data as IotpaySessionData
    expect(refundable(paid.payOrderId!)).toBe(1100)

    expect(r2).toMatchObject({
      payOrderId: paid.payOrderId,
      mchOrderNo: paid.mchOrderNo,
      session_id: paid.session_id,
      amountCents: 1999,
    })
    expect(r2.reversals).toHaveLength(2)
    expect(r2.reversals).toEqual([
      expect.objectContaining({ kind: "refund", amountCents: 500, status: 2, medusaId: first }),
      expect.objectContaining({ kind: "refund", amountCents: 399, status: 2, medusaId: second }),
    ])
    const atIotpay = reversalsAt(sandbox, paid.payOrderId!)
    expect(atIotpay.map((r) => r.amount).sort()).toEqual([399, 500])
    expect(r2.reversals!.map((r) => r.payOrderId).sort()).toEqual(atIotpay.map((r) => r.payOrderId).sort())
    expect(r2.reversals!.map((r) => r.mchRefundNo)).toEqual([`R${first.slice(4)}`, `R${second.slice(4)}`])
  })

  it("accepts plain numbers and Medusa BigNumber-like amounts alike", async () => {
    const paid = await authorizedPayment(provider, 10)
    const r1 = (await provider.refundPayment(refundInput(paid, 0.1))).data
    const r2 = (await provider.refundPayment(refundInput(r1, { numeric: 0.2 }))).data
    await provider.refundPayment(refundInput(r2, "0.70"))
    expect(refundable(paid.payOrderId!)).toBe(900)
  })

  it("the same idempotency key twice refunds once (with the returned data)", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const key = refundId()
    const once = (await provider.refundPayment(refundInput(paid, big("5.00"), key))).data
    const twice = (await provider.refundPayment(refundInput(once, big("5.00"), key))).data
    expect(twice).toEqual(once)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    expect(refundable(paid.payOrderId!)).toBe(1499)
  })

  it("the same idempotency key twice refunds once (a retry holding the data from before the refund)", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const key = refundId()
    const once = (await provider.refundPayment(refundInput(paid, big("5.00"), key))).data as IotpaySessionData
    const retried = (await provider.refundPayment(refundInput(paid, big("5.00"), key))).data as IotpaySessionData
    expect(retried.reversals).toEqual([expect.objectContaining({ payOrderId: once.reversals![0].payOrderId })])
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    expect(refundable(paid.payOrderId!)).toBe(1499)
  })

  it("more than is left: refused with what is left, nothing sent", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const after = (await provider.refundPayment(refundInput(paid, big("5.00")))).data

    const error = await failure(provider.refundPayment(refundInput(after, big("15.00"))))
    expect(error).toBeInstanceOf(MedusaError)
    expect(error.message).toContain("only 14.99 CAD is left")
    expect(error.message).toContain("15.00 CAD")
    expect(error.message).toMatch(/Nothing was sent to IOTPay/)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    expect(refundable(paid.payOrderId!)).toBe(1499)

    // One cent too many (Medusa itself tolerates that much) is refused too.
    const untouched = await failure(provider.refundPayment(refundInput(paid, big("20.00"))))
    expect(untouched.message).toContain("only 19.99 CAD is left")
  })

  it("an amount with 3 decimals: refused, nothing sent", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const error = await failure(provider.refundPayment(refundInput(paid, big("1.005"))))
    expect(error.message).toMatch(/more than 2 decimal places/)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(0)
  })

  it("a payment without payOrderId: refused", async () => {
    const error = await failure(provider.refundPayment(refundInput({ mchOrderNo: "x-1" }, big("1.00"))))
    expect(error.message).toMatch(/no IOTPay payOrderId/)
  })

  it("without an idempotency key: still refunds, and each call is a new refund", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const r1 = (await provider.refundPayment({ data: paid, amount: big("1.00") } as any)).data
    await provider.refundPayment({ data: r1, amount: big("1.00") } as any)
    expect(refundable(paid.payOrderId!)).toBe(1799)
  })

  it("commitThenHang on cc_refund: the refund happened, so the provider asks IOTPay and reports success", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const key = refundId()
    await addFault(sandbox, { endpoint: "cc_refund", commitThenHang: true })

    const { data } = await provider.refundPayment(refundInput(paid, big("5.00"), key))

    const atIotpay = reversalsAt(sandbox, paid.payOrderId!)
    expect(atIotpay).toHaveLength(1)
    expect(refundable(paid.payOrderId!)).toBe(1499)
    expect((data as IotpaySessionData).reversals).toEqual([
      expect.objectContaining({ kind: "refund", amountCents: 500, status: 2, payOrderId: atIotpay[0].payOrderId }),
    ])
    expect((data as IotpaySessionData).payOrderId).toBe(paid.payOrderId)
  })

  it("HTTP 500 on cc_refund (nothing committed): a clear error, and a retry refunds exactly once", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const key = refundId()
    await addFault(sandbox, { endpoint: "cc_refund", http500: true, times: 0 })

    const error = await failure(provider.refundPayment(refundInput(paid, big("5.00"), key)))
    expect(error).toBeInstanceOf(MedusaError)
    expect(error.message).toContain(`refunding 5.00 CAD of payment ${paid.payOrderId}`)
    expect(error.message).toMatch(/HTTP 500/)
    expect(error.message).toMatch(/outcome is unknown|may have been processed|refused/)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(0)

    await clearFaults(sandbox)
    const { data } = await provider.refundPayment(refundInput(paid, big("5.00"), key))
    expect((data as IotpaySessionData).reversals).toHaveLength(1)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    expect(refundable(paid.payOrderId!)).toBe(1499)

    // And once more with the same key: still one refund.
    await provider.refundPayment(refundInput(paid, big("5.00"), key))
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
  })

  it("invalidJson on cc_refund (committed, garbled answer): the provider asks IOTPay before giving up", async () => {
    // Medusa deletes the refund row when refundPayment throws, and the admin's next attempt is a NEW refund id:
    // throwing here while IOTPay did refund would let the money go back twice.
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_refund", invalidJson: true })

    const { data } = await provider.refundPayment(refundInput(paid, big("5.00")))

    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    expect(refundable(paid.payOrderId!)).toBe(1499)
    expect((data as IotpaySessionData).reversals).toEqual([expect.objectContaining({ amountCents: 500, status: 2 })])
  })

  it("a refund IOTPay refuses (payment already voided): refused, naming IOTPay's reason", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await provider.cancelPayment({ data: paid, context: { idempotency_key: "pay_x" } } as any)
    // Stale data (no record of the void): the guard lets it through and IOTPay says no.
    const error = await failure(provider.refundPayment(refundInput(paid, big("5.00"))))
    expect(error.message).toMatch(/IOTPay refused refunding 5\.00 CAD/)
    expect(error.message).toMatch(/already voided/)
    expect(error.message).toMatch(/Nothing was changed at IOTPay/)
  })
})

describe("refundPayment when IOTPay refuses refunds before settlement", () => {
  let strict: RunningSandbox
  let strictProvider: IotpayProviderService

  beforeAll(async () => {
    strict = await startTestSandbox({ refundBeforeSettlement: false })
    strictProvider = makeProvider(strict)
  })
  afterAll(() => strict.close())

  it("a full refund of an unsettled sale becomes a void", async () => {
    const paid = await authorizedPayment(strictProvider, 19.99)
    const key = refundId()
    const { data } = await strictProvider.refundPayment(refundInput(paid, big("19.99"), key))
    const out = data as IotpaySessionData

    expect(strict.order(paid.payOrderId!)!.sandbox.voided).toBe(true)
    expect(strict.order(paid.payOrderId!)!.refundable).toBe(0)
    expect(out).toMatchObject({ payOrderId: paid.payOrderId, refundable: 0 })
    expect(out.reversals).toEqual([expect.objectContaining({ kind: "void", amountCents: 1999, status: 2, medusaId: key })])
    expect(strict.orders().filter((o) => o.sandbox.kind === "refund" && o.originalOrderId === paid.payOrderId)).toHaveLength(0)
  })

  it("repeating that refund (same idempotency key) changes nothing and does not fail", async () => {
    const paid = await authorizedPayment(strictProvider, 19.99)
    const key = refundId()
    const { data } = await strictProvider.refundPayment(refundInput(paid, big("19.99"), key))
    const again = await strictProvider.refundPayment(refundInput(data, big("19.99"), key))
    expect(again.data).toEqual(data)
    expect(strict.orders().filter((o) => o.originalOrderId === paid.payOrderId)).toHaveLength(1)
  })

  it("a partial refund of an unsettled sale is refused with IOTPay's reason, nothing changed", async () => {
    const paid = await authorizedPayment(strictProvider, 19.99)
    const error = await failure(strictProvider.refundPayment(refundInput(paid, big("5.00"))))
    expect(error.message).toMatch(/not settled yet/)
    expect(strict.order(paid.payOrderId!)).toMatchObject({ refundable: 1999 })
    expect(strict.order(paid.payOrderId!)!.sandbox.voided).toBe(false)
  })

  it("after settlement, a full refund is a refund", async () => {
    const paid = await authorizedPayment(strictProvider, 19.99)
    strict.settle(paid.payOrderId)
    const { data } = await strictProvider.refundPayment(refundInput(paid, big("19.99")))
    expect((data as IotpaySessionData).reversals).toEqual([expect.objectContaining({ kind: "refund", amountCents: 1999 })])
    expect(strict.order(paid.payOrderId!)!.sandbox.voided).toBe(false)
    expect(strict.order(paid.payOrderId!)!.refundable).toBe(0)
  })
})
