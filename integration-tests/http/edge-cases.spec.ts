import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { STOREFRONT, useIotpayStack } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"

jest.setTimeout(180_000)

// Short gateway timeouts so the "answer never comes" fault turns into an unknown outcome quickly.
process.env.IOTPAY_HTTP_TIMEOUT_MS = "1500"
const stack = useIotpayStack()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin } = useSeededStore({ api, getContainer })

    it("tells the shopper a declined card was declined, keeps the cart open, and a new attempt with a good card succeeds", async () => {
      const cart = await sf.cart()
      const first = await sf.payWithIotpay(cart.id)
      const back = await payOnHostedPage(first.data.redirectUrl, CARDS.declined)
      expect(back.searchParams.get("retCode")).toBe("FAIL")
      const failed = await sf.complete(cart.id).catch((e: any) => e.response?.data)
      expect(failed.type ?? "error").not.toBe("order")
      expect(JSON.stringify(failed)).toMatch(/declined/i)

      const second = await sf.payWithIotpay(cart.id)
      expect(second.data.mchOrderNo).not.toBe(first.data.mchOrderNo)
      await payOnHostedPage(second.data.redirectUrl, CARDS.visa)
      const done = await sf.complete(cart.id)
      expect(done.type).toBe("order")
    })

    it("refuses a non-CAD cart at initiate with a clear error and sends nothing to IOTPay", async () => {
      const usRegion = (await getContainer().resolve(Modules.REGION).listRegions({ currency_code: "usd" }))[0]
      const cart = await sf.cart({ regionId: usRegion.id })
      const before = stack.sandbox.orders().length
      const error = await sf.payWithIotpay(cart.id).catch((e: any) => e.response)
      expect(error.status).toBe(400)
      expect(error.data.message).toMatch(/USD/i)
      expect(error.data.message).toMatch(/CAD/)
      expect(stack.sandbox.orders()).toHaveLength(before)
    })

    it("sends amounts to IOTPay in exact cents: 19.99 → 1999 and 0.01 → 1", async () => {
      const payment = getContainer().resolve(Modules.PAYMENT)
      for (const [amount, cents] of [
        [19.99, 1999],
        [0.01, 1],
        [1234.56, 123456],
      ] as const) {
        const collection = await payment.createPaymentCollections({ currency_code: "cad", amount })
        const session = await payment.createPaymentSession(collection.id, {
          provider_id: "pp_iotpay_iotpay",
          currency_code: "cad",
          amount,
          data: { return_url: `${STOREFRONT}/return` },
        })
        expect(stack.sandbox.order(session.data.mchOrderNo as string)!.amount).toBe(cents)
      }
    })

    it("recovers from a refund whose answer never came: queries by the same number, refunds exactly once", async () => {
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.visa)
      const result = await sf.complete(cart.id)
      if (result.type !== "order") throw new Error(result.error.message)
      const { data } = await api.get(`/admin/orders/${result.order.id}?fields=*payment_collections.payments`, admin)
      const paymentId = data.order.payment_collections[0].payments[0].id
      const payOrderId = data.order.payment_collections[0].payments[0].data.payOrderId
      await api.post(`/admin/payments/${paymentId}/capture`, {}, admin)

      const fault = await fetch(`${stack.sandbox.url}/_sandbox/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ endpoint: "cc_refund", commitThenHang: true, times: 1 }),
      })
      expect(fault.status).toBe(200)
      const refund = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 7.5 }, admin)
      expect(refund.status).toBe(200)
      const refunds = stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId)
      expect(refunds.map((r) => r.amount)).toEqual([750])
      expect(stack.sandbox.order(payOrderId)!.refundable).toBe(2824 - 750) // 28.2387 (Ontario HST) → 2824 cents

      // A second, different refund still works and is separate.
      await api.post(`/admin/payments/${paymentId}/refund`, { amount: 1 }, admin)
      expect(
        stack.sandbox
          .orders()
          .filter((o) => o.originalOrderId === payOrderId)
          .map((r) => r.amount)
          .sort()
      ).toEqual([100, 750])
    })
  },
})
