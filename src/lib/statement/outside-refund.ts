import type { MedusaContainer } from "@medusajs/framework/types"
import { refundPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { formatCents, fromCents } from "../../iotpay"
import type { PaymentGateway } from "../gateway/payment-gateway"
import { paymentLockKey, withLock } from "../money/payment-lock"
import { freshState, type StateDeps } from "../money/payment-state"
import { importing } from "./outside-scope"
import { needsSettling, reservedCents, type IotpaySessionData, type Reversal } from "../money/session-data"

export type ImportResult = { imported: boolean; note: string; entry?: Reversal }

/**
 * Brings one outside refund (made in IOTPay's portal) into Medusa: under the payment's lock, IOTPay is asked again
 * and the ledger read fresh (a refund of this store finishing meanwhile is not taken for an outside one), then
 * Medusa's refund workflow records a refund row noted "made outside the store" while the provider records it in the
 * ledger without sending anything. Idempotent: once recorded, IOTPay's refunded figure no longer exceeds the
 * ledger's, so a second run finds nothing to bring in. Cards only: v1's query tells no refunded figure.
 */
export async function importOutsideRefund(
  container: MedusaContainer,
  state: StateDeps,
  gateway: PaymentGateway,
  target: { paymentId: string; data: IotpaySessionData; mchOrderNo: string; date: string }
): Promise<ImportResult> {
  const sessionId = target.data.session_id
  if (!sessionId) return { imported: false, note: "the payment names no session, so it cannot be locked" }
  return withLock(
    paymentLockKey(sessionId),
    async () => {
      const fresh = await freshState(target.data, state)
      if (needsSettling(fresh)) {
        return {
          imported: false,
          note: "a refund, void or cancel of this payment is still open; the reconcile job settles it first",
        }
      }
      const record = await gateway.findPayment({ mchOrderNo: target.mchOrderNo })
      if (!record || typeof record.refundable !== "number") {
        return { imported: false, note: "IOTPay no longer reports a refundable figure for this payment" }
      }
      const refundedAtIotpay = record.amount - record.refundable
      const cents = refundedAtIotpay - reservedCents(fresh)
      if (cents <= 0) return { imported: false, note: "already recorded in Medusa" }
      const at = new Date().toISOString()
      const entry: Reversal = {
        kind: "refund",
        // Never sent: deterministic per payment and IOTPay's refunded total, so the same refund has one number.
        mchRefundNo: `outside-${record.payOrderId}-${refundedAtIotpay}`,
        amountCents: cents,
        medusaAmount: formatCents(cents),
        status: 2,
        origin: "outside",
        at,
        settledAt: at,
      }
      const note =
        `Made outside the store (in IOTPay's portal): IOTPay reports ${formatCents(cents)} CAD refunded on payment ` +
        `${record.payOrderId} that this store never sent (${formatCents(refundedAtIotpay)} CAD refunded in all). ` +
        `IOTPay's payment query gives no refund number or time. Recorded by the statement check of ${target.date}; ` +
        `nothing was sent to IOTPay.`
      await importing.run({ sessionId, entry }, () =>
        refundPaymentWorkflow(container).run({
          input: { payment_id: target.paymentId, amount: fromCents(cents), note },
        })
      )
      return { imported: true, note, entry }
    },
    state.locking
  )
}
