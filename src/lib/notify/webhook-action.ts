import { PaymentActions } from "@medusajs/framework/utils"
import type { WebhookActionResult } from "@medusajs/framework/types"
import { IOTPAY_STATUS, fromCents, isSuccessStatus, sessionIdFromMchOrderNo, type OrderRecord } from "../../iotpay"

/**
 * The Medusa action a verified IOTPay record stands for. Shared by the provider's getWebhookActionAndData and the
 * plugin's notify subscriber. Refund/void records and records whose mchOrderNo this plugin did not derive are
 * not payment actions.
 */
export function webhookActionFor(record: OrderRecord, autoCapture: boolean): WebhookActionResult {
  const parsed = record.mchOrderNo ? sessionIdFromMchOrderNo(record.mchOrderNo) : null
  if (!parsed || (record.payType && record.payType !== "pay")) return { action: PaymentActions.NOT_SUPPORTED }
  const data = { session_id: parsed.sessionId, amount: fromCents(record.amount) }
  if (record.status === IOTPAY_STATUS.FAILED) return { action: PaymentActions.FAILED, data }
  if (!isSuccessStatus(record.status)) return { action: PaymentActions.PENDING, data }
  return { action: autoCapture ? PaymentActions.SUCCESSFUL : PaymentActions.AUTHORIZED, data }
}
