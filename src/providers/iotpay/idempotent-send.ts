import {
  IotpayBadResponseError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  type IotpayClient,
  type OrderRecord,
} from "../../iotpay"

/**
 * Sends a void, refund or immediate purchase (saved card, wallet) whose number (mchRefundNo / mchOrderNo) is
 * deterministic. When the answer is lost (timeout after sending) or unreadable (garbled, 5xx, bad signature: the
 * request did reach IOTPay) the money may or may not have moved: ask IOTPay by that number first, and only resend the
 * same number when IOTPay has no record of it. Resending the same number can never move money twice.
 */
export async function sendIdempotent(
  client: IotpayClient,
  number: string,
  send: () => Promise<OrderRecord>
): Promise<OrderRecord> {
  try {
    return await send()
  } catch (error) {
    if (!(error instanceof IotpayOutcomeUnknownError) && !(error instanceof IotpayBadResponseError)) throw error
    const known = await findByNumber(client, number)
    if (known) return known
    return await send()
  }
}

/** The record IOTPay holds under this merchant number (mchOrderNo or mchRefundNo), or null when it has none. */
export async function findByNumber(client: IotpayClient, number: string): Promise<OrderRecord | null> {
  try {
    return await client.query({ mchOrderNo: number })
  } catch (error) {
    if (error instanceof IotpayRejectedError) return null
    throw error
  }
}
