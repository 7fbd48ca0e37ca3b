import { AsyncLocalStorage } from "node:async_hooks"
import { reservedCents, withReversal, type IotpaySessionData, type Reversal } from "../money/session-data"

/** The outside refund being recorded in this call chain, for the provider's refundPayment to take instead of sending. */
export const importing = new AsyncLocalStorage<{ sessionId: string; entry: Reversal }>()

/**
 * Called by the providers' refundPayment under the payment's lock: inside an import of an outside refund for this
 * payment, Medusa's refund row is the outside refund, recorded in the ledger with the row's id and nothing is sent
 * to IOTPay. Anywhere else: null (an ordinary refund, sent as always).
 */
export function outsideRefundBeingImported(fresh: IotpaySessionData, refundId: string): IotpaySessionData | null {
  const scope = importing.getStore()
  if (!scope || !fresh.session_id || scope.sessionId !== fresh.session_id) return null
  const next = withReversal(fresh, { ...scope.entry, medusaId: refundId })
  return { ...next, refundable: (next.amountCents ?? 0) - reservedCents(next) }
}

/** A provider's refund, unless it is the outside refund being recorded (then nothing is sent to IOTPay). */
export const unlessImportingOutside =
  (refundId: string, send: (fresh: IotpaySessionData) => Promise<IotpaySessionData>) =>
  async (fresh: IotpaySessionData) =>
    outsideRefundBeingImported(fresh, refundId) ?? send(fresh)
