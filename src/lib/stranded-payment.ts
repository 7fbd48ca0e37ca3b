import type { Logger } from "@medusajs/framework/types"
import { IOTPAY_CURRENCY, formatCents, sessionIdFromMchOrderNo, type IotpayClient, type OrderRecord } from "../iotpay"
import { PaymentReversals } from "./reversals"
import type { IotpaySessionData } from "./session-data"

/**
 * Gives back a paid IOTPay payment that can never become an order: its session was deleted, replaced or canceled,
 * it is an earlier attempt, or its amount or currency does not match its session. IOTPay's hosted page stays
 * payable for about an hour after Medusa drops a session, so this happens in real stores. The void (or refund, once
 * settled) carries the same deterministic number the provider would use for that attempt, so however many notifies,
 * reconcile runs and provider calls meet the same payment, its money goes back once.
 */
export async function releaseStrandedPayment(
  client: IotpayClient,
  merchantId: string,
  record: OrderRecord,
  why: string,
  logger: Logger
): Promise<StrandedRelease> {
  const parsed = record.mchOrderNo ? sessionIdFromMchOrderNo(record.mchOrderNo) : null
  if (!parsed || (record.refundable ?? record.amount) <= 0) return "nothing_left"
  logger.warn(
    `IOTPay: payment ${record.payOrderId} (${record.mchOrderNo}, ${formatCents(record.amount)} CAD), reported paid, ` +
      `can never become an order: ${why}. Asking IOTPay, and giving back what it holds (void, or refund once settled).`
  )
  const data = {
    session_id: parsed.sessionId,
    attempt: parsed.attempt,
    mchOrderNo: record.mchOrderNo,
    amountCents: record.amount,
    currency: IOTPAY_CURRENCY,
  }
  const after = await new PaymentReversals(client, merchantId, logger).cancel(data)
  return strandedOutcome(after, record, logger)
}

/**
 * How a stranded payment's release ended: `owed` (logged at error level by cancel; reconcile retries), `returned`
 * (a void or refund went through), or `unknown_at_iotpay`: IOTPay holds no paid payment under that number, so
 * nothing was returned and nothing may say so. The last comes from a validly signed notify (or a record) for a
 * payment IOTPay does not know: worth a warning of its own.
 */
export function strandedOutcome(after: IotpaySessionData, record: OrderRecord, logger: Logger): StrandedRelease {
  if (after.owed) return "owed"
  if (!(after.reversals ?? []).some((r) => r.status !== 9)) {
    logger.warn(
      `IOTPay: payment ${record.payOrderId} (${record.mchOrderNo}) was reported paid, but IOTPay holds no paid ` +
        `payment under that number: nothing was returned, there is nothing to return. If a signed notify said so, ` +
        `check who else holds this merchant's secret key.`
    )
    return "unknown_at_iotpay"
  }
  logger.warn(`IOTPay: returned the money of stranded payment ${record.payOrderId} (${record.mchOrderNo}).`)
  return "returned"
}

export type StrandedRelease = "returned" | "owed" | "nothing_left" | "unknown_at_iotpay"

/** The inbox's words for each ending (the notify row's outcome detail). */
export const STRANDED_RELEASE_TEXT: Record<StrandedRelease, string> = {
  returned: "money returned",
  owed: "money owed, retried by the reconcile job",
  nothing_left: "nothing left to return",
  unknown_at_iotpay: "IOTPay holds no paid payment under this number: nothing returned",
}
