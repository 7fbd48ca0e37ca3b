import {
  IotpayBadResponseError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  isNotFound,
  type IotpayClient,
  type OrderRecord,
} from "../../iotpay"

/**
 * How the gateway treats merchant numbers (provider options reversalLookup / repeatedRefundNo; `iotpay-doctor`
 * finds out). Payments are always found by mchOrderNo; refunds and voids by mchRefundNo only on some gateways.
 */
export interface NumberBehaviour {
  reversalLookup: "query-by-number" | "none"
  repeatedRefundNo: "replay" | "refuse"
}
export const QUERYABLE: NumberBehaviour = { reversalLookup: "query-by-number", repeatedRefundNo: "replay" }

/**
 * Sends a void, refund or immediate purchase (saved card, wallet) whose number (mchRefundNo / mchOrderNo) is
 * deterministic. When the answer is lost (timeout after sending) or unreadable (garbled, 5xx, bad signature: the
 * request did reach IOTPay) the money may or may not have moved: ask IOTPay by that number first, and only resend the
 * same number when IOTPay says it has no record of it. A gateway that cannot be asked (reversalLookup "none") gets the
 * same number again at once: it deduplicates numbers, so the resend answers the original record or refuses it. If
 * that follow-up fails too, the outcome stays unknown and an IotpayOutcomeUnknownError is thrown, whatever the
 * follow-up's own error was: callers record it and settle later.
 */
export async function sendIdempotent(
  client: IotpayClient,
  number: string,
  send: () => Promise<OrderRecord>,
  behaviour: NumberBehaviour = QUERYABLE
): Promise<OrderRecord> {
  try {
    return await send()
  } catch (error) {
    if (!isUnknownOutcome(error)) throw error
    const asked = behaviour.reversalLookup === "query-by-number"
    let resending = false
    try {
      // Without a lookup, "does not exist" would say nothing about this number: never ask, never read it.
      const known = asked ? await findByNumber(client, number) : null
      if (known) return known
      resending = true
      return await send()
    } catch (followUp) {
      if (followUp instanceof IotpayOutcomeUnknownError) throw followUp
      // A refused resend means nothing happened, unless IOTPay may be refusing it because it holds the number.
      if (resending && followUp instanceof IotpayRejectedError && !mayHoldNumber(followUp, behaviour, asked)) {
        throw followUp
      }
      throw new IotpayOutcomeUnknownError(
        "cc_query",
        `the answer for ${number} was lost and asking IOTPay about it failed too (${(followUp as Error).message})`,
        followUp
      )
    }
  }
}

/**
 * Whether IOTPay's refusal of a resent number may mean it already holds that number. `asked`: IOTPay was asked by
 * the number first and said it has none. A gateway that refuses repeats, and could not be asked, may be refusing
 * our own earlier request in words we do not know; one that replays repeats would have answered the record instead.
 */
export function mayHoldNumber(error: unknown, behaviour: NumberBehaviour, asked: boolean): boolean {
  if (alreadyExists(error)) return true
  return !asked && behaviour.repeatedRefundNo === "refuse" && error instanceof IotpayRejectedError
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
