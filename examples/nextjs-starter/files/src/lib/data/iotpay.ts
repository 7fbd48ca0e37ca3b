"use server"
// IOTPay server actions for Medusa's Next.js starter. Each returns its failure as data ({ error }), never throws: a
// production Next.js build replaces a thrown error's message with a generic one, and the shopper would never read
// the kit's sentence (e.g. a declined card, or a return URL the backend does not allow).
import { sdk } from "@lib/config"
import { getAuthHeaders, removeCartId } from "@lib/data/cookies"
import { getLocale } from "@lib/data/locale-actions"
import {
  completeCart,
  fromSdk,
  returnUrlFor,
  shopperLocale,
  startHostedPayment,
  startV1Payment,
  v1WalletOf,
  type CheckoutOutcome,
  type ShopperLocale,
  type V1Payment,
} from "medusa-payment-iotpay/storefront"
import { headers as requestHeaders } from "next/headers"

/** A v1 payment comes with the shopper's language, for the words beside a WeChat Pay QR code. */
export type IotpayStart =
  | { kind: "redirect"; redirectUrl: string }
  | { kind: "v1"; payment: V1Payment; locale: ShopperLocale }
  | { error: string }

/**
 * The store API as the shopper's request: their auth cookie, and their IP for IOTPay (WeChat Pay, Alipay and
 * UnionPay require it). Medusa sees this Next.js server as the peer, so the server forwards the address it got
 * (from the load balancer in front of it, else the client) in X-Forwarded-For; list this server in the backend's
 * `trustedProxies` so Medusa reads it, and only from it.
 */
async function store() {
  const incoming = await requestHeaders()
  const shopperIp = incoming.get("x-forwarded-for")?.split(",")[0]?.trim() || incoming.get("x-real-ip")?.trim()
  return fromSdk(sdk, {
    headers: async () => ({
      ...(await getAuthHeaders()),
      ...(shopperIp ? { "x-forwarded-for": shopperIp } : {}),
    }),
  })
}

/** The kit's language: the starter's locale (its cookie, e.g. "fr-CA" or "zh-CN"), else English. */
export async function iotpayLocale() {
  return shopperLocale(await getLocale())
}

/** "Place order": opens one IOTPay payment for the cart (a new one on every press, e.g. after a decline). */
export async function startIotpayPayment(input: {
  cartId: string
  providerId: string
  countryCode: string
  origin: string
  userAgent?: string
}): Promise<IotpayStart> {
  const page = `${input.origin}/${input.countryCode}/checkout/iotpay-return`
  try {
    const wallet = v1WalletOf(input.providerId)
    if (wallet) {
      // v1 return URLs carry no query string: the cart id goes in the path.
      const payment = await startV1Payment(await store(), {
        cartId: input.cartId,
        wallet,
        providerId: input.providerId,
        returnUrl: `${page}/${input.cartId}`,
        userAgent: input.userAgent,
      })
      return { kind: "v1", payment, locale: await iotpayLocale() }
    }
    const { redirectUrl } = await startHostedPayment(await store(), {
      cartId: input.cartId,
      providerId: input.providerId,
      returnUrl: returnUrlFor(page, input.cartId),
    })
    return { kind: "redirect", redirectUrl }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** One completion of the cart (a WeChat Pay QR payment polls this until it answers the order). */
export async function completeIotpayCart(cartId: string): Promise<CheckoutOutcome> {
  const outcome = await completeCart(await store(), cartId, { locale: await iotpayLocale() })
  if (outcome.ok) await removeCartId()
  return outcome
}
