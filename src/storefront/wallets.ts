/** Apple Pay and Google Pay through IOTPay (`pp_iotpay-wallet_<id>`). */
import { completeCart } from "./complete"
import { walletProviderId } from "./ids"
import type { CheckoutOutcome, OutcomeOptions } from "./outcome"
import { initiateSession } from "./session"
import type { Transport } from "./transport"

export type WalletType = "ApplePay" | "GooglePay"

/**
 * Base64 of a wallet's payment token as IOTPay expects it: a string is taken as the token's text (UTF-8), an object
 * (Apple Pay's `payment.token.paymentData`, Google Pay's parsed `tokenizationData.token`) is JSON-encoded first.
 */
export function encodeWalletToken(token: string | object): string {
  const text = typeof token === "string" ? token : JSON.stringify(token)
  const bytes = new TextEncoder().encode(text)
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/**
 * Pays the cart with a wallet token once the shopper confirmed in the wallet sheet: creates the wallet session with
 * `walletType` and the base64 token, then completes the cart (the completion charges it). A malformed token rejects
 * with a 400 StoreApiError before anything is charged; a declined one comes back as `reason: "declined"`.
 *
 * @example
 * ```ts
 * session.onpaymentauthorized = async (event) => { // Apple Pay JS
 *   const outcome = await payWithWallet(store, {
 *     cartId: cart.id, walletType: "ApplePay", walletData: encodeWalletToken(event.payment.token.paymentData),
 *   })
 *   session.completePayment(outcome.ok ? ApplePaySession.STATUS_SUCCESS : ApplePaySession.STATUS_FAILURE)
 * }
 * ```
 */
export async function payWithWallet(
  store: Transport,
  input: { cartId: string; walletType: WalletType; walletData: string; providerId?: string } & OutcomeOptions
): Promise<CheckoutOutcome> {
  await initiateSession(store, {
    cartId: input.cartId,
    providerId: input.providerId ?? walletProviderId(),
    data: { walletType: input.walletType, walletData: input.walletData },
  })
  return completeCart(store, input.cartId, input)
}
