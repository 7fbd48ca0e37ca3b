import {
  IotpayBadResponseError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  type IotpayClient,
  type OrderRecord,
} from "../iotpay"

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

/** What IOTPay holds for this query, or null when it refuses it (no such order): cc_query without the throw. */
export async function queryOrNull(
  client: IotpayClient,
  query: { mchOrderNo: string } | { payOrderId: string }
): Promise<OrderRecord | null> {
  try {
    return await client.query(query)
  } catch (error) {
    if (error instanceof IotpayRejectedError) return null
    throw error
  }
}

/** The record IOTPay holds under this merchant number (mchOrderNo or mchRefundNo), or null when it has none. */
export const findByNumber = (client: IotpayClient, number: string) => queryOrNull(client, { mchOrderNo: number })
