/**
 * Completing the cart: the step that authorizes (hosted page: asks IOTPay what happened) or charges (saved card,
 * wallet) the payment. Every way it can fail is mapped to a {@link CheckoutOutcome}.
 */
import { failure, type CheckoutOutcome, type FailureReason, type OutcomeOptions, type StoreOrder } from "./outcome"
import { NetworkError, StoreApiError, type Transport } from "./transport"

/** IOTPay v1 closed an unpaid order (status 4, e.g. a WeChat QR code that expired): a new payment is needed. */
const CLOSED_UNPAID = /closed it unpaid/i
/** IOTPay v1: the shopper cancelled in WeChat / Alipay / UnionPay (status 9). */
const SHOPPER_CANCELLED = /the shopper cancelled it/i

type CompleteAnswer =
  | { type: "order"; order: StoreOrder }
  | { type: "cart"; cart?: unknown; error?: { message?: string; type?: string; name?: string } }

/**
 * Completes the cart into an order. Never throws: a failure comes back as `{ ok: false, reason, nextStep, message }`,
 * `message` in `options.locale` (English, French or Simplified Chinese).
 * Completing an already completed cart answers its order, and completing again after `pending` or `network` never
 * charges twice (the plugin asks IOTPay by the session's number first).
 *
 * @example
 * ```ts
 * const outcome = await completeCart(store, cartId, { locale: "fr-CA" })
 * if (outcome.ok) showOrder(outcome.order)
 * else showError(outcome.message, outcome.nextStep) // e.g. "try_another_card" → a button that starts a new payment
 * ```
 */
export async function completeCart(
  store: Transport,
  cartId: string,
  options: OutcomeOptions = {}
): Promise<CheckoutOutcome> {
  let answer: CompleteAnswer
  try {
    answer = await store<CompleteAnswer>(`/store/carts/${encodeURIComponent(cartId)}/complete`, { method: "POST" })
  } catch (error) {
    const detail = (error as Error)?.message
    const { reason, why } = await reasonOfThrown(store, cartId, error, detail ?? "")
    return failure(reason, why ?? detail, options.locale)
  }
  if (answer.type === "order") return { ok: true, order: answer.order }
  const message = answer.error?.message ?? "the cart was not completed"
  // 200 with the cart: Medusa's payment errors. The provider's decline names itself; anything else means the session
  // ended in an error state (e.g. IOTPay reports another amount than the cart's), which only a new payment can fix.
  return failure(classifyCartError(message), message, options.locale)
}

function classifyCartError(message: string): FailureReason {
  if (/declined/i.test(message)) return "declined"
  if (SHOPPER_CANCELLED.test(message)) return "cancelled"
  if (CLOSED_UNPAID.test(message)) return "closed"
  return "failed"
}

/** The failure reason of a thrown completion; `why`: a detail that replaces the error's message, when there is more. */
async function reasonOfThrown(
  store: Transport,
  cartId: string,
  error: unknown,
  detail: string
): Promise<{ reason: FailureReason; why?: string }> {
  if (error instanceof NetworkError || !(error instanceof StoreApiError)) return { reason: "network" }
  if (error.status >= 500 || error.status === 408 || error.status === 429) return { reason: "network" }
  // Another completion (IOTPay's notify, the reconcile job, a second tab) is running: it will finish the order.
  if (error.status === 409) return { reason: "pending" }
  if (error.status === 404) return { reason: "expired" }
  const fromText = classifyCartError(detail)
  if (fromText !== "failed") return { reason: fromText }
  if (
    /returned to the shopper|new payment session|has not been initiated|no payment session|already (been )?completed/i.test(
      detail
    )
  ) {
    return { reason: "expired" }
  }
  // Medusa's "Session: … was not authorized with the provider." covers both a payment IOTPay has not confirmed yet
  // (pending: retry later) and one that ended in an error: the session's status tells them apart.
  if (/not authorized/i.test(detail)) {
    const status = await sessionStatus(store, cartId)
    if (typeof status === "object") {
      // Unreadable: pending (completing again is safe and reads it again), and the reason stays in the detail.
      return { reason: "pending", why: `${detail} (the payment session's status could not be read: ${status.error})` }
    }
    return { reason: status === "error" || status === "canceled" ? "failed" : "pending" }
  }
  return { reason: "failed" }
}

/** The status of the cart's (last) payment session, or why it could not be read. */
async function sessionStatus(store: Transport, cartId: string): Promise<string | undefined | { error: string }> {
  try {
    const { cart } = await store<{ cart: { payment_collection?: { payment_sessions?: { status?: string }[] } } }>(
      `/store/carts/${encodeURIComponent(cartId)}`,
      { method: "GET", query: { fields: "id,*payment_collection.payment_sessions" } }
    )
    const sessions = cart.payment_collection?.payment_sessions ?? []
    return sessions[sessions.length - 1]?.status
  } catch (error) {
    return { error: (error as Error)?.message || String(error) }
  }
}
