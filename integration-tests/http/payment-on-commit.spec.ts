// No IOTPay order before "Place order": a storefront that creates the payment session as soon as the shopper picks
// IOTPay (Medusa's Next.js starter sends { provider_id } only) opens nothing at IOTPay; the hosted page or the QR
// code is created when the shopper commits (the session with data.return_url), exactly one per attempt.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { STOREFRONT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"
import { errorOf } from "../helpers/storefront"

jest.setTimeout(180_000)

const stack = useIotpayStack()
const CARD = "pp_iotpay_iotpay"
const WECHAT = "pp_iotpay-wechat_iotpay"
const RETURN = { return_url: `${STOREFRONT}/checkout/iotpay-return` }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf } = useSeededStore({ api, getContainer }, { providers: [WECHAT] })
    const cardPayments = () => stack.sandbox.orders().filter((o) => o.sandbox.kind === "payment")
    const v1Payments = () => stack.sandbox.v1.orders().flatMap((o) => ("mchOrderNo" in o ? [o] : []))

    it("card: picking IOTPay opens nothing; Place order opens one hosted page; a decline and a retry open one more", async () => {
      const before = cardPayments().length
      const cart = await sf.cart()

      // The starter's payment step: the session with the provider id only.
      const picked = await sf.paymentSession(cart.id, CARD, {})
      expect(picked.data).toMatchObject({ mode: "hosted", attempt: 0, amountCents: 2824 })
      expect(picked.data.redirectUrl).toBeUndefined()
      expect(picked.data.mchOrderNo).toBeUndefined()
      expect(cardPayments()).toHaveLength(before)
      // Completing it says the payment was never started, and still nothing is sent.
      const early = await errorOf(sf.complete(cart.id))
      expect(JSON.stringify(early.data)).toMatch(/has not been started: nothing was sent to IOTPay/)
      expect(await ordersOfCart(getContainer(), cart.id)).toEqual([])
      expect(cardPayments()).toHaveLength(before)

      // "Place order": the session with the return URL opens exactly one IOTPay payment; the shopper is declined.
      const first = await sf.paymentSession(cart.id, CARD, RETURN)
      expect(
        cardPayments()
          .map((o) => o.mchOrderNo)
          .slice(before)
      ).toEqual([first.data.mchOrderNo])
      await payOnHostedPage(first.data.redirectUrl, CARDS.declined)
      const declined = await sf.complete(cart.id)
      expect(declined.type).toBe("cart")

      // Pressing it again: one more IOTPay payment, paid; one order.
      const retry = await sf.paymentSession(cart.id, CARD, RETURN)
      expect(
        cardPayments()
          .map((o) => o.mchOrderNo)
          .slice(before)
      ).toEqual([first.data.mchOrderNo, retry.data.mchOrderNo])
      await payOnHostedPage(retry.data.redirectUrl, CARDS.visa)
      expect((await sf.complete(cart.id)).type).toBe("order")
      expect(await ordersOfCart(getContainer(), cart.id)).toHaveLength(1)
      expect(cardPayments()).toHaveLength(before + 2)
    })

    it("WeChat Pay: picking it opens no QR code; Place order opens one, paid in the wallet; one order", async () => {
      const before = v1Payments().length
      const cart = await sf.cart()
      const picked = await sf.paymentSession(cart.id, WECHAT, {})
      expect(picked.data).toMatchObject({ mode: "v1", attempt: 0, amountCents: 2824 })
      expect(picked.data.codeUrl).toBeUndefined()
      expect(v1Payments()).toHaveLength(before)

      const committed = await sf.paymentSession(cart.id, WECHAT, RETURN)
      expect(committed.data.codeUrl).toMatch(/^weixin:\/\//)
      expect(
        v1Payments()
          .map((o) => o.mchOrderNo)
          .slice(before)
      ).toEqual([committed.data.mchOrderNo])
      stack.sandbox.v1.act(committed.data.mchOrderNo, "approve")
      const orders = await waitFor(async () => {
        const ids = await ordersOfCart(getContainer(), cart.id)
        return ids.length ? ids : null
      }, "the order IOTPay's notify makes")
      expect(orders).toHaveLength(1)
      expect(v1Payments()).toHaveLength(before + 1)
    })
  },
})
