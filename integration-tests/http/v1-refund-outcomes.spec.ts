import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { actOnV1Page } from "../../src/sandbox"
import { STOREFRONT, useIotpayStack } from "../helpers/stack"
import { panelReversals } from "../helpers/panel"
import { useSeededStore } from "../helpers/seeded-store"

jest.setTimeout(180_000)

const stack = useIotpayStack()
const ALIPAY = "pp_iotpay-alipay_iotpay"
const WECHAT = "pp_iotpay-wechat_iotpay"
const UNIONPAY = "pp_iotpay-unionpay_iotpay"
/** The three v1 wallets: one v1 refund engine, so every outcome is asserted for each. */
const WALLETS = [
  ["WeChat Pay", WECHAT],
  ["Alipay", ALIPAY],
  ["UnionPay", UNIONPAY],
]

/**
 * v1 refunds that do not succeed at once (issue 21), through the admin API, both sides checked: IOTPay's cents at the
 * sandbox (its `resultStatus` fault on refund_order: 1 pending, 3 failed) and what Medusa recorded (refund rows, the
 * order's IOTPay panel).
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, orderPayment, medusaMoney } = useSeededStore(
      { api, getContainer },
      { providers: [ALIPAY, WECHAT, UNIONPAY] }
    )

    /**
     * A v1 payment of 28.24 the shopper approved (WeChat by scanning its QR, Alipay's desktop cashier and UnionPay by
     * their redirect page) and the admin captured, and its order.
     */
    async function v1Order(provider: string) {
      const cart = await sf.cart()
      const session = await sf.paymentSession(cart.id, provider, {
        return_url: `${STOREFRONT}/checkout/iotpay-return`,
        client_ip: "203.0.113.7",
        ...(provider === ALIPAY ? { device: "desktop" } : {}),
      })
      if (provider === WECHAT) stack.sandbox.v1.act(session.data.mchOrderNo, "approve")
      else await actOnV1Page(session.data.redirectUrl, "approve")
      const result = await sf.complete(cart.id)
      if (result.type !== "order") throw new Error(`cart not completed: ${result.error.message}`)
      const paid = await orderPayment(result.order.id)
      expect(paid.payment.provider_id).toBe(provider)
      await api.post(`/admin/payments/${paid.payment.id}/capture`, {}, admin)
      return paid
    }
    const atSandbox = (payOrderId: string) => ({
      refunded: stack.sandbox.v1.order(payOrderId)!.sandbox.refunded,
      refunds: stack.sandbox.v1
        .orders()
        .filter((o) => o.sandbox.kind === "refund" && (o as { payOrderId?: string }).payOrderId === payOrderId)
        .map((r) => [(r as { refundAmount: number }).refundAmount, r.status]),
    })
    const panelOf = (orderId: string) => panelReversals(api, admin, orderId)

    it.each(WALLETS)(
      "%s: a refund IOTPay leaves pending: Medusa's refund row, the money reserved, settled by the reconcile",
      async (_name, provider) => {
        const { order, payment } = await v1Order(provider)
        stack.sandbox.addFault({ endpoint: "refund_order", resultStatus: 1 })
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
        expect(atSandbox(payment.data.payOrderId)).toEqual({ refunded: 500, refunds: [[500, 1]] })
        expect((await medusaMoney(payment.id)).refunds).toEqual([5])
        expect(await panelOf(order.id)).toEqual([["5.00", "pending"]])

        const [refund] = stack.sandbox.v1
          .orders()
          .filter(
            (o) => o.sandbox.kind === "refund" && (o as { payOrderId?: string }).payOrderId === payment.data.payOrderId
          )
        stack.sandbox.v1.settleRefund((refund as { mchRefundNo: string }).mchRefundNo, 2)
        await reconcileIotpayPayments(getContainer())
        expect(await panelOf(order.id)).toEqual([["5.00", "success"]])
        expect(atSandbox(payment.data.payOrderId)).toEqual({ refunded: 500, refunds: [[500, 2]] })
        expect((await medusaMoney(payment.id)).refunds).toEqual([5])
      }
    )

    it.each(WALLETS)(
      "%s: a refund IOTPay fails: nothing moved at IOTPay, and Medusa records no refund",
      async (_name, provider) => {
        const { order, payment } = await v1Order(provider)
        stack.sandbox.addFault({ endpoint: "refund_order", resultStatus: 3 })
        const answer = await api
          .post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
          .catch((e: { response: unknown }) => e.response)
        expect(atSandbox(payment.data.payOrderId)).toEqual({ refunded: 0, refunds: [[500, 3]] })
        expect({
          status: answer.status,
          message: answer.data?.message,
          refunds: (await medusaMoney(payment.id)).refunds,
        }).toEqual({
          status: 400,
          message: expect.stringMatching(/^IOTPay reports the refund \S+ FAILED \(status 3\)/),
          refunds: [],
        })
        expect(await panelOf(order.id)).toEqual([["5.00", "failed"]])
      }
    )
  },
})
