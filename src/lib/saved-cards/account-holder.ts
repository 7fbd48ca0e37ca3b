import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"

/**
 * What the plugin keeps in a Medusa account holder's `data` for one customer: the IOTPay cardIds it created for
 * them. IOTPay has no "list cards" call and no customer object, so this list is the only link between a customer
 * and their saved cards; one cardId binds one card and is never reused. Only ids: card details are asked from
 * IOTPay (cc_querycard) each time, already masked.
 */
const savedCardRefSchema = z.object({ cardId: z.string().min(1).max(30), addedAt: z.string() })
const holderDataSchema = z.looseObject({
  customer_id: z.string().optional(),
  cards: z.array(savedCardRefSchema).default([]),
})
export type IotpayHolderData = z.infer<typeof holderDataSchema>

export function readHolderData(data: unknown): IotpayHolderData {
  const parsed = holderDataSchema.safeParse(data ?? {})
  if (parsed.success) return parsed.data
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    "IOTPay: the account holder's data is not the plugin's ({ customer_id, cards: [{ cardId, addedAt }] })."
  )
}

export const newHolderData = (customerId: string): IotpayHolderData => ({ customer_id: customerId, cards: [] })

/** Records a cardId as soon as IOTPay's add-card page is opened for it (IOTPay binds it when the shopper submits). */
export function withCard(data: unknown, cardId: string, now = new Date()): IotpayHolderData {
  const current = readHolderData(data)
  if (current.cards.some((c) => c.cardId === cardId)) return current
  return { ...current, cards: [...current.cards, { cardId, addedAt: now.toISOString() }] }
}

/** Forgets a cardId: it is no longer listed, and checkout refuses it for this customer. */
export function withoutCard(data: unknown, cardId: string): IotpayHolderData {
  const current = readHolderData(data)
  return { ...current, cards: current.cards.filter((c) => c.cardId !== cardId) }
}

export function holdsCard(data: unknown, cardId: string): boolean {
  const parsed = holderDataSchema.safeParse(data ?? {})
  return parsed.success && parsed.data.cards.some((c) => c.cardId === cardId)
}

/**
 * The cardId a checkout may charge: only one the signed-in customer's own account holder holds. A guest, or a
 * cardId of another customer (or one removed), is refused before anything is sent to IOTPay.
 */
export function ownedCardId(requested: unknown, accountHolder: { data?: unknown } | undefined): string {
  if (typeof requested !== "string" || requested === "") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "IOTPay: data.payment_method_id must be a saved card's id.")
  }
  if (!accountHolder) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "IOTPay: paying with a saved card needs a signed-in customer; nothing was charged."
    )
  }
  if (!holdsCard(accountHolder.data, requested)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "IOTPay: this saved card is not one of the signed-in customer's cards; nothing was charged. List the " +
        "customer's cards with GET /store/iotpay/saved-cards and pick one of those."
    )
  }
  return requested
}
