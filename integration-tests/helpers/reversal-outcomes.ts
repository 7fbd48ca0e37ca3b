import type { MedusaContainer } from "@medusajs/framework/types"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import type { RunningSandbox } from "../../src/sandbox"
import { errorOf } from "./storefront"

type Money = {
  amount: number
  captures: number[]
  refunds: number[]
  canceled: boolean
  data: Record<string, any>
}
type Deps = {
  api: any
  admin: { headers: Record<string, string> }
  stack: { sandbox: RunningSandbox }
  getContainer: () => MedusaContainer
  medusaMoney: (paymentId: string) => Promise<Money>
}
type Payment = { id: string; data: Record<string, any> }

/**
 * The admin's Cancel of `orderId` while IOTPay answers every matching call with `fault` (a sandbox fault spec, applied
 * until cleared): the order ends canceled whatever IOTPay said, and the fault is gone afterwards.
 */
export async function cancelUnderFault(
  { api, admin, stack }: Pick<Deps, "api" | "admin" | "stack">,
  orderId: string,
  fault: Record<string, unknown>
) {
  stack.sandbox.addFault({ times: 0, ...fault })
  try {
    await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
  } finally {
    stack.sandbox.clearFaults()
  }
  expect((await api.get(`/admin/orders/${orderId}`, admin)).data.order.status).toBe("canceled")
}

/**
 * The V3 reversal engine's bad outcomes (failed, pending, lost answer, a cancel IOTPay refuses), driven through the
 * admin API for any V3 service (card, saved card, Apple/Google Pay, UPI_EX): every service's payment reaches the same
 * cc_refund / cc_void, so one set of steps and assertions serves each spec. Each asserts both sides: the cents the
 * sandbox moved and what Medusa recorded. Payments here are the seeded cart's 28.2387 CAD = 2824 cents.
 */
export function reversalOutcomes({ api, admin, stack, getContainer, medusaMoney }: Deps) {
  const reversalsAt = (payOrderId: string) => stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId)
  const reversalCents = (payOrderId: string) => reversalsAt(payOrderId).map((r) => [r.sandbox.kind, r.status, r.amount])

  /**
   * On a captured payment: a refund IOTPay fails (9) leaves no refund row and moves nothing; a pending one (0) of 5.00
   * and one of 3.00 whose answer is lost (committed, never answered) are both settled by one reconcile run, each sent
   * once: IOTPay moved 500 + 300 cents and Medusa holds refund rows of 5 and 3.
   */
  async function failedPendingAndLostRefunds(payment: Payment) {
    const payOrderId = payment.data.payOrderId
    await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)

    stack.sandbox.addFault({ endpoint: "cc_refund", resultStatus: 9, times: 1 })
    const failed = await errorOf(api.post(`/admin/payments/${payment.id}/refund`, { amount: 2 }, admin))
    expect(failed.status).toBeGreaterThanOrEqual(400)
    expect(failed.data.message).toMatch(/FAILED \(status 9\)/)
    expect(stack.sandbox.order(payOrderId)!.refundable).toBe(2824)
    expect((await medusaMoney(payment.id)).refunds).toEqual([])

    stack.sandbox.addFault({ endpoint: "cc_refund", resultStatus: 0, times: 1 })
    expect((await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)).status).toBe(200)
    const pending = (await medusaMoney(payment.id)).data.reversals.find((r: any) => r.status === 0)
    expect(pending).toMatchObject({ kind: "refund", amountCents: 500 })
    stack.sandbox.settleReversal({ mchRefundNo: pending.mchRefundNo, status: 2 })

    // IOTPay commits the refund and never answers: the client gives up, the outcome is unknown.
    stack.sandbox.addFault({ endpoint: "cc_refund", commitThenHang: true, times: 1 })
    try {
      expect((await api.post(`/admin/payments/${payment.id}/refund`, { amount: 3 }, admin)).status).toBe(200)
      expect(stack.sandbox.faults().endpoints).toEqual([]) // the refund met the hang (the fault is used up)
    } finally {
      stack.sandbox.clearFaults()
    }

    await reconcileIotpayPayments(getContainer())
    await reconcileIotpayPayments(getContainer(), new Date(Date.now() + 60 * 60_000)) // nothing left to send
    expect(reversalCents(payOrderId)).toEqual([
      ["refund", 9, 200], // failed: moved nothing
      ["refund", 2, 500],
      ["refund", 2, 300],
    ])
    expect(stack.sandbox.order(payOrderId)!.refundable).toBe(2824 - 800)
    const money = await medusaMoney(payment.id)
    expect(money).toMatchObject({ captures: [money.amount], refunds: [5, 3] })
    expect(money.data.reversals.map((r: any) => [r.kind, r.amountCents, r.status])).toEqual([
      ["refund", 200, 9],
      ["refund", 500, 2],
      ["refund", 300, 2],
    ])
  }

  /**
   * Canceling an uncaptured order while IOTPay cannot be asked about the payment: the order and payment are canceled,
   * the void is recorded owed, and the reconcile job voids it once (a second, later run sends nothing more).
   */
  async function cancelOwedThenVoided(orderId: string, payment: Payment) {
    const payOrderId = payment.data.payOrderId
    await cancelUnderFault({ api, admin, stack }, orderId, { endpoint: "cc_query", systemError: true })
    expect(reversalsAt(payOrderId)).toEqual([])
    expect(stack.sandbox.order(payOrderId)!.refundable).toBe(2824)
    const owed = await medusaMoney(payment.id)
    expect(owed).toMatchObject({ canceled: true, captures: [], refunds: [] })
    expect(owed.data.owed).toMatchObject({ attempts: 1 })

    await reconcileIotpayPayments(getContainer())
    await reconcileIotpayPayments(getContainer(), new Date(Date.now() + 60 * 60_000)) // nothing left to send
    expect(reversalCents(payOrderId)).toEqual([["void", 2, 2824]])
    expect(stack.sandbox.order(payOrderId)!.refundable).toBe(0)
    const settled = await medusaMoney(payment.id)
    expect(settled).toMatchObject({ canceled: true, captures: [], refunds: [] })
    expect(settled.data.owed).toBeUndefined()
  }

  return { failedPendingAndLostRefunds, cancelOwedThenVoided }
}
