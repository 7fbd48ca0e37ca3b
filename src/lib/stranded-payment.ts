import type { Logger } from "@medusajs/framework/types"
import { IOTPAY_CURRENCY, formatCents, sessionIdFromMchOrderNo, type IotpayClient, type OrderRecord } from "../iotpay"
import { PaymentReversals } from "./reversals"

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
): Promise<"returned" | "owed" | "nothing_left"> {
  const parsed = record.mchOrderNo ? sessionIdFromMchOrderNo(record.mchOrderNo) : null
  if (!parsed || (record.refundable ?? record.amount) <= 0) return "nothing_left"
  logger.error(
    `IOTPay: PAID payment ${record.payOrderId} (${record.mchOrderNo}, ${formatCents(record.amount)} CAD) can never ` +
      `become an order: ${why}. Returning the money to the shopper (void, or refund once settled).`
  )
  const data = {
    session_id: parsed.sessionId,
    attempt: parsed.attempt,
    mchOrderNo: record.mchOrderNo,
    amountCents: record.amount,
    currency: IOTPAY_CURRENCY,
  }
  const after = await new PaymentReversals(client, merchantId, logger).cancel(data)
  if (after.owed) return "owed" // logged at error level by cancel; the next reconcile run finds it paid again
  logger.warn(`IOTPay: returned the money of stranded payment ${record.payOrderId} (${record.mchOrderNo}).`)
  return "returned"
}
