/**
 * The page IOTPay sends the shopper back to. IOTPay appends `retCode`, `status`, `mchOrderNo` and (on failure)
 * `retMsg`: they are NOT signed (anyone can type them, e.g. a link "retMsg=Call +1 555… to finish paying"), so they
 * decide only which of the kit's own "we are checking" sentences to show while the cart completes, never the outcome,
 * and none of their text is shown. The outcome is what completing the cart says (the plugin asks IOTPay itself).
 */
import { completeCart } from "./complete"
import { shopperMessage } from "./messages"
import type { CheckoutOutcome, OutcomeOptions } from "./outcome"
import type { Transport } from "./transport"

/** A return page's query: `location.search`, a `URLSearchParams`, or Next.js `searchParams`. */
export type ReturnQuery = string | URLSearchParams | Record<string, string | string[] | undefined>

/** What IOTPay's unsigned query parameters claim. Unsigned: never show an order as placed because of this. */
export type ReturnHint = {
  retCode: string
  /** The query claims success (`retCode=SUCCESS`). Anyone can type it: it picks the waiting sentence, nothing else. */
  claimsApproved: boolean
  /**
   * The kit's own sentence to show while the cart completes, in the shopper's locale: "Welcome back. We are
   * confirming your payment…" or "…checking what happened to your payment…". Never text from the URL (`retMsg` is
   * not read: it is unsigned, and showing it would let anyone put words in IOTPay's mouth).
   */
  text: string
}

/**
 * The return URL to give {@link startHostedPayment}: `page` with the cart's id, so the return page knows which cart
 * to complete even in another tab.
 *
 * @example returnUrlFor(`${location.origin}/checkout/iotpay-return`, cart.id) // ".../iotpay-return?cart_id=cart_01…"
 */
export function returnUrlFor(page: string, cartId: string): string {
  const url = new URL(page)
  url.searchParams.set("cart_id", cartId)
  return url.href
}

/**
 * The cart id and IOTPay's hint from the return page's query (`cart_id` is what {@link returnUrlFor} added); the
 * hint's `text` in `options.locale` (English, French or Simplified Chinese).
 *
 * @example readReturn(location.search, { locale: "zh-CN" }).hint?.text // "欢迎回来，正在确认您的付款…"
 */
export function readReturn(query: ReturnQuery, options: OutcomeOptions = {}): { cartId?: string; hint?: ReturnHint } {
  const params = toParams(query)
  const retCode = params.get("retCode") ?? undefined
  const claimsApproved = retCode === "SUCCESS"
  const hint: ReturnHint | undefined = retCode
    ? {
        retCode,
        claimsApproved,
        text: shopperMessage(claimsApproved ? "returnedApproved" : "returnedNotCompleted", options.locale),
      }
    : undefined
  return { cartId: params.get("cart_id") ?? undefined, hint }
}

/**
 * Completes the cart after IOTPay's redirect. While the payment is still `pending` (IOTPay has not confirmed, or its
 * notify is completing the cart at this moment) it completes again up to `pendingRetries` times, `retryDelayMs`
 * apart; if it stays pending the outcome says so (`nextStep: "wait_and_retry"`): call this again later.
 *
 * @example
 * ```ts
 * const { cartId, hint } = readReturn(location.search)
 * if (hint) showHint(hint.text)
 * const outcome = await completeAfterReturn(store, { cartId: cartId ?? savedCartId })
 * if (outcome.ok) location.assign(`/order/${outcome.order.id}/confirmed`)
 * else showError(outcome.message, outcome.nextStep)
 * ```
 */
export async function completeAfterReturn(
  store: Transport,
  input: {
    cartId: string
    pendingRetries?: number
    retryDelayMs?: number
    sleep?: (ms: number) => Promise<void>
  } & OutcomeOptions
): Promise<CheckoutOutcome> {
  const retries = input.pendingRetries ?? 2
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  let outcome = await completeCart(store, input.cartId, input)
  for (let i = 0; i < retries && !outcome.ok && outcome.reason === "pending"; i++) {
    await sleep(input.retryDelayMs ?? 2000)
    outcome = await completeCart(store, input.cartId, input)
  }
  return outcome
}

function toParams(query: ReturnQuery): URLSearchParams {
  if (typeof query === "string" || query instanceof URLSearchParams) return new URLSearchParams(query)
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value
    if (first !== undefined) params.set(key, first)
  }
  return params
}
