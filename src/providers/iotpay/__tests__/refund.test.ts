// refundPayment: partial refunds, idempotency, the "left to refund" guard, void fallback, lost and failed answers.
import { MedusaError } from "@medusajs/framework/utils"
import type { RunningSandbox } from "../../../sandbox"
import type { IotpayCardProviderService } from "../card-service"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import {
  addFault,
  authorizedPayment,
  big,
  clearFaults,
  failure,
  makeProvider,
  refundId,
  refundInput,
  reversalsAt,
  startTestSandbox,
  useProviderSandbox,
} from "./helpers"

const { sandbox, provider } = useProviderSandbox()
afterEach(() => clearFaults(sandbox))

/** What refundPaymentWorkflow passes: payment.data, the raw BigNumber amount, the refund's id as idempotency key. */

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

  // Medusa retries a refund with the payment data from before it: the provider must find the refund's own number
  // (R + refund id) at IOTPay and answer it, not refuse it as if someone had refunded outside Medusa.
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
    expect(error.message).toMatch(/can't refund 15(\.00)? CAD/)
    expect(error.message).toMatch(/Nothing was sent to IOTPay/)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)
    expect(refundable(paid.payOrderId!)).toBe(1499)

    // One cent too many (Medusa itself tolerates that much) is refused too.
    const untouched = await failure(provider.refundPayment(refundInput(paid, big("20.00"))))
    expect(untouched.message).toContain("only 19.99 CAD is left")
  })

  it("a total over the charge by rounding only (28.24 refunded of 28.2387): exactly what is left goes back", async () => {
    const paid = await authorizedPayment(provider, big("28.2387"))
    const out = (await provider.refundPayment(refundInput(paid, big("28.24")))).data as IotpaySessionData
    expect(out.reversals).toEqual([expect.objectContaining({ amountCents: 2824, status: 2 })])
    expect(refundable(paid.payOrderId!)).toBe(0)
  })

  it("a sub-cent amount is rounded half-up: a refund of 1.005 is 101 cents", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const out = (await provider.refundPayment(refundInput(paid, big("1.005")))).data as IotpaySessionData
    expect(out.reversals).toEqual([expect.objectContaining({ amountCents: 101, medusaAmount: "1.005", status: 2 })])
    expect(reversalsAt(sandbox, paid.payOrderId!).map((r) => r.amount)).toEqual([101])
    expect(refundable(paid.payOrderId!)).toBe(1898)
  })

  it("a taxed total refunded in three thirds returns exactly the cents charged (cumulative rounding)", async () => {
    const paid = await authorizedPayment(provider, big("28.2387"))
    expect(paid).toMatchObject({ amountCents: 2824, amount: "28.2387" })
    let data: unknown = paid
    for (let i = 0; i < 3; i++) data = (await provider.refundPayment(refundInput(data, big("9.4129")))).data
    const amounts = reversalsAt(sandbox, paid.payOrderId!).map((r) => r.amount)
    expect(amounts).toHaveLength(3)
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(2824)
    expect(amounts.every((c) => c === 941 || c === 942)).toBe(true)
    expect(refundable(paid.payOrderId!)).toBe(0)
    expect((data as IotpaySessionData).refundable).toBe(0)
  })

  it("a payment IOTPay holds nothing for: refused, nothing sent", async () => {
    for (const data of [
      { mchOrderNo: "x-1" },
      { session_id: "payses_01JD8ZP3XG0B5Q2M7Y4T9K6WAE", payOrderId: "PC1" },
    ]) {
      const error = await failure(provider.refundPayment(refundInput(data, big("1.00"))))
      expect((error as MedusaError).type).toBe(MedusaError.Types.NOT_ALLOWED)
      expect(error.message).toMatch(/holds no paid payment/)
    }
  })

  it("without an idempotency key (Medusa's refund id): refused, nothing sent", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    for (const context of [undefined, {}, { idempotency_key: "" }]) {
      const error = await failure(provider.refundPayment({ data: paid, amount: big("1.00"), context } as any))
      expect((error as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toMatch(/refund id/)
      expect(error.message).toMatch(/nothing was sent/)
    }
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(0)
    expect(refundable(paid.payOrderId!)).toBe(1999)
  })

  it("a payOrderId tampered with in the data: the session's own payment is refunded, the other one untouched", async () => {
    const mine = await authorizedPayment(provider, 19.99)
    const other = await authorizedPayment(provider, 50)
    const tampered = { ...mine, payOrderId: other.payOrderId }
    const out = (await provider.refundPayment(refundInput(tampered, big("5.00")))).data as IotpaySessionData
    expect(refundable(mine.payOrderId!)).toBe(1499)
    expect(refundable(other.payOrderId!)).toBe(5000)
    expect(reversalsAt(sandbox, other.payOrderId!)).toHaveLength(0)
    expect(out.payOrderId).toBe(mine.payOrderId)
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

  it("HTTP 500 on cc_refund and on its resend (nothing committed): recorded as outcome unknown, settled exactly once later", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const key = refundId()
    await addFault(sandbox, { endpoint: "cc_refund", http500: true, times: 0 })

    // Medusa deletes its refund row when refundPayment throws: an unknown outcome is returned, not thrown.
    const unknown = (await provider.refundPayment(refundInput(paid, big("5.00"), key))).data as IotpaySessionData
    expect(unknown.reversals).toEqual([
      expect.objectContaining({
        kind: "refund",
        amountCents: 500,
        status: null,
        medusaId: key,
        mchRefundNo: `R${key.slice(4)}`,
      }),
    ])
    expect(unknown.refundable).toBe(1499) // reserved until settled
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(0)
    expect(refundable(paid.payOrderId!)).toBe(1999)

    await clearFaults(sandbox)
    // The next call holding that data asks IOTPay, finds nothing, resends the same number: one refund.
    const settled = (await provider.refundPayment(refundInput(unknown, big("1.00")))).data as IotpaySessionData
    expect(settled.reversals!.map((r) => [r.mchRefundNo, r.amountCents, r.status])).toEqual([
      [`R${key.slice(4)}`, 500, 2],
      [expect.any(String), 100, 2],
    ])
    expect(
      reversalsAt(sandbox, paid.payOrderId!)
        .map((r) => r.amount)
        .sort()
    ).toEqual([100, 500])
    expect(refundable(paid.payOrderId!)).toBe(1399)

    // And the same refund once more: still one refund of 5.00.
    await provider.refundPayment(refundInput(settled, big("5.00"), key))
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(2)
  })

  it("cc_refund answer lost AND the confirming cc_query fails: no throw, reversal recorded unknown; settled by the next call", async () => {
    // Short timeouts with a hang: the hang lasts only as long as the client waits.
    const quick = makeProvider(sandbox, { headersTimeoutMs: 250, bodyTimeoutMs: 250 })
    const paid = await authorizedPayment(quick, 19.99)
    const key = refundId()
    await addFault(sandbox, { endpoint: "cc_query", latencyMs: 1 }) // the query that locates the payment answers
    await addFault(sandbox, { endpoint: "cc_refund", commitThenHang: true }) // the refund commits, its answer is lost
    await addFault(sandbox, { endpoint: "cc_query", http500: true, times: 0 }) // and asking about it fails

    const unknown = (await quick.refundPayment(refundInput(paid, big("5.00"), key))).data as IotpaySessionData
    expect(unknown.reversals).toEqual([
      expect.objectContaining({ kind: "refund", amountCents: 500, status: null, medusaId: key }),
    ])
    expect(unknown.payOrderId).toBe(paid.payOrderId)
    expect(refundable(paid.payOrderId!)).toBe(1499) // it did happen
    await clearFaults(sandbox)

    // A new refund on data that does not know about it: IOTPay's refundable disagrees, refused naming both figures.
    const refused = await failure(quick.refundPayment(refundInput(paid, big("1.00"))))
    expect((refused as MedusaError).type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(refused.message).toContain("14.99 CAD")
    expect(refused.message).toContain("19.99 CAD")
    expect(refused.message).toMatch(/before anything was sent/)
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(1)

    // On the data holding the unknown reversal: it is settled first (done, no resend), then the new refund goes.
    const next = (await quick.refundPayment(refundInput(unknown, big("1.00")))).data as IotpaySessionData
    expect(next.reversals!.map((r) => [r.amountCents, r.status])).toEqual([
      [500, 2],
      [100, 2],
    ])
    expect(next.reversals![0].settledAt).toEqual(expect.any(String))
    expect(reversalsAt(sandbox, paid.payOrderId!)).toHaveLength(2)
    expect(refundable(paid.payOrderId!)).toBe(1399)
  })

  it("an unknown refund is settled by cancel too (the reconcile path), and the rest is returned once", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_refund", http500: true, times: 0 })
    const unknown = (await provider.refundPayment(refundInput(paid, big("5.00")))).data as IotpaySessionData
    expect(unknown.reversals![0].status).toBeNull()
    await clearFaults(sandbox)

    const canceled = (await provider.cancelPayment({ data: unknown } as any)).data as IotpaySessionData
    expect(canceled.canceled).toBe(true)
    expect(canceled.owed).toBeUndefined()
    expect(canceled.reversals!.every((r) => r.status === 2)).toBe(true)
    expect(
      reversalsAt(sandbox, paid.payOrderId!)
        .map((r) => r.amount)
        .sort()
    ).toEqual([1499, 500])
    expect(refundable(paid.payOrderId!)).toBe(0)
  })

  it("a refund whose record comes back failed (status 9): throws, nothing moved, a later refund still works", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_refund", resultStatus: 9 })
    const error = await failure(provider.refundPayment(refundInput(paid, big("5.00"))))
    expect(error).toBeInstanceOf(MedusaError)
    expect(error.message).toMatch(/FAILED \(status 9\)/)
    expect(error.message).toMatch(/no money was returned/)
    expect(refundable(paid.payOrderId!)).toBe(1999)

    const { data } = await provider.refundPayment(refundInput(paid, big("5.00")))
    expect((data as IotpaySessionData).reversals).toEqual([expect.objectContaining({ amountCents: 500, status: 2 })])
    expect(refundable(paid.payOrderId!)).toBe(1499)
  })

  it.each([0, 1])(
    "a refund left pending at IOTPay (status %p): recorded open, never done; counted as reserved",
    async (status) => {
      const paid = await authorizedPayment(provider, 19.99)
      await addFault(sandbox, { endpoint: "cc_refund", resultStatus: status })
      const open = (await provider.refundPayment(refundInput(paid, big("5.00")))).data as IotpaySessionData
      expect(open.reversals).toEqual([expect.objectContaining({ kind: "refund", amountCents: 500, status })])
      expect(open.reversals![0].settledAt).toBeUndefined()
      expect(open.refundable).toBe(1499)
      expect(refundable(paid.payOrderId!)).toBe(1499)

      // The open 5.00 is reserved: 14.99 can still go back, and IOTPay agrees.
      const rest = (await provider.refundPayment(refundInput(open, big("14.99")))).data as IotpaySessionData
      expect(rest.reversals!.map((r) => [r.amountCents, r.status])).toEqual([
        [500, status],
        [1499, 2],
      ])
      expect(refundable(paid.payOrderId!)).toBe(0)
      expect(rest.refundable).toBe(0)

      // IOTPay completes it: the next settle records it done.
      sandbox.settleReversal({ mchRefundNo: open.reversals![0].mchRefundNo, status: 2 })
      const settled = await (provider as any).reversals_.settleOpen(rest)
      expect(settled.reversals.map((r: { status: number }) => r.status)).toEqual([2, 2])
    }
  )

  it("a pending refund IOTPay later fails: settling records status 9 and the money is refundable again", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_refund", resultStatus: 0 })
    const open = (await provider.refundPayment(refundInput(paid, big("5.00")))).data as IotpaySessionData
    sandbox.settleReversal({ mchRefundNo: open.reversals![0].mchRefundNo, status: 9 })
    expect(refundable(paid.payOrderId!)).toBe(1999)

    const again = (await provider.refundPayment(refundInput(open, big("19.99")))).data as IotpaySessionData
    expect(again.reversals!.map((r) => [r.amountCents, r.status])).toEqual([
      [500, 9],
      [1999, 2],
    ])
    expect(refundable(paid.payOrderId!)).toBe(0)
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

  it("a payment voided behind the data's back (stale data): refused before anything is sent, naming both figures", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await provider.cancelPayment({ data: paid, context: { idempotency_key: "pay_x" } } as any)
    // Stale data (no record of the void): IOTPay's refundable (0) disagrees with the data's 19.99 left.
    const error = await failure(provider.refundPayment(refundInput(paid, big("5.00"))))
    expect((error as MedusaError).type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(error.message).toContain("0.00 CAD")
    expect(error.message).toContain("19.99 CAD")
    expect(error.message).toMatch(/refund refused before anything was sent/)
    expect(reversalsAt(sandbox, paid.payOrderId!).map((r) => r.sandbox.kind)).toEqual(["void"])
  })

  it("a refund IOTPay itself refuses: refused, naming IOTPay's reason, nothing changed", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    await addFault(sandbox, { endpoint: "cc_refund", systemError: true })
    const error = await failure(provider.refundPayment(refundInput(paid, big("5.00"))))
    expect(error.message).toMatch(/IOTPay refused refunding 5\.00 CAD/)
    expect(error.message).toMatch(/system error/)
    expect(error.message).toMatch(/Nothing was changed at IOTPay/)
    expect(refundable(paid.payOrderId!)).toBe(1999)
  })
})

