import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { STOREFRONT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { processedRow } from "../helpers/inbox"
import { reversalOutcomes } from "../helpers/reversal-outcomes"
import { useSeededStore } from "../helpers/seeded-store"

jest.setTimeout(180_000)

// UnionPay confirms 15 s after the shopper approves; authorize waits only 0.5 s, so checkout sees it still pending.
// The 15 s are room for a loaded CI machine between the approval and that first completion (at 3 s a slow run
// completed after the success was in); the tests then wait for the success itself, never for a fixed time.
process.env.IOTPAY_UPI_POLL_MS = "500"
// Lost answers must surface within the test: IOTPay's client gives up after this long (headers and body).
process.env.IOTPAY_HTTP_TIMEOUT_MS = "1500"
const stack = useIotpayStack({ upiDelayMs: 15_000 })
const UPI_PROVIDER = "pp_iotpay_iotpay-upi"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, orderPayment, medusaMoney } = useSeededStore(
      { api, getContainer },
      { providers: [UPI_PROVIDER] }
    )

    async function approvedUpiPayment(card: string) {
      const cart = await sf.cart()
      const session = await sf.paymentSession(cart.id, UPI_PROVIDER, {
        return_url: `${STOREFRONT}/checkout/iotpay-return`,
      })
      expect(session.data.redirectUrl.startsWith(`${stack.sandbox.url}/hosted/pay/`)).toBe(true)
      const back = await payOnHostedPage(session.data.redirectUrl, card)
      expect(back.searchParams.get("retCode")).toBe("SUCCESS")
      expect(stack.sandbox.order(session.data.mchOrderNo)!).toMatchObject({ channel: "UPI_EX", status: 0 })
      return { cart, session }
    }

    /** The order UnionPay's late success makes through the notify, and its payment (linked a moment later). */
    async function notifiedOrder(cartId: string) {
      const [orderId] = await waitFor(
        async () => {
          const ids = await ordersOfCart(getContainer(), cartId)
          return ids.length ? ids : null
        },
        "the UPI_EX notify to complete the cart",
        60_000
      )
      const paid = await waitFor(
        async () => (await orderPayment(orderId).catch(() => null))?.payment,
        "the UPI_EX payment"
      )
      return { orderId, paid }
    }

    it("a late UPI_EX success still becomes an order through the notify, and the admin can refund it", async () => {
      const { cart, session } = await approvedUpiPayment(CARDS.visa)
      const early = await sf.complete(cart.id).catch((e: any) => e.response?.data)
      expect(early.type ?? "error").not.toBe("order")
      const payment = getContainer().resolve("payment")
      const [pending] = await payment.listPaymentSessions({ id: session.id })
      expect(pending.status).toBe("pending") // not given up

      const { paid } = await notifiedOrder(cart.id)
      expect(paid.provider_id).toBe(UPI_PROVIDER)
      expect(stack.sandbox.order(paid.data.payOrderId)).toMatchObject({ channel: "UPI_EX", status: 2, amount: 2824 })
      await api.post(`/admin/payments/${paid.id}/capture`, {}, admin)
      await api.post(`/admin/payments/${paid.id}/refund`, { amount: 10 }, admin)
      expect(stack.sandbox.order(paid.data.payOrderId)!.refundable).toBe(2824 - 1000) // 28.2387 (Ontario HST) → 2824 cents
      const refunds = stack.sandbox.orders().filter((o) => o.originalOrderId === paid.data.payOrderId)
      expect(refunds.map((r) => [r.sandbox.kind, r.status, r.amount])).toEqual([["refund", 2, 1000]])
      expect(await medusaMoney(paid.id)).toMatchObject({ amount: 28.2387, captures: [28.2387], refunds: [10] })
    })

    it("cancel of a UPI_EX order: one void of its cents at IOTPay; Medusa cancels the order and the payment", async () => {
      const { cart } = await approvedUpiPayment(CARDS.visa)
      const { orderId, paid } = await notifiedOrder(cart.id)
      await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
      const voids = stack.sandbox.orders().filter((o) => o.originalOrderId === paid.data.payOrderId)
      expect(voids.map((v) => [v.sandbox.kind, v.amount])).toEqual([["void", 2824]])
      expect((await api.get(`/admin/orders/${orderId}`, admin)).data.order.status).toBe("canceled")
      expect(await medusaMoney(paid.id)).toMatchObject({ canceled: true, captures: [], refunds: [] })
    })

    const outcomes = reversalOutcomes({ api, admin, stack, getContainer, medusaMoney })

    it("UPI_EX: a refund IOTPay fails keeps no row; a pending one and one whose answer is lost are settled once by the reconcile", async () => {
      const { cart } = await approvedUpiPayment(CARDS.visa)
      const { paid } = await notifiedOrder(cart.id)
      await outcomes.failedPendingAndLostRefunds(paid)
    })

    it("UPI_EX: a cancel IOTPay cannot void is recorded owed; the reconcile job voids it once, both sides agree", async () => {
      const { cart } = await approvedUpiPayment(CARDS.visa)
      const { orderId, paid } = await notifiedOrder(cart.id)
      await outcomes.cancelOwedThenVoided(orderId, paid)
    })

    /** UnionPay's confirmation of `mchOrderNo` at IOTPay (15 s after the approval); its record. */
    const confirmedAt = (mchOrderNo: string) =>
      waitFor(
        async () => {
          const order = stack.sandbox.order(mchOrderNo)!
          return order.status === 2 ? order : null
        },
        "UnionPay's confirmation at IOTPay",
        60_000
      )

    it("UPI_EX paid, its notify never arrives, the shopper never returns: the reconcile job makes one order, both sides agree", async () => {
      const { cart, session } = await approvedUpiPayment(CARDS.noNotify)
      const paid = await confirmedAt(session.data.mchOrderNo)
      expect(stack.sandbox.notifications().filter((n) => n.payOrderId === paid.payOrderId)).toEqual([])
      expect(await ordersOfCart(getContainer(), cart.id)).toEqual([])
      expect(await reconcileIotpayPayments(getContainer())).toMatchObject({ recovered: 1 })
      const { orderId, paid: payment } = await notifiedOrder(cart.id)
      expect(payment.data.payOrderId).toBe(paid.payOrderId)
      expect(stack.sandbox.order(paid.payOrderId)).toMatchObject({ amount: 2824, refundable: 2824 })
      expect(await medusaMoney(payment.id)).toMatchObject({ amount: 28.2387, captures: [], refunds: [] })
      expect(await reconcileIotpayPayments(getContainer())).toMatchObject({ recovered: 0 })
      expect(await ordersOfCart(getContainer(), cart.id)).toEqual([orderId])
    })

    it("UPI_EX paid on the page of a session the cart dropped: its notify gives the cents back once, no order", async () => {
      const cart = await sf.cart()
      const returnUrl = { return_url: `${STOREFRONT}/checkout/iotpay-return` }
      const first = await sf.paymentSession(cart.id, UPI_PROVIDER, returnUrl)
      await sf.paymentSession(cart.id, UPI_PROVIDER, returnUrl) // the storefront starts over: the first is deleted
      await payOnHostedPage(first.data.redirectUrl, CARDS.visa)
      const { payOrderId } = await confirmedAt(first.data.mchOrderNo)
      const row = await processedRow(getContainer(), payOrderId)
      expect([row.outcome, row.outcome_detail]).toEqual([
        "not_applied",
        "its payment session does not exist; money returned",
      ])
      const reversals = stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId)
      expect(reversals.map((r) => [r.sandbox.kind, r.status, r.amount])).toEqual([["void", 2, 2824]])
      expect(stack.sandbox.order(payOrderId)!.refundable).toBe(0)
      expect(await ordersOfCart(getContainer(), cart.id)).toEqual([])
      expect(await getContainer().resolve("payment").listPayments({ payment_session_id: first.id })).toEqual([])
    })

    it("without any notify, completing again after the success is in turns the cart into an order", async () => {
      const { cart, session } = await approvedUpiPayment(CARDS.noNotify)
      const early = await sf.complete(cart.id).catch((e: any) => e.response?.data)
      expect(early.type ?? "error").not.toBe("order")
      // The success is in at IOTPay (what the shopper's return would find), with no notify sent.
      const paid = await confirmedAt(session.data.mchOrderNo)
      expect(stack.sandbox.notifications().filter((n) => n.payOrderId === paid.payOrderId)).toEqual([])
      const later = await sf.complete(cart.id)
      expect(later.type).toBe("order")
    })
  },
})
