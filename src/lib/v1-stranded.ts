import type { Logger } from "@medusajs/framework/types"
import { IOTPAY_CURRENCY, formatCents, sessionIdFromMchOrderNo, type IotpayV1Client, type OrderRecord } from "../iotpay"
import type { IotpayProviderOptions } from "./options"
import { strandedOutcome, type StrandedRelease } from "./stranded-payment"
import { V1PaymentReversals } from "./v1-reversals"

/**
 * releaseStrandedPayment for a v1 payment (WeChat Pay, Alipay, UnionPay): a paid v1 order that can never become an
 * order (session deleted, canceled or replaced; amount mismatch) is refunded in full under the same cancel number the
 * provider would use for that attempt, so however many notifies and reconcile runs meet it, its money goes back once.
 */
export async function releaseStrandedV1Payment(
  client: IotpayV1Client,
  options: IotpayProviderOptions,
  record: OrderRecord,
  why: string,
  logger: Logger
): Promise<StrandedRelease> {
  const parsed = record.mchOrderNo ? sessionIdFromMchOrderNo(record.mchOrderNo) : null
  if (!parsed || record.amount <= 0) return "nothing_left"
  logger.warn(
    `IOTPay: v1 payment ${record.payOrderId} (${record.mchOrderNo}, ${formatCents(record.amount)} CAD), reported ` +
      `paid, can never become an order: ${why}. Asking IOTPay, and refunding what it holds (v1 has no void).`
  )
  const data = {
    session_id: parsed.sessionId,
    attempt: parsed.attempt,
    mchOrderNo: record.mchOrderNo,
    amountCents: record.amount,
    currency: IOTPAY_CURRENCY,
    clientIp: typeof record.clientIp === "string" ? record.clientIp : undefined,
  }
  const reversals = new V1PaymentReversals(
    client,
    options.merchantId,
    { refundQuery: !!options.v1RefundQueryPath, refundClientIp: options.v1RefundClientIp },
    logger
  )
  return strandedOutcome(await reversals.cancel(data), record, logger)
}