describe("refundPayment when IOTPay refuses refunds before settlement", () => {
  let strict: RunningSandbox
  let strictProvider: IotpayCardProviderService

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
    expect(out.reversals).toEqual([
      expect.objectContaining({ kind: "void", amountCents: 1999, status: 2, medusaId: key }),
    ])
    expect(
      strict.orders().filter((o) => o.sandbox.kind === "refund" && o.originalOrderId === paid.payOrderId)
    ).toHaveLength(0)
  })

  it("that void coming back failed (status 9): throws, nothing moved", async () => {
    const paid = await authorizedPayment(strictProvider, 19.99)
    await strict.addFault({ endpoint: "cc_void", resultStatus: 9 })
    try {
      const error = await failure(strictProvider.refundPayment(refundInput(paid, big("19.99"))))
      expect(error.message).toMatch(/void .* FAILED \(status 9\)/)
      expect(strict.order(paid.payOrderId!)).toMatchObject({ refundable: 1999 })
      expect(strict.order(paid.payOrderId!)!.sandbox.voided).toBe(false)
    } finally {
      strict.clearFaults()
    }
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
    expect((data as IotpaySessionData).reversals).toEqual([
      expect.objectContaining({ kind: "refund", amountCents: 1999 }),
    ])
    expect(strict.order(paid.payOrderId!)!.sandbox.voided).toBe(false)
    expect(strict.order(paid.payOrderId!)!.refundable).toBe(0)
  })
})
