/** Hosted card page: start a payment and send the shopper to IOTPay. */
import { cardProviderId } from "./ids"
import { httpUrl } from "./navigation"
import { initiateSession, sessionOf, type PaymentCollection } from "./session"
import type { Transport } from "./transport"

export type HostedPayment = {
  /** IOTPay's hosted card page: send the browser there (`location.assign(redirectUrl)`). */
  redirectUrl: string
  /** For IOTPay's embedded card fields or mobile SDKs instead of the redirect. */
  secureId?: string
  /** IOTPay's number of this payment attempt. */
  mchOrderNo?: string
  /** The cents IOTPay charges (Medusa's total rounded half-up once). */
  amountCents?: number
}

/**
 * Creates the cart's payment collection if needed, starts an IOTPay session that returns the shopper to `returnUrl`,
 * and answers IOTPay's hosted page URL. Calling it again (after a decline) starts a new IOTPay payment.
 * `returnUrl` must be on an origin the provider allows (`allowedReturnUrls`), at most 200 characters.
 *
 * @example
 * ```ts
 * const { redirectUrl } = await startHostedPayment(store, {
 *   cartId: cart.id,
 *   returnUrl: `${location.origin}/checkout/iotpay-return?cart_id=${cart.id}`,
 * })
 * location.assign(redirectUrl)
 * ```
 */
export async function startHostedPayment(
  store: Transport,
  input: { cartId: string; returnUrl: string; providerId?: string }
): Promise<HostedPayment> {
  const providerId = input.providerId ?? cardProviderId()
  const { collection } = await initiateSession(store, {
    cartId: input.cartId,
    providerId,
    data: { return_url: input.returnUrl },
  })
  return hostedPaymentOf(collection, providerId)
}

/**
 * The hosted page of a payment collection you already have (e.g. from `sdk.store.payment.initiatePaymentSession`).
 * Throws when the collection holds no IOTPay session with a page.
 *
 * @example
 * ```ts
 * const { payment_collection } = await sdk.store.payment.initiatePaymentSession(cart, {
 *   provider_id: "pp_iotpay_iotpay", data: { return_url },
 * })
 * location.assign(hostedPaymentOf(payment_collection).redirectUrl)
 * ```
 */
export function hostedPaymentOf(
  collection: PaymentCollection | null | undefined,
  providerId = cardProviderId()
): HostedPayment {
  const data = sessionOf(collection, providerId)?.data
  if (!data?.redirectUrl) throw new Error("IOTPay did not return a payment page.")
  const redirectUrl = httpUrl(data.redirectUrl)
  if (!redirectUrl) throw new Error("IOTPay returned a payment page that is not an http(s) URL.")
  return {
    redirectUrl,
    secureId: data.secureId,
    mchOrderNo: data.mchOrderNo,
    amountCents: data.amountCents,
  }
}
