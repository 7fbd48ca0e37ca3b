import { MedusaError } from "@medusajs/framework/utils"
import { mchOrderNoForSession, type IotpayClient, type OrderRecord } from "../iotpay"
import { queryOrNull } from "./idempotent-send"
import { recordMismatch, withPaymentRecord } from "./payment-record"
import type { IotpaySessionData } from "./session-data"

/**
 * The IOTPay number of this session's current attempt, derived from Medusa's session id (never read from session
 * data a storefront could have written), or null when there is no session id or no attempt was opened at IOTPay yet
 * (attempt 0, see payment-start.ts).
 */
export function derivedOrderNo(data: IotpaySessionData): string | null {
  if (!data.session_id || data.attempt === 0) return null
  return mchOrderNoForSession(data.session_id, data.attempt ?? 1)
}

/**
 * Finds the payment at IOTPay by the session-derived number (cc_query) and returns the data with the payOrderId
 * IOTPay reports: every void and refund acts on that, never on a payOrderId found in session data. Null when IOTPay
 * has no such order; any other query failure is thrown. A record of another merchant or of a refund is refused.
 */
export async function locatePayment(
  client: IotpayClient,
  data: IotpaySessionData,
  merchantId: string
): Promise<{ data: IotpaySessionData; record: OrderRecord } | null> {
  const mchOrderNo = derivedOrderNo(data)
  if (!mchOrderNo) return null
  const record = await queryOrNull(client, { mchOrderNo })
  if (!record) return null
  const mismatch = recordMismatch(record, { merchantId, mchOrderNo })
  if (mismatch) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `IOTPay's record for ${mchOrderNo} is not this payment (${mismatch}); nothing was sent. Check it in IOTPay's portal.`
    )
  }
  return { data: withPaymentRecord({ ...data, mchOrderNo }, record), record }
}
