// WeChat Pay, Alipay and UnionPay in USD (a US merchant's provider entry) and CNY (on the channels IOTPay takes it
// on), on Medusa regions priced in those currencies: pay, refund and cancel, each at IOTPay in the payment's own
// currency; a currency the entry or IOTPay does not take is refused before anything is sent. Real Medusa, sandbox.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { actOnV1Page } from "../../src/sandbox"
import { addPaymentProviders, seedWalletRegions } from "../../scripts/seed-wallet-regions"
import { useSeededStore } from "../helpers/seeded-store"
import { ordersOfCart, STOREFRONT, useIotpayStack, waitFor } from "../helpers/stack"
import { errorOf, halfUpCents } from "../helpers/storefront"

jest.setTimeout(180_000)

const stack = useIotpayStack()
const SHOPPER = { return_url: `${STOREFRONT}/checkout/iotpay-return`, device: "desktop" }
const WALLETS = (entry: string) => ["wechat", "alipay", "unionpay"].map((w) => `pp_iotpay-${w}_${entry}`)
const [WECHAT, ALIPAY, UNIONPAY] = WALLETS("iotpay")
const [US_WECHAT, US_ALIPAY] = WALLETS("iotpay-us")

// Set before Medusa boots (medusa-config reads them): this entry settles CAD and CNY; "iotpay-us" is a US merchant's.
beforeAll(() => {
  process.env.IOTPAY_CURRENCIES = "CAD,CNY"
  process.env.IOTPAY_EXTRA_PROVIDERS = JSON.stringify([{ id: "iotpay-us", currencies: ["USD"] }])
})
afterAll(() => {
  delete process.env.IOTPAY_CURRENCIES
  delete process.env.IOTPAY_EXTRA_PROVIDERS
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, orderPayment, medusaMoney } = useSeededStore({ api, getContainer })
    const regions = { usd: "", cny: "" }
    beforeAll(async () => {
      const seeded = await seedWalletRegions(getContainer(), { usd: WALLETS("iotpay-us"), cny: WALLETS("iotpay") })
      Object.assign(regions, { usd: seeded.usdRegionId, cny: seeded.cnyRegionId })
      // Offered where they must refuse (Medusa itself refuses a provider its region does not offer).
      await addPaymentProviders(getContainer(), seeded.usdRegionId, [WECHAT])
      await addPaymentProviders(getContainer(), seeded.cnyRegionId, [US_ALIPAY])
    })

    const refundsAt = (payOrderId: string) =>
      stack.sandbox.v1
        .orders()
        .filter((o: any) => o.sandbox.kind === "refund" && o.payOrderId === payOrderId)
        .map((r: any) => [r.refundAmount, r.currency])

    /** A cart in `currency`'s region paid with `provider` (the shopper approves on the QR or cashier) → its order. */
    async function paidOrder(currency: "usd" | "cny", provider: string) {
      const cart = await sf.cart({ regionId: regions[currency] })
      const session = await sf.paymentSession(cart.id, provider, SHOPPER)
      expect(session.data).toMatchObject({ currency: currency.toUpperCase(), amountCents: cart.expectedCents })
      if (session.data.codeUrl) {
        stack.sandbox.v1.act(session.data.mchOrderNo, "approve") // the order comes from the notify
      } else {
        await actOnV1Page(session.data.redirectUrl, "approve")
        expect((await sf.complete(cart.id)).type).toBe("order")
      }
      const [orderId] = await waitFor(async () => {
        const ids = await ordersOfCart(getContainer(), cart.id)
        return ids.length ? ids : null
      }, "the order")
      // The cart's order link is written before the payment is linked to the order: both are waited for.
      const payment = await waitFor(async () => (await orderPayment(orderId).catch(() => null))?.payment, "its payment")
      const atIotpay = stack.sandbox.v1.order(payment.data.payOrderId) as { currency?: string; amount?: number }
      expect([payment.provider_id, payment.currency_code, atIotpay.currency, atIotpay.amount]).toEqual([
        provider,
        currency,
        currency.toUpperCase(),
        halfUpCents(cart.total),
      ])
      return { cart, orderId, payment }
    }

    it("USD through a US merchant's entry: WeChat QR paid, refunded in part in USD, the rest refused clearly", async () => {
      const { orderId, payment, cart } = await paidOrder("usd", US_WECHAT)
      const left = halfUpCents(cart.total) - 1001
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 10.005 }, admin) // half-up: 1001 cents
      // A cent more than is left (Medusa lets it through; IOTPay would refund at most what is left).
      const over = Number((cart.total - 10.005 + 0.01).toFixed(4))
      const tooMuch = await errorOf(api.post(`/admin/payments/${payment.id}/refund`, { amount: over }, admin))
      expect(tooMuch.data.message).toContain(
        `only ${(left / 100).toFixed(2)} USD is left to refund. Nothing was sent to IOTPay.`
      )
      const panel = await api.get(`/admin/iotpay/orders/${orderId}`, admin)
      expect(panel.data.payments[0]).toMatchObject({ currency: "USD", refundable: (left / 100).toFixed(2) })
      expect(refundsAt(payment.data.payOrderId)).toEqual([[1001, "USD"]])
      expect((await medusaMoney(payment.id)).refunds).toEqual([10.005])
    })

    it("CNY: WeChat QR refunded in part; Alipay and UnionPay canceled by the admin, all in CNY at IOTPay", async () => {
      const wechat = await paidOrder("cny", WECHAT)
      await api.post(`/admin/payments/${wechat.payment.id}/capture`, {}, admin)
      await api.post(`/admin/payments/${wechat.payment.id}/refund`, { amount: 88.88 }, admin)
      expect(refundsAt(wechat.payment.data.payOrderId)).toEqual([[8888, "CNY"]])
      for (const provider of [ALIPAY, UNIONPAY]) {
        const { orderId, payment, cart } = await paidOrder("cny", provider)
        await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
        expect([provider, refundsAt(payment.data.payOrderId)]).toEqual([provider, [[halfUpCents(cart.total), "CNY"]]])
        expect(await medusaMoney(payment.id)).toMatchObject({ canceled: true, refunds: [] })
      }
    })

    it("USD: admin Cancel of a US entry's Alipay order returns everything in one USD refund", async () => {
      const { orderId, payment, cart } = await paidOrder("usd", US_ALIPAY)
      await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
      expect(refundsAt(payment.data.payOrderId)).toEqual([[halfUpCents(cart.total), "USD"]])
    })

    it("refuses before anything is sent: USD on an entry set up for CAD and CNY, and CNY on a US entry", async () => {
      const before = stack.sandbox.v1.orders().length
      const usdCart = await sf.cart({ regionId: regions.usd })
      const usd = await errorOf(sf.paymentSession(usdCart.id, WECHAT, SHOPPER))
      expect(usd.status).toBe(400)
      expect(usd.data.message).toBe(
        `IOTPay WeChat Pay can't take a payment in USD on WX_NATIVE: this provider entry's "currencies" option is ` +
          `["CAD","CNY"]; add "USD" to it if your IOTPay merchant account settles USD, or price this region in CAD ` +
          `or CNY. Nothing was sent to IOTPay.`
      )
      const cnyCart = await sf.cart({ regionId: regions.cny })
      const cny = await errorOf(sf.paymentSession(cnyCart.id, US_ALIPAY, SHOPPER))
      expect(cny.status).toBe(400)
      expect(cny.data.message).toMatch(/^IOTPay Alipay can't take a payment in CNY on ALIPAY_PC: .*\["USD"\]/)
      expect(stack.sandbox.v1.orders()).toHaveLength(before)
    })
  },
})
