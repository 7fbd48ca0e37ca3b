/**
 * A signed-in customer's saved cards (`/store/iotpay/saved-cards`). The transport must carry the customer's auth
 * (js-sdk after `sdk.auth.login`, or `fromFetch({ headers: () => ({ authorization: `Bearer ${token}` }) })`).
 * Card numbers never pass through the store: a card is added on IOTPay's hosted add-card page.
 */
import { completeCart } from "./complete"
import { cardProviderId } from "./ids"
import type { CheckoutOutcome, OutcomeOptions } from "./outcome"
import { initiateSession } from "./session"
import type { Transport } from "./transport"

export type SavedCard = {
  id: string
  provider_id: string
  card_num?: string
  last4?: string
  brand?: string
  card_type?: string
  expiry?: string
  holder?: string
  /** IOTPay could not be asked about this card right now: show it, maybe greyed out. */
  unavailable?: boolean
}

const PATH = "/store/iotpay/saved-cards"

/**
 * The customer's cards, newest first (at most 20), masked by IOTPay.
 * @example const cards = await listSavedCards(store) // [{ id: "CD…", last4: "4242", brand: "visa", expiry: "12/30" }]
 */
export async function listSavedCards(store: Transport, options: { providerId?: string } = {}): Promise<SavedCard[]> {
  const query = options.providerId ? { provider_id: options.providerId } : undefined
  const { saved_cards } = await store<{ saved_cards: SavedCard[] }>(PATH, { method: "GET", query })
  return saved_cards
}

/**
 * Starts adding a card: answers IOTPay's add-card page; send the shopper there. IOTPay sends them back to
 * `returnUrl` (an allowed origin); its `retCode` there is unsigned: reload the list to see whether the card was saved.
 *
 * @example
 * ```ts
 * const { redirectUrl } = await addSavedCard(store, { returnUrl: `${location.origin}/account/cards` })
 * location.assign(redirectUrl)
 * ```
 */
export async function addSavedCard(
  store: Transport,
  input: { returnUrl: string; providerId?: string }
): Promise<{ id: string; redirectUrl: string; secureId?: string }> {
  const body = { return_url: input.returnUrl, ...(input.providerId ? { provider_id: input.providerId } : {}) }
  const { saved_card } = await store<{ saved_card: { id: string; redirect_url: string; secure_id?: string } }>(PATH, {
    method: "POST",
    body,
  })
  return { id: saved_card.id, redirectUrl: saved_card.redirect_url, secureId: saved_card.secure_id }
}

/**
 * Forgets a card (it can no longer be charged through the store). Rejects with a 404 StoreApiError for a card that is
 * not the customer's.
 */
export async function removeSavedCard(
  store: Transport,
  cardId: string,
  options: { providerId?: string } = {}
): Promise<void> {
  const query = options.providerId ? { provider_id: options.providerId } : undefined
  await store(`${PATH}/${encodeURIComponent(cardId)}`, { method: "DELETE", query })
}

/**
 * Pays the cart with a saved card: creates the session with `payment_method_id`, then completes the cart. The card is
 * charged by the completion, not by the session (a shopper who leaves before is not charged). Session errors (a card
 * that is not the customer's, a guest) reject with the StoreApiError; the completion's outcome is mapped as always.
 *
 * @example
 * ```ts
 * const outcome = await payWithSavedCard(store, { cartId: cart.id, cardId: card.id })
 * if (outcome.ok) showOrder(outcome.order)
 * else showError(outcome.message) // declined → "try another card"
 * ```
 */
export async function payWithSavedCard(
  store: Transport,
  input: { cartId: string; cardId: string; providerId?: string; clientIp?: string } & OutcomeOptions
): Promise<CheckoutOutcome> {
  const data = { payment_method_id: input.cardId, ...(input.clientIp ? { client_ip: input.clientIp } : {}) }
  await initiateSession(store, { cartId: input.cartId, providerId: input.providerId ?? cardProviderId(), data })
  return completeCart(store, input.cartId, input)
}
