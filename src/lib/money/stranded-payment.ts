import type { Logger } from "@medusajs/framework/types"
import { IOTPAY_CURRENCY, formatCents, sessionIdFromMchOrderNo, type OrderRecord } from "../../iotpay"
import { underPaymentLock, type StateDeps } from "./payment-state"
import type { IotpaySessionData } from "./session-data"
import { currencyOf } from "./wallet-currency"

/** The reversal engine of the record's API (src/lib/money/reversal-engine.ts). */
export type Canceler = { cancel: (data: IotpaySessionData) => Promise<IotpaySessionData> }

/**
 * Gives back a paid IOTPay payment that can never become an order: its session was deleted, replaced or canceled,
 * it is an earlier attempt, or its amount or currency does not match its session. IOTPay's hosted page stays
 * payable for about an hour after Medusa drops a session, so this happens in real stores. It runs the same cancel a
 * provider runs, under the same payment lock and on the same ledger (so a refund `deletePayment` already made for
 * this attempt is seen, and nothing is sent again), with the same deterministic number for that attempt: however
 * many notifies, reconcile runs and provider calls meet the same payment, its money goes back once.
 */
export async function releaseStrandedPayment(
  reversals: Canceler,
  record: OrderRecord,
  why: string,
  logger: Logger,
  state?: StateDeps
): Promise<StrandedRelease> {
  const parsed = record.mchOrderNo ? sessionIdFromMchOrderNo(record.mchOrderNo) : null
  if (!parsed || (record.refundable ?? record.amount) <= 0) return "nothing_left"
  const data: IotpaySessionData = {
    session_id: parsed.sessionId,
    attempt: parsed.attempt,
    mchOrderNo: record.mchOrderNo,
    amountCents: record.amount,
    currency: record.currency || IOTPAY_CURRENCY,
    clientIp: typeof record.clientIp === "string" ? record.clientIp : undefined,
  }
  const what = `PAID payment ${record.payOrderId} (${record.mchOrderNo}, ${formatCents(record.amount)} ${currencyOf(data)})`
  let sent = false
  const after = await underPaymentLock(
    data,
    async (fresh) => {
      const done = await reversals.cancel(fresh)
      sent = (done.reversals ?? []).length > (fresh.reversals ?? []).length
      if (sent) logger.warn(`IOTPay: returned the money of stranded ${what}: it can never become an order (${why}).`)
      return done
    },
    state
  )
  if (after.owed) return "owed" // logged at error level by cancel; the next reconcile run finds it paid again
  if (!(after.reversals ?? []).some((r) => r.status !== 9)) {
    logger.warn(
      `IOTPay: payment ${record.payOrderId} (${record.mchOrderNo}) was reported paid, but IOTPay holds no paid ` +
        `payment under that number: nothing was returned, there is nothing to return. If a signed notify said so, ` +
        `check who else holds this merchant's secret key.`
    )
    return "unknown_at_iotpay"
  }
  if (!sent) {
    logger.info(`IOTPay: ${what} can never become an order (${why}); its money was already given back.`)
    return "nothing_left"
  }
  return "returned"
}

/**
 * How a stranded payment's release ended: `owed` (logged at error level by cancel; reconcile retries), `returned`
 * (a void or refund went through), `nothing_left` (an earlier path already gave it back), or `unknown_at_iotpay`:
 * IOTPay holds no paid payment under that number, so nothing was returned and nothing may say so. The last comes
 * from a validly signed notify (or a record) for a payment IOTPay does not know: worth a warning of its own.
 */
export type StrandedRelease = "returned" | "owed" | "nothing_left" | "unknown_at_iotpay"

/** The inbox's words for each ending (the notify row's outcome detail). */
export const STRANDED_RELEASE_TEXT: Record<StrandedRelease, string> = {
  returned: "money returned",
  owed: "money owed, retried by the reconcile job",
  nothing_left: "nothing left to return",
  unknown_at_iotpay: "IOTPay holds no paid payment under this number: nothing returned",
}
