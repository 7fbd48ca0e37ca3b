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

/**
 * A saved-card or wallet charge (sent when the cart is completed, `endpoint`) whose answer is lost: IOTPay commits it
 * and hangs, and the confirming cc_query fails too, so completion cannot know and makes no order. The reconcile job
 * then asks IOTPay, finds the charge paid and makes one order: IOTPay charged 2824 cents once, and Medusa's payment
 * holds them (28.2387 CAD, nothing captured or refunded). A second run changes nothing.
 */
export async function lostChargeRecoveredByReconcile(
  { stack, getContainer, orderPayment, medusaMoney }: Deps,
  cartId: string,
  complete: () => Promise<{ type: string }>,
  endpoint: "cc_purchasewithtoken" | "cc_purchasewithwallet"
) {
  const before = stack.sandbox.orders().length
  stack.sandbox.addFault({ endpoint, commitThenHang: true, times: 1 })
  const completing = complete().catch((e: any) => ({ type: "error", status: e.response?.status }))
  // Once IOTPay has committed the charge (and hangs until the client gives up), its cc_query fails too.
  await waitFor(async () => stack.sandbox.orders().length === before + 1, "IOTPay to commit the charge", 10_000, 20)
  stack.sandbox.addFault({ endpoint: "cc_query", systemError: true, times: 0 })
  let first: { type: string }
  try {
    first = await completing
  } finally {
    stack.sandbox.clearFaults()
  }
  expect(first.type).not.toBe("order")
  expect(await ordersOfCart(getContainer(), cartId)).toEqual([])
  const charged = stack.sandbox.orders()[before]
  expect(charged).toMatchObject({ amount: 2824, status: 2, refundable: 2824 })

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
