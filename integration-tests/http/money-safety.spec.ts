import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { mchOrderNoForSession, withSignature } from "../../src/iotpay"
import { processedRow, sql } from "../helpers/inbox"
import { notifyRuns } from "../helpers/notify-runs"
import { MERCHANT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"
import { errorOf } from "../helpers/storefront"

jest.setTimeout(180_000)

// Lost answers must surface within the test: IOTPay's client gives up after this long (headers and body).
process.env.IOTPAY_HTTP_TIMEOUT_MS = "1500"
const stack = useIotpayStack()

/**
 * The mean world: storefronts that send provider keys, reversals that fail, stay pending or lose their answer,
 * sessions dropped under a paid hosted page, gateways that break during recovery. All through the HTTP APIs.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, paidOrder, medusaMoney } = useSeededStore({ api, getContainer })

    beforeAll(() => void notifyRuns(getContainer())) // counting starts before the first delivery
    beforeEach(async () => {
      stack.sandbox.clearFaults()
    })

    const sandboxPayment = (id: string) => stack.sandbox.order(id)!
    const reversalsAt = (payOrderId: string) => stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId)
    const paymentData = async (paymentId: string) =>
      (await api.get(`/admin/payments/${paymentId}?fields=+data`, admin)).data.payment.data

    it("drops provider keys a storefront puts in data: another order's payOrderId voids nothing", async () => {
      const victim = await paidOrder()
      const victimPayOrderId = victim.payment.data.payOrderId
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id, {
        return_url: "http://storefront.test/checkout/iotpay-return",
        payOrderId: victimPayOrderId,
        reversals: [],
        amountCents: 1,
        canceled: false,
      })
      expect(session.data.payOrderId).toBeUndefined()
      expect(session.data.reversals).toBeUndefined()
      expect(session.data.canceled).toBeUndefined()
      expect(session.data.amountCents).toBe(cart.expectedCents)
      // A new session replaces (deletes) the first one: Medusa calls deletePayment with its data.
      await sf.payWithIotpay(cart.id)
      expect(sandboxPayment(victimPayOrderId).refundable).toBe(victim.payment.data.amountCents)
      expect(reversalsAt(victimPayOrderId)).toHaveLength(0)
    })

    it("refuses a partial capture of an IOTPay sale, and captures the whole", async () => {
      const { payment } = await paidOrder()
      const partial = await errorOf(api.post(`/admin/payments/${payment.id}/capture`, { amount: 10 }, admin))
      expect(partial.status).toBe(400)
      expect(partial.data.message).toMatch(/can't be partially captured.*Capture the full amount, then refund/)
      const whole = await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(whole.data.payment.captured_at).not.toBeNull()
    })

    it("a refund IOTPay reports failed (9) is an error and Medusa keeps no refund; pending (0) is settled later", async () => {
      const { payment } = await paidOrder()
      const payOrderId = payment.data.payOrderId
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)

      stack.sandbox.addFault({ endpoint: "cc_refund", resultStatus: 9 })
      const failed = await errorOf(api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin))
      expect(failed.status).toBeGreaterThanOrEqual(400)
      expect(failed.data.message).toMatch(/FAILED \(status 9\)/)
      expect(sandboxPayment(payOrderId).refundable).toBe(payment.data.amountCents)
      const { data: afterFail } = await api.get(`/admin/payments/${payment.id}?fields=*refunds`, admin)
      expect(afterFail.payment.refunds).toHaveLength(0)

      stack.sandbox.addFault({ endpoint: "cc_refund", resultStatus: 0 })
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
      let data = await paymentData(payment.id)
      const pending = data.reversals.find((r: any) => r.kind === "refund" && r.status === 0)
      expect(pending).toMatchObject({ amountCents: 500 })
      stack.sandbox.settleReversal({ mchRefundNo: pending.mchRefundNo, status: 2 })
      await reconcileIotpayPayments(getContainer())
      data = await paymentData(payment.id)
      expect(data.reversals.find((r: any) => r.mchRefundNo === pending.mchRefundNo).status).toBe(2)
      expect(sandboxPayment(payOrderId).refundable).toBe(payment.data.amountCents - 500)
      expect((await medusaMoney(payment.id)).refunds).toEqual([5]) // the pending refund's row, none for the failed one
    })

    it("a refund whose answer is lost and whose check fails too is kept as unknown, never sent twice", async () => {
      const { payment } = await paidOrder()
      const payOrderId = payment.data.payOrderId
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      stack.sandbox.addFault({ endpoint: "cc_refund", commitThenHang: true })
      const request = api.post(`/admin/payments/${payment.id}/refund`, { amount: 4 }, admin)
      // Once IOTPay has committed the refund (and hangs; the client gives up after 1.5 s), it starts failing the
      // confirming cc_query too.
      await waitFor(async () => reversalsAt(payOrderId).length === 1, "IOTPay to commit the refund", 10_000, 20)
      stack.sandbox.addFault({ endpoint: "cc_query", systemError: true, times: 0 })
      const refunded = await request
      expect(refunded.status).toBe(200)
      let data = await paymentData(payment.id)
      const unknown = data.reversals.find((r: any) => r.status === null)
      expect(unknown).toMatchObject({ kind: "refund", amountCents: 400 })
      // IOTPay did take it: the next refund sees the same figure (2824 − 400) and goes through; nothing doubles.
      stack.sandbox.clearFaults()
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 1 }, admin)
      expect(
        reversalsAt(payOrderId)
          .map((r) => r.amount)
          .sort()
      ).toEqual([100, 400])
      await reconcileIotpayPayments(getContainer())
      data = await paymentData(payment.id)
      expect(data.reversals.find((r: any) => r.mchRefundNo === unknown.mchRefundNo).status).toBe(2)
      expect(reversalsAt(payOrderId)).toHaveLength(2)
      expect((await medusaMoney(payment.id)).refunds).toEqual([4, 1]) // Medusa's rows match IOTPay's 400 + 100
    })

    it("refuses a refund when IOTPay's refundable disagrees with the payment's records", async () => {
      const { payment } = await paidOrder()
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      // Someone refunds 2.00 in IOTPay's portal, outside Medusa.
      const portal = await fetch(`${stack.sandbox.apiBase}/cc_refund`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(portalRefund(payment.data.payOrderId)),
      })
      expect((await portal.json()).retCode).toBe("SUCCESS")
      const refused = await errorOf(api.post(`/admin/payments/${payment.id}/refund`, { amount: 3 }, admin))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(
        /IOTPay says .* refundable, but this payment's records say .*check the payment/
      )
      expect(reversalsAt(payment.data.payOrderId)).toHaveLength(1)
    })

    it("gives back a payment made on the hosted page of a session the cart dropped", async () => {
      const cart = await sf.cart()
      const first = await sf.payWithIotpay(cart.id)
      // The shopper opens the page, goes back, and the storefront starts over: the first session is deleted.
      await sf.payWithIotpay(cart.id)
      await payOnHostedPage(first.data.redirectUrl, CARDS.visa)
      const payOrderId = stack.sandbox.order(first.data.mchOrderNo)!.payOrderId
      await waitFor(async () => sandboxPayment(payOrderId).refundable === 0, "the stranded payment to be voided")
      const voids = reversalsAt(payOrderId)
      expect(voids).toHaveLength(1)
      expect(voids[0].sandbox.kind).toBe("void")
      expect(voids[0].mchOrderNo).toMatch(/^V/)
      expect(voids[0].amount).toBe(2824)
      // What Medusa recorded: the notify's verdict (Medusa deletes a replaced session outright), and no order or
      // payment from it.
      const row = await processedRow(getContainer(), payOrderId)
      expect([row.outcome, row.outcome_detail]).toEqual([
        "not_applied",
        "its payment session does not exist; money returned",
      ])
      await notifyRuns(getContainer()).settled(payOrderId)
      expect(await ordersOfCart(getContainer(), cart.id)).toEqual([])
      expect(await getContainer().resolve("payment").listPayments({ payment_session_id: first.id })).toEqual([])
      // Reconcile meets the same payment again: nothing moves twice.
      await reconcileIotpayPayments(getContainer())
      await notifyRuns(getContainer()).settled(payOrderId)
      expect(reversalsAt(payOrderId)).toHaveLength(1)
    })

    /** A session the shopper pays on the hosted page after `change` made it one that can never become an order. */
    async function strandedBy(change: (sessionId: string) => Promise<unknown>) {
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      await change(session.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.visa)
      const payOrderId = stack.sandbox.order(session.data.mchOrderNo)!.payOrderId
      const row = await processedRow(getContainer(), payOrderId)
      await notifyRuns(getContainer()).settled(payOrderId)
      return { cart, session, payOrderId, row }
    }
    const setSession = (sessionId: string, assignments: string, params: (string | number)[] = []) =>
      sql(getContainer(), `UPDATE payment_session SET ${assignments} WHERE id = ?`, [...params, sessionId])

    it("gives back, once, a paid earlier attempt, a canceled session's payment, and an amount or currency mismatch", async () => {
      const cases: [string, (id: string) => Promise<unknown>, (id: string) => string][] = [
        [
          "an earlier attempt",
          (id) =>
            setSession(id, `data = data || jsonb_build_object('attempt', 2, 'mchOrderNo', ?::text)`, [
              mchOrderNoForSession(id, 2),
            ]),
          (id) => `, but session ${id} now pays under ${mchOrderNoForSession(id, 2)}`,
        ],
        ["a canceled session", (id) => setSession(id, `status = 'canceled'`), (id) => `session ${id} was canceled`],
        [
          "an amount mismatch",
          (id) => setSession(id, `data = data || '{"amountCents": 2825}'::jsonb`),
          () => "IOTPay amount 2824 cents differs from the session's 2825 cents",
        ],
        ["a currency mismatch", (id) => setSession(id, `currency_code = 'usd'`), () => "currency usd is not CAD"],
      ]
      for (const [name, change, why] of cases) {
        const { cart, session, payOrderId, row } = await strandedBy(change)
        expect({ name, outcome: row.outcome }).toEqual({ name, outcome: "not_applied" })
        expect(row.outcome_detail).toContain(why(session.id))
        expect(row.outcome_detail).toMatch(/; money returned$/)
        expect(reversalsAt(payOrderId).map((r) => [r.sandbox.kind, r.amount])).toEqual([["void", 2824]])
        expect(sandboxPayment(payOrderId).refundable).toBe(0)
        expect(await ordersOfCart(getContainer(), cart.id)).toEqual([])
        expect(await getContainer().resolve("payment").listPayments({ payment_session_id: session.id })).toEqual([])
      }
    })

    // A stranded payment has no Medusa payment to carry an owed mark: the failed give-back is recorded owed in the
    // ledger (its attempt's state row), and each reconcile run gives back the attempts the ledger says are owed
    // (src/lib/reconcile/reconcile-owed.ts), through the same path a notify takes.
    it("a give-back IOTPay fails is recorded owed on the notify; a later reconcile run returns the money once", async () => {
      let stranded: Awaited<ReturnType<typeof strandedBy>>
      try {
        stranded = await strandedBy(async (id) => {
          await setSession(id, `status = 'canceled'`)
          stack.sandbox.addFault({ endpoint: "cc_query", systemError: true, times: 0 }) // IOTPay cannot be asked
        })
      } finally {
        stack.sandbox.clearFaults()
      }
      const { cart, session, payOrderId, row } = stranded
      expect([row.outcome, row.outcome_detail]).toEqual([
        "not_applied",
        `its payment session ${session.id} was canceled; money owed, retried by the reconcile job`,
      ])
      expect(reversalsAt(payOrderId)).toEqual([])
      expect(sandboxPayment(payOrderId).refundable).toBe(2824)
      // A reconcile run when the attempt's 5-minute check is due (src/lib/reconcile/reconcile-schedule.ts) must give it back.
      // The job emits before it returns, so once every notify event of the payment is handled, it has acted.
      const due = new Date(Date.now() + 6 * 60_000)
      expect(await reconcileIotpayPayments(getContainer(), due)).toMatchObject({ skipped: false })
      await notifyRuns(getContainer()).settled(payOrderId)
      expect(reversalsAt(payOrderId).map((r) => [r.sandbox.kind, r.amount])).toEqual([["void", 2824]])
      expect(await ordersOfCart(getContainer(), cart.id)).toEqual([])
      // Given back: nothing is owed any more, so the next run sends nothing.
      expect(await reconcileIotpayPayments(getContainer(), due)).toMatchObject({ skipped: false })
      await notifyRuns(getContainer()).settled(payOrderId)
      expect(reversalsAt(payOrderId)).toHaveLength(1)
    })

    it("a cancel whose void fails is recorded as owed and retried by reconcile until IOTPay confirms", async () => {
      const { order, payment } = await paidOrder()
      const payOrderId = payment.data.payOrderId
      stack.sandbox.addFault({ endpoint: "cc_query", systemError: true, times: 0 })
      await api.post(`/admin/orders/${order.id}/cancel`, {}, admin)
      const { data: canceled } = await api.get(`/admin/orders/${order.id}`, admin)
      expect(canceled.order.status).toBe("canceled") // Medusa cancels the order whatever the gateway said
      let data = await paymentData(payment.id)
      expect(data.owed).toMatchObject({ attempts: 1 })
      expect(sandboxPayment(payOrderId).refundable).toBe(payment.data.amountCents)

      await reconcileIotpayPayments(getContainer()) // IOTPay still failing: still owed
      data = await paymentData(payment.id)
      expect(data.owed.attempts).toBe(2)

      stack.sandbox.clearFaults()
      await reconcileIotpayPayments(getContainer())
      data = await paymentData(payment.id)
      expect(data.owed).toBeUndefined()
      expect(sandboxPayment(payOrderId).refundable).toBe(0)
      expect(reversalsAt(payOrderId)).toHaveLength(1)
    })
  },
})

/** A refund made in IOTPay's portal (signed with the merchant's key, as IOTPay would accept it). */
function portalRefund(payOrderId: string) {
  return withSignature(
    {
      mchId: MERCHANT.merchantId,
      loginName: MERCHANT.loginName,
      payOrderId,
      mchRefundNo: "PORTAL0000000000001",
      refundAmount: 200,
    },
    MERCHANT.secretKey
  )
}
