/**
 * The page IOTPay sends the shopper back to. IOTPay appends `retCode`, `status`, `mchOrderNo` and (on failure)
 * `retMsg`: they are NOT signed (anyone can type them), so they are a hint to show while the cart completes, never
 * the outcome. The outcome is what completing the cart says (the plugin asks IOTPay itself).
 */
import { completeCart } from "./complete"
import type { CheckoutOutcome } from "./outcome"
import type { Transport } from "./transport"

/** A return page's query: `location.search`, a `URLSearchParams`, or Next.js `searchParams`. */
export type ReturnQuery = string | URLSearchParams | Record<string, string | string[] | undefined>

/** What IOTPay's unsigned query parameters claim. Display only. */
export type ReturnHint = {
  retCode: string
  /** IOTPay claims success. Unsigned: never show an order as placed because of this. */
  claimsApproved: boolean
  mchOrderNo?: string
  retMsg?: string
  /** e.g. "IOTPay says: payment approved (IOTPay order P01…)." or "IOTPay says: card declined (FAIL)." */
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

/** The cart id and IOTPay's hint from the return page's query (`cart_id` is what {@link returnUrlFor} added). */
export function readReturn(query: ReturnQuery): { cartId?: string; hint?: ReturnHint } {
  const params = toParams(query)
  const retCode = params.get("retCode") ?? undefined
  const mchOrderNo = params.get("mchOrderNo") ?? undefined
  const retMsg = params.get("retMsg") ?? undefined
  const hint: ReturnHint | undefined = retCode
    ? {
        retCode,
        claimsApproved: retCode === "SUCCESS",
        mchOrderNo,
        retMsg,
        text:
          retCode === "SUCCESS"
            ? `IOTPay says: payment approved (IOTPay order ${mchOrderNo || "?"}).`
            : `IOTPay says: ${retMsg || "payment not completed"} (${retCode}).`,
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
  input: { cartId: string; pendingRetries?: number; retryDelayMs?: number; sleep?: (ms: number) => Promise<void> }
): Promise<CheckoutOutcome> {
  const retries = input.pendingRetries ?? 2
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  let outcome = await completeCart(store, input.cartId)
  for (let i = 0; i < retries && !outcome.ok && outcome.reason === "pending"; i++) {
    await sleep(input.retryDelayMs ?? 2000)
    outcome = await completeCart(store, input.cartId)
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
