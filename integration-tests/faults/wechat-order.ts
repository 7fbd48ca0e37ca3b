import type { MedusaContainer } from "@medusajs/framework/types"
import type { RunningSandbox } from "../../src/sandbox"
import { STOREFRONT, ordersOfCart, waitFor } from "../helpers/stack"
import type { Storefront } from "../helpers/storefront"

export const WECHAT = "pp_iotpay-wechat_iotpay"

/**
 * A WeChat Pay order as a shopper makes one: a v1 payment session, the shopper approves in the wallet, and IOTPay's
 * notify makes the order (there is no cart completion to call). Returns the order and its payment as `orderPayment`
 * (useSeededStore's) shows them, once the payment is there (the order can be visible a moment before it).
 */
export async function paidWechatOrder<T extends { payment?: unknown }>(
  sf: Storefront,
  sandbox: RunningSandbox,
  getContainer: () => MedusaContainer,
  orderPayment: (orderId: string) => Promise<T>
) {
  const cart = await sf.cart()
  const session = await sf.paymentSession(cart.id, WECHAT, { return_url: `${STOREFRONT}/checkout/iotpay-return` })
  sandbox.v1.act(session.data.mchOrderNo, "approve")
  const [orderId] = await waitFor(async () => {
    const ids = await ordersOfCart(getContainer(), cart.id)
    return ids.length ? ids : null
  }, "the order the v1 notify makes")
  return waitFor<T>(
    () =>
      orderPayment(orderId).then(
        (o) => (o.payment ? o : null),
        () => null
      ),
    "the payment of that order"
  )
}
