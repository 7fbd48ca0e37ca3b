import type { RunningSandbox } from "../../src/sandbox"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { notifyFields, signed } from "../helpers/notify"
import { MERCHANT } from "../helpers/stack"
import type { Storefront } from "../helpers/storefront"

export type PaidCart = { cartId: string; payOrderId: string; body: Record<string, unknown> }

/**
 * `count` carts the shopper paid on the hosted page, one after another, each with the signed notify IOTPay would send.
 * The sandbox does not deliver it (CARDS.noNotify): the fault tests deliver it themselves, at the moment under test.
 */
export async function paidCartsAwaitingNotify(sf: Storefront, sandbox: RunningSandbox, count: number) {
  const paid: PaidCart[] = []
  for (let i = 0; i < count; i++) {
    const cart = await sf.cart()
    const session = await sf.payWithIotpay(cart.id)
    await payOnHostedPage(session.data.redirectUrl, CARDS.noNotify)
    const payOrderId = sandbox.order(session.data.mchOrderNo)!.payOrderId
    paid.push({ cartId: cart.id, payOrderId, body: signed(notifyFields(sandbox, payOrderId), MERCHANT.secretKey) })
  }
  return paid
}
