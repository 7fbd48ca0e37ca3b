import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { useSeededStore } from "../helpers/seeded-store"
import { useIotpayStack } from "../helpers/stack"
import { errorOf } from "../helpers/storefront"
import { cuttableProxy } from "./cuttable-proxy"
import { recordFault } from "./report"

jest.setTimeout(10 * 60_000)

process.env.IOTPAY_HTTP_TIMEOUT_MS = "3000"
const stack = useIotpayStack()
let proxy: Awaited<ReturnType<typeof cuttableProxy>>
// Medusa reaches IOTPay through a proxy the test cuts (registered after useIotpayStack's hook, before Medusa boots).
beforeAll(async () => {
  proxy = await cuttableProxy(stack.sandbox.port)
  process.env.IOTPAY_API_BASE = `http://127.0.0.1:${proxy.port}/v3`
  process.env.IOTPAY_V1_API_BASE = `http://127.0.0.1:${proxy.port}/v1`
})
afterAll(() => proxy?.close())

/**
 * IOTPay unreachable during a checkout, a refund and an order cancel (issue 23): each fails with a clear error or is
 * recorded as owed, no money moves while it is down and none moves twice after; once IOTPay is back the refund goes
 * through when the admin repeats it, the owed cancel is settled by the reconcile, and the checkout completes.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, paidOrder, medusaMoney } = useSeededStore({ api, getContainer })
    const reversalsAt = (payOrderId: string) => stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId)
    const paymentData = async (paymentId: string) =>
      (await api.get(`/admin/payments/${paymentId}?fields=+data`, admin)).data.payment.data

    it("clear errors while IOTPay is down, nothing moved twice, the owed cancel settled once it is back", async () => {
      const toRefund = await paidOrder()
      await api.post(`/admin/payments/${toRefund.payment.id}/capture`, {}, admin)
      const toCancel = await paidOrder()
      const cart = await sf.cart()

      await proxy.cut()
      const cutAt = Date.now()
      const checkout = await errorOf(sf.payWithIotpay(cart.id))
      expect(checkout.status).toBeGreaterThanOrEqual(400)
      expect(checkout.data.message).toMatch(/IOTPay/)
      const refund = await errorOf(api.post(`/admin/payments/${toRefund.payment.id}/refund`, { amount: 5 }, admin))
      // Medusa has no "gateway down" error type: UNEXPECTED_STATE is its 500 that keeps the message.
      expect(refund.status).toBe(500)
      expect(refund.data.message).toBe(
        `IOTPay could not be reached when asked about payment ${toRefund.payment.data.mchOrderNo} (cc_query), so no ` +
          `refund or void was sent and nothing was recorded. Try again once IOTPay answers (check apiBase and the ` +
          `network if it persists).`
      )
      expect((await medusaMoney(toRefund.payment.id)).refunds).toEqual([])
      await api.post(`/admin/orders/${toCancel.order.id}/cancel`, {}, admin)
      expect((await paymentData(toCancel.payment.id)).owed).toMatchObject({ attempts: 1 })
      expect(stack.sandbox.orders().filter((o) => o.sandbox.kind !== "payment")).toEqual([])
      await proxy.restore()
      const outageMs = Date.now() - cutAt

      await api.post(`/admin/payments/${toRefund.payment.id}/refund`, { amount: 5 }, admin)
      await reconcileIotpayPayments(getContainer())
      expect((await paymentData(toCancel.payment.id)).owed).toBeUndefined()
      const refunded = reversalsAt(toRefund.payment.data.payOrderId).map((r) => r.amount)
      const cancelled = reversalsAt(toCancel.payment.data.payOrderId)
      expect(refunded).toEqual([500])
      expect((await medusaMoney(toRefund.payment.id)).refunds).toEqual([5])
      expect(cancelled).toHaveLength(1)
      expect(stack.sandbox.order(toCancel.payment.data.payOrderId)!.refundable).toBe(0)

      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.visa)
      const completed = await sf.complete(cart.id)
      expect(completed.type).toBe("order")

      const payments = stack.sandbox.orders().filter((o) => o.sandbox.kind === "payment")
      recordFault({
        fault: "IOTPay unreachable",
        done:
          `cut for ${Math.round(outageMs / 1000)} s: a checkout (HTTP ${checkout.status}: "${checkout.data.message}"), ` +
          `a refund (HTTP ${refund.status}: "${refund.data.message}") and an order cancel (recorded as owed); ` +
          `then the refund repeated, the reconcile, the checkout`,
        orders: "3 orders (one canceled)",
        moneyMoves: `${payments.length} charges, 1 refund (5.00), 1 cancel reversal; none while down`,
        lost: 0,
      })
    })
  },
})
