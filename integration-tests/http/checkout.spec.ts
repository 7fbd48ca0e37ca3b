import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { MERCHANT, STOREFRONT, useIotpayStack } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"

jest.setTimeout(180_000)

const stack = useIotpayStack()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, paidOrder, medusaMoney } = useSeededStore({ api, getContainer })

    const sandboxPayment = (payOrderId: string) => stack.sandbox.order(payOrderId)!

    it("checks out through the hosted page: redirect, pay, return, complete → order with an authorized payment", async () => {
      const cart = await sf.cart()
      expect(cart.currency_code).toBe("cad")
      const session = await sf.payWithIotpay(cart.id)
      expect(session.data.redirectUrl.startsWith(`${stack.sandbox.url}/hosted/pay/`)).toBe(true)
      expect(session.data.secureId).toMatch(/^[0-9a-f]{64}$/)
      expect(cart.total).toBe(28.2387) // (19.99 + 5.00 shipping) × 1.13 Ontario HST: Medusa does not round
      expect(session.data.amountCents).toBe(2824) // 28.2387 → the nearest cent, half-up
      expect(JSON.stringify(session.data)).not.toContain(MERCHANT.secretKey)

      const back = await payOnHostedPage(session.data.redirectUrl, CARDS.visa)
      expect(`${back.origin}${back.pathname}`).toBe(`${STOREFRONT}/checkout/iotpay-return`)
      expect(back.searchParams.get("retCode")).toBe("SUCCESS")
      expect(back.searchParams.get("mchOrderNo")).toBe(session.data.mchOrderNo)

      const result = await sf.complete(cart.id)
      expect(result.type).toBe("order")
      const { data } = await api.get(
        `/admin/orders/${(result as any).order.id}?fields=*payment_collections,*payment_collections.payments`,
        admin
      )
      const payment = data.order.payment_collections[0].payments[0]
      expect(payment.provider_id).toBe("pp_iotpay_iotpay")
      expect(payment.captured_at).toBeNull()
      expect(payment.data.payOrderId).toMatch(/^PC/)
      expect(payment.data.cardNum).toBe("424242******4242")
      const atSandbox = sandboxPayment(payment.data.payOrderId)
      expect(atSandbox.amount).toBe(2824)
      expect(atSandbox.status).toBe(2)
      expect(atSandbox.sandbox.mchUserId).toBeDefined()
    })

    // The payment is 28.2387 in Medusa, 2824 cents at IOTPay.
    it("captures, refunds 5.00 then 3.99, and refuses a third refund above what is left", async () => {
      const { order, payment } = await paidOrder()
      const before = JSON.stringify(stack.sandbox.orders())
      const captured = await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(captured.data.payment.captured_at).not.toBeNull()
      // An IOTPay card payment is a sale: Medusa records the whole amount captured, and nothing is sent to IOTPay.
      expect(await medusaMoney(payment.id)).toMatchObject({ amount: 28.2387, captures: [28.2387], refunds: [] })
      expect(JSON.stringify(stack.sandbox.orders())).toBe(before)

      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 3.99 }, admin)
      expect((await medusaMoney(payment.id)).refunds).toEqual([5, 3.99])
      const atSandbox = sandboxPayment(payment.data.payOrderId)
      expect(atSandbox.refundable).toBe(2824 - 500 - 399)
      const refunds = stack.sandbox.orders().filter((o) => o.originalOrderId === payment.data.payOrderId)
      expect(refunds.map((r) => r.amount).sort()).toEqual([399, 500])
      expect(refunds.every((r) => r.payType === "refund" && r.status === 2)).toBe(true)

      const { data } = await api.get(`/admin/payments/${payment.id}?fields=+data`, admin)
      expect(data.payment.data.payOrderId).toBe(payment.data.payOrderId)
      expect(data.payment.data.reversals).toHaveLength(2)

      // Medusa has 28.2387 − 8.99 = 19.2487 left, IOTPay 1925 cents (19.25).
      const tooMuch = await api
        .post(`/admin/payments/${payment.id}/refund`, { amount: 19.2587 }, admin)
        .catch((e: any) => e.response)
      expect(tooMuch.status).toBe(400)
      // One cent over: Medusa's own guard lets it through, the plugin refuses it before calling IOTPay.
      expect(tooMuch.data.message).toMatch(/only 19\.25 CAD is left to refund\. Nothing was sent to IOTPay/)
      expect(sandboxPayment(payment.data.payOrderId).refundable).toBe(1925)
      expect(stack.sandbox.orders().filter((o) => o.originalOrderId === payment.data.payOrderId)).toHaveLength(2)
      expect((await medusaMoney(payment.id)).refunds).toEqual([5, 3.99]) // no refund row for the refused one

      const panel = await api.get(`/admin/iotpay/orders/${order.id}`, admin)
      expect(panel.data.payments).toHaveLength(1)
      expect(panel.data.payments[0]).toMatchObject({
        payOrderId: payment.data.payOrderId,
        statusText: "paid",
        amount: "28.24",
        refundable: "19.25",
        currency: "CAD",
        cardNum: "424242******4242",
        cardType: "V",
      })
      expect(panel.data.payments[0].reversals.map((r: any) => [r.kind, r.amount, r.statusText])).toEqual([
        ["refund", "5.00", "success"],
        ["refund", "3.99", "success"],
      ])
      const anonymous = await api.get(`/admin/iotpay/orders/${order.id}`).catch((e: any) => e.response)
      expect(anonymous.status).toBe(401)

      // Exactly what is left still goes through.
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 19.2487 }, admin)
      expect(sandboxPayment(payment.data.payOrderId).refundable).toBe(0)
      expect((await medusaMoney(payment.id)).refunds).toEqual([5, 3.99, 19.2487])
      const after = await api.get(`/admin/iotpay/orders/${order.id}`, admin)
      expect(after.data.payments[0]).toMatchObject({ statusText: "fully refunded", refundable: "0.00" })
    })

    it("cancels an uncaptured order with cc_void at IOTPay", async () => {
      const { order, payment } = await paidOrder()
      await api.post(`/admin/orders/${order.id}/cancel`, {}, admin)
      const atSandbox = sandboxPayment(payment.data.payOrderId)
      expect(atSandbox.sandbox.voided).toBe(true)
      expect(atSandbox.refundable).toBe(0)
      const voids = stack.sandbox.orders().filter((o) => o.originalOrderId === payment.data.payOrderId)
      expect(voids).toHaveLength(1)
      expect(voids[0].sandbox.kind).toBe("void")
      expect(voids[0].amount).toBe(2824)
      const { data } = await api.get(`/admin/orders/${order.id}`, admin)
      expect(data.order.status).toBe("canceled")
      expect(await medusaMoney(payment.id)).toMatchObject({ canceled: true, captures: [], refunds: [] })
      const panel = await api.get(`/admin/iotpay/orders/${order.id}`, admin)
      expect(panel.data.payments[0]).toMatchObject({ statusText: "voided", refundable: "0.00" })
      expect(panel.data.payments[0].reversals.map((r: any) => [r.kind, r.amount])).toEqual([["void", "28.24"]])
    })

    it("cancels a settled order with a full refund, since IOTPay can no longer void it", async () => {
      const { order, payment } = await paidOrder()
      stack.sandbox.settle(payment.data.payOrderId)
      await api.post(`/admin/orders/${order.id}/cancel`, {}, admin)
      const atSandbox = sandboxPayment(payment.data.payOrderId)
      expect(atSandbox.sandbox.voided).toBeFalsy()
      expect(atSandbox.refundable).toBe(0)
      const reversals = stack.sandbox.orders().filter((o) => o.originalOrderId === payment.data.payOrderId)
      expect(reversals).toHaveLength(1)
      expect(reversals[0].sandbox.kind).toBe("refund")
      expect(reversals[0].amount).toBe(2824)
      const { data } = await api.get(`/admin/orders/${order.id}`, admin)
      expect(data.order.status).toBe("canceled")
      expect(await medusaMoney(payment.id)).toMatchObject({ canceled: true, captures: [], refunds: [] })
    })
  },
})
