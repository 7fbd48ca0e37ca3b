import { MedusaError } from "@medusajs/framework/utils"
import type { IotpaySessionData } from "./session-data"

/**
 * "Commit or not yet": when initiating a session opens a payment at IOTPay (a hosted card page, a WeChat QR code, an
 * Alipay or UnionPay order). Storefronts create the session as soon as the shopper picks IOTPay (Medusa's Next.js
 * starter sends `{ provider_id }` only), long before they pay; an IOTPay order opened then stays unpaid in the
 * merchant's portal whenever the shopper changes their mind. So a payment opens only when the storefront says where
 * the shopper comes back (`data.return_url`), which it does when the shopper commits ("Place order"); that is one
 * IOTPay order per attempt. Until then the session holds the price only, under attempt 0: no IOTPay number exists
 * for it (derivedOrderNo is null), so there is nothing to query, reconcile, void or refund.
 */

/** True when the storefront's session data commits to paying now (it names the page IOTPay returns the shopper to). */
export function commitsNow(storefrontData: Record<string, unknown> | undefined): boolean {
  const requested = storefrontData?.return_url
  return typeof requested === "string" && requested.trim() !== ""
}

type Priced = Pick<IotpaySessionData, "amountCents" | "amount" | "currency">

/**
 * The session data initiatePayment answers: `open()` (the payment at IOTPay, attempt 1) when the storefront commits,
 * else the session's price and ids only, under attempt 0 (priced all the same, so a currency IOTPay or the entry
 * does not take is refused now).
 */
export async function openWhenCommitted(
  storefrontData: Record<string, unknown> | undefined,
  base: IotpaySessionData & { session_id: string },
  open: () => Promise<IotpaySessionData>,
  price: () => Priced
): Promise<IotpaySessionData> {
  return commitsNow(storefrontData) ? open() : { ...base, ...price(), attempt: 0 }
}

/** True for a session not opened at IOTPay yet (attempt 0: no IOTPay order exists for it). */
export const isNotStarted = (data: IotpaySessionData) => data.attempt === 0

/** What completing a cart whose IOTPay session never opened a payment says (the kit maps it to "start again"). */
export function notStartedError(what: string): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `IOTPay ${what} has not been started: nothing was sent to IOTPay for this payment session. Create a new payment ` +
      `session with data.return_url when the shopper places the order (that opens the payment at IOTPay).`
  )
}
