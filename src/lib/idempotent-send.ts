import {
  IotpayBadResponseError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  isNotFound,
  type IotpayClient,
  type OrderRecord,
} from "../iotpay"

/**
 * Sends a void, refund or immediate purchase (saved card, wallet) whose number (mchRefundNo / mchOrderNo) is
 * deterministic. When the answer is lost (timeout after sending) or unreadable (garbled, 5xx, bad signature: the
 * request did reach IOTPay) the money may or may not have moved: ask IOTPay by that number first, and only resend the
 * same number when IOTPay says it has no record of it. If that follow-up fails too, the outcome stays unknown and
 * an IotpayOutcomeUnknownError is thrown, whatever the follow-up's own error was: callers record it and settle later.
 */
export async function sendIdempotent(
  client: IotpayClient,
  number: string,
  send: () => Promise<OrderRecord>
): Promise<OrderRecord> {
  try {
    return await send()
  } catch (error) {
    if (!isUnknownOutcome(error)) throw error
    let resending = false
    try {
      const known = await findByNumber(client, number)
      if (known) return known
      resending = true
      return await send()
    } catch (followUp) {
      if (followUp instanceof IotpayOutcomeUnknownError) throw followUp
      // IOTPay had no record and refused the resend: nothing happened, unless it refused the number as already held
      // (a gateway that cannot find reversals by number): then it exists, its result unread.
      if (resending && followUp instanceof IotpayRejectedError && !alreadyExists(followUp)) throw followUp
      throw new IotpayOutcomeUnknownError(
        "cc_query",
        `the answer for ${number} was lost and asking IOTPay about it failed too (${(followUp as Error).message})`,
        followUp
      )
    }
  }
}

/** IOTPay refused a number because it already holds it (a repeated mchRefundNo/mchOrderNo on some gateways). */
export const alreadyExists = (error: unknown): boolean =>
  error instanceof IotpayRejectedError && /already (exist|used)|duplicate|repeat/i.test(error.retMsg)

/** The request reached IOTPay but its answer is missing or unreadable: the money may or may not have moved. */
export const isUnknownOutcome = (error: unknown): boolean =>
  error instanceof IotpayOutcomeUnknownError || error instanceof IotpayBadResponseError

/**
 * What IOTPay holds for this query, or null only when IOTPay says there is no such order. Any other refusal
 * (system error, signature error) or failure is thrown: it never means "nothing was paid".
 */
export async function queryOrNull(
  client: IotpayClient,
  query: { mchOrderNo: string } | { payOrderId: string }
): Promise<OrderRecord | null> {
  try {
    return await client.query(query)
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
}

/** The record IOTPay holds under this merchant number (mchOrderNo or mchRefundNo), or null when it has none. */
export const findByNumber = (client: IotpayClient, number: string) => queryOrNull(client, { mchOrderNo: number })
