import type { MedusaContainer } from "@medusajs/framework/types"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import type { RunningSandbox } from "../../src/sandbox"
import { ordersOfCart, waitFor } from "./stack"

type Deps = {
  stack: { sandbox: RunningSandbox }
  getContainer: () => MedusaContainer
  orderPayment: (orderId: string) => Promise<{ payment: { id: string; data: Record<string, any> } }>
  medusaMoney: (paymentId: string) => Promise<{ amount: number; captures: number[]; refunds: number[] }>
}

type Endpoint = "cc_purchasewithtoken" | "cc_purchasewithwallet"

/**
 * A saved-card or wallet charge (sent when the cart is completed, `endpoint`) whose answer is lost: IOTPay commits it
 * and hangs, and the confirming cc_query fails too, so completion cannot know and makes no order. IOTPay's record.
 */
async function loseChargeAnswer(
  { stack, getContainer }: Deps,
  cartId: string,
  complete: () => Promise<{ type: string }>,
  endpoint: Endpoint
) {
  const known = new Set(stack.sandbox.orders().map((o) => o.payOrderId))
  const newOrders = () => stack.sandbox.orders().filter((o) => !known.has(o.payOrderId))
  stack.sandbox.addFault({ endpoint, commitThenHang: true, times: 1 })
  const completing = complete().catch((e: any) => ({ type: "error", status: e.response?.status }))
  // Once IOTPay has committed the charge (and hangs until the client gives up), its cc_query fails too.
  await waitFor(async () => newOrders().length === 1, "IOTPay to commit the charge", 10_000, 20)
  stack.sandbox.addFault({ endpoint: "cc_query", systemError: true, times: 0 })
  let first: { type: string }
  try {
    first = await completing
  } finally {
    stack.sandbox.clearFaults()
  }
  expect(first.type).not.toBe("order")
  expect(await ordersOfCart(getContainer(), cartId)).toEqual([])
  const [charged, ...more] = newOrders()
  expect(more).toEqual([]) // one charge
  expect(charged).toMatchObject({ amount: 2824, status: 2, refundable: 2824 })
  return charged
}

/**
 * The reconcile job asks IOTPay about a charge whose answer was lost, finds it paid and makes one order: IOTPay
 * charged 2824 cents once, and Medusa's payment holds them (28.2387 CAD, nothing captured or refunded). A second run
 * changes nothing.
 */
export async function lostChargeRecoveredByReconcile(
  deps: Deps,
  cartId: string,
  complete: () => Promise<{ type: string }>,
  endpoint: Endpoint
) {
  const { stack, getContainer, orderPayment, medusaMoney } = deps
  const before = stack.sandbox.orders().length
  const charged = await loseChargeAnswer(deps, cartId, complete, endpoint)

  expect(await reconcileIotpayPayments(getContainer())).toMatchObject({ recovered: 1 })
  const [orderId] = await waitFor(async () => {
    const ids = await ordersOfCart(getContainer(), cartId)
    return ids.length ? ids : null
  }, "the reconcile job to complete the cart")
  const { payment } = await waitFor(
    async () => (await orderPayment(orderId).catch(() => null))?.payment && orderPayment(orderId),
    "the recovered order's payment"
  )
  expect(payment.data.payOrderId).toBe(charged.payOrderId)
  expect(await medusaMoney(payment.id)).toMatchObject({ amount: 28.2387, captures: [], refunds: [] })
  expect(stack.sandbox.orders()).toHaveLength(before + 1) // charged once, never again

  expect(await reconcileIotpayPayments(getContainer())).toMatchObject({ recovered: 0 })
  expect(await ordersOfCart(getContainer(), cartId)).toEqual([orderId])
  return { orderId, payment }
}

/**
 * A charge whose answer was lost, then the storefront starts over with a new session (the old one is deleted): the
 * paid charge can never become an order, so its 2824 cents go back to the shopper in one void, and a reconcile run
 * moves nothing more. Medusa makes no order of the cart.
 */
export async function lostChargeGivenBackWhenDropped(
  deps: Deps,
  cartId: string,
  complete: () => Promise<{ type: string }>,
  endpoint: Endpoint,
  startOver: () => Promise<unknown>
) {
  const { stack, getContainer } = deps
  const { payOrderId } = await loseChargeAnswer(deps, cartId, complete, endpoint)
  await startOver()
  await reconcileIotpayPayments(getContainer())
  await reconcileIotpayPayments(getContainer(), new Date(Date.now() + 60 * 60_000)) // nothing left to send
  const reversals = stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId)
  expect(reversals.map((r) => [r.sandbox.kind, r.status, r.amount])).toEqual([["void", 2, 2824]])
  expect(stack.sandbox.order(payOrderId)!.refundable).toBe(0)
  expect(await ordersOfCart(getContainer(), cartId)).toEqual([])
}
