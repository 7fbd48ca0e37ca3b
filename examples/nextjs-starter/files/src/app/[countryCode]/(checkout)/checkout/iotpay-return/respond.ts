// What both IOTPay return routes answer. IOTPay's redirect is a cross-site navigation, so the starter's
// SameSite=Strict cookies (_medusa_cart_id, _medusa_jwt) do not come with it; the route moves on with a meta refresh
// (a same-site navigation, which carries them again). IOTPay's query parameters are unsigned: never shown.
import { completeAfterReturn, fromSdk } from "medusa-payment-iotpay/storefront"
import { sdk } from "@lib/config"
import { iotpayLocale } from "@lib/data/iotpay"
import { removeCartId } from "@lib/data/cookies"

export async function afterIotpayReturn(countryCode: string, cartId: string | undefined, self: string) {
  if (!cartId) return go(`/${countryCode}/cart`)
  const outcome = await completeAfterReturn(fromSdk(sdk), { cartId, locale: await iotpayLocale() })
  if (outcome.ok) {
    await removeCartId()
    return go(`/${countryCode}/order/${outcome.order.id}/confirmed`)
  }
  if (outcome.nextStep === "wait_and_retry" || outcome.nextStep === "retry") return go(self, outcome.message, 5)
  return go(`/${countryCode}/checkout?step=review&iotpay_error=${encodeURIComponent(outcome.message)}`)
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

function go(url: string, message = "", seconds = 0) {
  const page = `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="${seconds};url=${escape(url)}"><p>${escape(message)}</p>`
  return new Response(page, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } })
}
