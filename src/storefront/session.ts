/**
 * The payment session step every IOTPay flow shares: the cart's payment collection (created when the cart has none)
 * and a session with the chosen provider. Creating a session replaces the cart's earlier ones, so calling this again
 * (a retry) starts a fresh IOTPay payment.
 */
import type { Transport } from "./transport"

/** The parts of Medusa's payment session the kit reads. `data` is what the IOTPay provider returns (never secrets). */
export type PaymentSession = {
  id: string
  provider_id: string
  status?: string
  data?: { redirectUrl?: string; secureId?: string; mchOrderNo?: string; amountCents?: number; [key: string]: unknown }
}

export type PaymentCollection = { id: string; payment_sessions?: PaymentSession[] }

/** Creates (or reuses) the cart's payment collection and starts a session with `providerId` and `data`. */
export async function initiateSession(
  store: Transport,
  input: { cartId: string; providerId: string; data: Record<string, unknown> }
): Promise<{ collection: PaymentCollection; session: PaymentSession }> {
  const { payment_collection: pc } = await store<{ payment_collection: PaymentCollection }>(
    "/store/payment-collections",
    {
      method: "POST",
      body: { cart_id: input.cartId },
    }
  )
  const { payment_collection: collection } = await store<{ payment_collection: PaymentCollection }>(
    `/store/payment-collections/${encodeURIComponent(pc.id)}/payment-sessions`,
    { method: "POST", body: { provider_id: input.providerId, data: input.data } }
  )
  const session = sessionOf(collection, input.providerId)
  if (!session) throw new Error(`Medusa created no ${input.providerId} payment session for cart ${input.cartId}.`)
  return { collection, session }
}

/** The session of `providerId` in a payment collection (as returned by Medusa or the js-sdk), if any. */
export function sessionOf(
  collection: PaymentCollection | null | undefined,
  providerId: string
): PaymentSession | undefined {
  return collection?.payment_sessions?.find((s) => s.provider_id === providerId)
}
