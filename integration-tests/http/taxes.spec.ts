import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"
import { halfUpCents } from "../helpers/storefront"

jest.setTimeout(180_000)

const stack = useIotpayStack()

// Medusa does not round tax or percentage discounts: a cart total carries sub-cent digits. IOTPay charges whole cents,
// the nearest cent half-up. Every expected number below is worked out by hand from the seeded store (Maple Mug 19.99,
// shipping 5.00; Ontario HST 13 %, BC GST 5 % + PST 7 %, elsewhere GST 5 %; SAVE15 = 15 % off the items, before tax).
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { store, sf, admin, orderPayment, paidOrder } = useSeededStore({ api, getContainer })

    const sandboxPayment = (payOrderId: string) => stack.sandbox.order(payOrderId)!
    const refundsAtSandbox = (payOrderId: string) =>
      stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId && o.sandbox.kind === "refund")
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

    it("taxes the seeded Canadian region by province: Ontario HST, BC GST + PST, elsewhere GST, shipping included", async () => {
      const ontario = await sf.cart()
      // (19.99 + 5.00) × 1.13 = 24.99 + 3.2487
      expect([ontario.subtotal, ontario.tax_total, ontario.total]).toEqual([24.99, 3.2487, 28.2387])
      expect(ontario.expectedCents).toBe(2824)
      // The ISO 3166-2 spelling Medusa's admin uses for provinces taxes the same.
      expect((await sf.cart({ provinceAs: "CA-ON" })).total).toBe(28.2387)
      // BC: 24.99 × (0.05 + 0.07) = 2.9988, two tax lines
      const bc = await sf.cart({ province: "bc" })
      expect([bc.tax_total, bc.total]).toEqual([2.9988, 27.9888])
      // Alberta: GST only, 24.99 × 0.05 = 1.2495
      const alberta = await sf.cart({ province: "ab" })
      expect([alberta.tax_total, alberta.total, alberta.expectedCents]).toEqual([1.2495, 26.2395, 2624])
      // Half a cent exactly rounds up: the keychain (0.50 + 5.00) × 1.13 = 6.215 → 622.
      const keychain = await sf.cart({ variantIndex: 1 })
      expect([keychain.total, keychain.expectedCents]).toEqual([6.215, 622])
    })

    it("Ontario: total 28.2387 is charged as 2824 cents, paid on the hosted page, and completes into an order", async () => {
      const cart = await sf.cart()
      expect(cart.total).toBe(28.2387)
      expect(halfUpCents(cart.total)).toBe(2824)
      const session = await sf.payWithIotpay(cart.id)
      expect(session.data.amountCents).toBe(2824)
      const purchase = stack.sandbox.order(session.data.mchOrderNo)!
      expect(purchase.amount).toBe(2824)

      const back = await payOnHostedPage(session.data.redirectUrl, CARDS.visa)
      expect(back.searchParams.get("retCode")).toBe("SUCCESS")
      const result = await sf.complete(cart.id)
      expect(result.type).toBe("order")
      const { order, payment } = await orderPayment((result as any).order.id)
      expect(order.total).toBe(28.2387)
      expect(payment.provider_id).toBe("pp_iotpay_iotpay")
      expect(payment.amount).toBe(28.2387)
      expect(payment.captured_at).toBeNull() // authorized, not captured
      expect(payment.data.amountCents).toBe(2824)
      expect(sandboxPayment(payment.data.payOrderId)).toMatchObject({ amount: 2824, status: 2, refundable: 2824 })
    })

    it("BC with the SAVE15 promotion: a sub-cent total charged as its half-up cents", async () => {
      const cart = await sf.cart({ province: "bc", promoCode: store.promoCode })
      // Items 19.99 − 15 % (2.9985) = 16.9915, taxed 12 % = 2.03898; shipping 5.00 + 12 % = 5.60.
      // Medusa's discount_total includes the tax the discount saves: 2.9985 × 1.12 = 3.35832 (27.9888 − 3.35832).
      expect(cart.discount_total).toBe(3.35832)
      expect(cart.total).toBe(24.63048)
      expect(cart.expectedCents).toBe(2463)

      const { session, order, payment } = await paidOrder(cart)
      expect(session.data.amountCents).toBe(2463)
      expect(order.total).toBe(24.63048)
      expect(sandboxPayment(payment.data.payOrderId)).toMatchObject({ amount: 2463, status: 2 })
    })

    it("a taxed cart becomes an order from IOTPay's notify alone when the shopper never returns", async () => {
      const cart = await sf.cart()
      expect(cart.total).toBe(28.2387)
      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.visa) // and closes the tab
      const payOrderId = stack.sandbox.order(session.data.mchOrderNo)!.payOrderId
      expect(sandboxPayment(payOrderId).amount).toBe(2824)

      const [orderId] = await waitFor(async () => {
        const ids = await ordersOfCart(getContainer(), cart.id)
        return ids.length ? ids : null
      }, "the notify to complete the taxed cart")
      // Cart completion links the order before it finishes authorizing the payment.
      const payment = await waitFor(async () => (await orderPayment(orderId)).payment, "the payment")
      expect(payment.amount).toBe(28.2387)
      expect(payment.data.payOrderId).toBe(payOrderId)
      const notified = stack.sandbox.notifications().filter((n) => n.payOrderId === payOrderId)
      expect(notified.some((n) => n.ok && n.body === "SUCCESS")).toBe(true)
    })

    it("three partial refunds summing to the Medusa amount give back exactly the cents charged", async () => {
      const { payment } = await paidOrder(await sf.cart())
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      // 28.2387 / 3 = 9.4129 each; each alone is 941 cents half-up, three of those would leave a cent behind.
      for (let i = 0; i < 3; i++) await api.post(`/admin/payments/${payment.id}/refund`, { amount: 9.4129 }, admin)

      const refunds = refundsAtSandbox(payment.data.payOrderId)
      expect(refunds).toHaveLength(3)
      expect(refunds.every((r) => r.status === 2 && r.payType === "refund")).toBe(true)
      expect(sum(refunds.map((r) => r.amount))).toBe(2824)
      // No refund strays more than a cent from its own half-up amount.
      for (const r of refunds) expect(Math.abs(r.amount - halfUpCents(9.4129))).toBeLessThanOrEqual(1)
      expect(sandboxPayment(payment.data.payOrderId).refundable).toBe(0)

      const { data } = await api.get(`/admin/payments/${payment.id}?fields=+data,*refunds`, admin)
      expect(sum(data.payment.refunds.map((r: { amount: number }) => r.amount))).toBeCloseTo(28.2387, 10)
      expect(data.payment.data.reversals).toHaveLength(3)
    })

    it("a refund of a sub-cent amount (1.005) is sent to IOTPay as 101 cents", async () => {
      const { payment } = await paidOrder(await sf.cart())
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 1.005 }, admin)
      expect(refundsAtSandbox(payment.data.payOrderId).map((r) => r.amount)).toEqual([101])
      expect(sandboxPayment(payment.data.payOrderId).refundable).toBe(2824 - 101)
    })
  },
})
