import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { TEST_WALLET_TOKENS } from "../../src/sandbox"
import { useIotpayStack } from "../helpers/stack"
import { lostChargeGivenBackWhenDropped, lostChargeRecoveredByReconcile } from "../helpers/lost-charge"
import { reversalOutcomes } from "../helpers/reversal-outcomes"
import { useSeededStore } from "../helpers/seeded-store"
import { errorOf } from "../helpers/storefront"

jest.setTimeout(180_000)

// Lost answers must surface within the test: IOTPay's client gives up after this long (headers and body).
process.env.IOTPAY_HTTP_TIMEOUT_MS = "1500"
const stack = useIotpayStack()
const WALLET_PROVIDER = "pp_iotpay-wallet_iotpay"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, orderPayment, medusaMoney } = useSeededStore(
      { api, getContainer },
      { providers: [WALLET_PROVIDER] }
    )

    /** A wallet payment session for `cartId` with an approving `walletType` token. */
    const payWith = (cartId: string, walletType: "ApplePay" | "GooglePay") =>
      sf.paymentSession(cartId, WALLET_PROVIDER, { walletType, walletData: TEST_WALLET_TOKENS.approve.walletData })

    /** A cart paid with an approving `walletType` token and completed; the order and its payment. */
    async function walletOrder(walletType: "ApplePay" | "GooglePay") {
      const cart = await sf.cart()
      await payWith(cart.id, walletType)
      const result = await sf.complete(cart.id)
      if (result.type !== "order") throw new Error(`cart not completed: ${result.error.message}`)
      return { orderId: result.order.id as string, ...(await orderPayment(result.order.id)) }
    }

    for (const walletType of ["ApplePay", "GooglePay"] as const) {
      it(`${walletType}: the wallet token pays when the cart is completed, and canceling voids it`, async () => {
        const cart = await sf.cart()
        const before = stack.sandbox.orders().length
        const session = await sf.paymentSession(cart.id, WALLET_PROVIDER, {
          walletType,
          walletData: TEST_WALLET_TOKENS.approve.walletData,
        })
        // (19.99 + 5.00) × 1.13 Ontario HST = 28.2387 → 2824 cents, half-up
        expect(session.data).toMatchObject({ mode: "wallet", walletType, amountCents: 2824 })
        expect(session.data.payOrderId).toBeUndefined()
        expect(stack.sandbox.orders()).toHaveLength(before) // nothing charged before the cart is completed

        const result = await sf.complete(cart.id)
        expect(result.type).toBe("order")
        const orderId = (result as any).order.id
        const { data } = await api.get(
          `/admin/orders/${orderId}?fields=*payment_collections,*payment_collections.payments`,
          admin
        )
        const payment = data.order.payment_collections[0].payments[0]
        expect(payment.provider_id).toBe(WALLET_PROVIDER)
        // The single-use token is erased once charged.
        expect(JSON.stringify(payment.data)).not.toContain(TEST_WALLET_TOKENS.approve.walletData)
        const atSandbox = stack.sandbox.order(payment.data.payOrderId)!
        expect(atSandbox).toMatchObject({
          amount: 2824,
          status: 2,
          channel: walletType === "ApplePay" ? "CC_CA" : "CC_CG",
        })
        expect(stack.sandbox.orders()).toHaveLength(before + 1)
        // The admin panel shows wallet payments too (pp_iotpay-wallet_*), as IOTPay reports them.
        const panel = await api.get(`/admin/iotpay/orders/${orderId}`, admin)
        expect(panel.data.payments).toHaveLength(1)
        expect(panel.data.payments[0]).toMatchObject({
          providerId: WALLET_PROVIDER,
          statusText: "paid",
          amount: "28.24",
        })

        await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
        expect(stack.sandbox.order(payment.data.payOrderId)!.sandbox.voided).toBe(true)
        expect(stack.sandbox.order(payment.data.payOrderId)!.refundable).toBe(0)
        const voids = stack.sandbox.orders().filter((o) => o.originalOrderId === payment.data.payOrderId)
        expect(voids.map((v) => [v.sandbox.kind, v.amount])).toEqual([["void", 2824]])
        expect((await api.get(`/admin/orders/${orderId}`, admin)).data.order.status).toBe("canceled")
        expect(await medusaMoney(payment.id)).toMatchObject({ canceled: true, captures: [], refunds: [] })
      })

      it(`${walletType}: capture sends nothing, refunds 5.00 then the rest, both sides agree`, async () => {
        const { payment } = await walletOrder(walletType)
        const before = JSON.stringify(stack.sandbox.orders())
        await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
        expect(await medusaMoney(payment.id)).toMatchObject({ amount: 28.2387, captures: [28.2387], refunds: [] })
        expect(JSON.stringify(stack.sandbox.orders())).toBe(before) // a wallet payment is a sale: nothing to send
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 23.2387 }, admin)
        const refunds = stack.sandbox.orders().filter((o) => o.originalOrderId === payment.data.payOrderId)
        expect(refunds.map((r) => [r.sandbox.kind, r.status, r.amount])).toEqual([
          ["refund", 2, 500],
          ["refund", 2, 2324],
        ])
        expect(stack.sandbox.order(payment.data.payOrderId)!.refundable).toBe(0)
        expect((await medusaMoney(payment.id)).refunds).toEqual([5, 23.2387])
      })
    }

    const outcomes = reversalOutcomes({ api, admin, stack, getContainer, medusaMoney })
    const WALLETS = ["ApplePay", "GooglePay"] as const

    it.each(WALLETS)(
      "%s: a refund IOTPay fails keeps no row; a pending one and one whose answer is lost are settled once by the reconcile",
      async (walletType) => {
        const { payment } = await walletOrder(walletType)
        await outcomes.failedPendingAndLostRefunds(payment)
      }
    )

    it.each(WALLETS)(
      "%s: a cancel IOTPay cannot void is recorded owed; the reconcile job voids it once, both sides agree",
      async (walletType) => {
        const { orderId, payment } = await walletOrder(walletType)
        await outcomes.cancelOwedThenVoided(orderId, payment)
      }
    )

    it.each(WALLETS)(
      "%s: a charge whose answer is lost at completion is recovered by the reconcile job: one order, charged once",
      async (walletType) => {
        const cart = await sf.cart()
        await payWith(cart.id, walletType)
        const deps = { stack, getContainer, orderPayment, medusaMoney }
        await lostChargeRecoveredByReconcile(deps, cart.id, () => sf.complete(cart.id), "cc_purchasewithwallet")
      }
    )

    it.each(WALLETS)(
      "%s: a charge whose answer is lost, then the shopper starts over: the charge is given back once, no order",
      async (walletType) => {
        const cart = await sf.cart()
        await payWith(cart.id, walletType)
        const deps = { stack, getContainer, orderPayment, medusaMoney }
        const complete = () => sf.complete(cart.id)
        const startOver = () => payWith(cart.id, walletType)
        await lostChargeGivenBackWhenDropped(deps, cart.id, complete, "cc_purchasewithwallet", startOver)
      }
    )

    it("a declined wallet token: completing the cart fails with a clear error, the cart stays open, a retry pays", async () => {
      const cart = await sf.cart()
      await sf.paymentSession(cart.id, WALLET_PROVIDER, {
        walletType: "ApplePay",
        walletData: TEST_WALLET_TOKENS.decline.walletData,
      })
      const declined = await sf
        .complete(cart.id)
        .catch((e: any) => ({ type: "error", status: e.response.status, error: e.response.data }))
      expect(declined.type).not.toBe("order")
      expect(JSON.stringify(declined)).toMatch(/IOTPay declined payment .*nothing was charged/)
      await sf.paymentSession(cart.id, WALLET_PROVIDER, {
        walletType: "ApplePay",
        walletData: TEST_WALLET_TOKENS.approve.walletData,
      })
      expect((await sf.complete(cart.id)).type).toBe("order")
    })

    it("missing or malformed wallet data: a clear error, and nothing is sent to IOTPay", async () => {
      const cart = await sf.cart()
      const before = stack.sandbox.orders().length
      for (const [data, message] of [
        [{ walletData: TEST_WALLET_TOKENS.approve.walletData }, /data\.walletType must be "ApplePay" or "GooglePay"/],
        [{ walletType: "SamsungPay", walletData: TEST_WALLET_TOKENS.approve.walletData }, /data\.walletType/],
        [{ walletType: "GooglePay" }, /data\.walletData is required/],
        [{ walletType: "GooglePay", walletData: "not base64!" }, /data\.walletData must be base64/],
      ] as const) {
        const refused = await errorOf(sf.paymentSession(cart.id, WALLET_PROVIDER, data))
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(message)
        expect(refused.data.message).toMatch(/Nothing was charged/)
      }
      expect(stack.sandbox.orders()).toHaveLength(before)
    })
  },
})
