import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { customerCards } from "../../../../lib/saved-cards/customer-cards"
import type { StoreStartSavedCardType } from "./validators"

/** GET /store/iotpay/saved-cards: the signed-in customer's saved cards, masked, as IOTPay reports them now. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const cards = customerCards(req, req.query.provider_id)
  const methods = await cards.list()
  res.json({ saved_cards: methods.map((m) => ({ id: m.id, provider_id: cards.providerId, ...m.data })) })
}

/**
 * POST /store/iotpay/saved-cards: starts saving a card. Body { return_url } → IOTPay's hosted add-card page to send
 * the shopper to; or { card: { number, expiry, cvv, holder } } (PCI DSS merchants only) → the saved card. The body is
 * checked by validateAndTransformBody(StoreStartSavedCard) in src/api/middlewares.ts.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreStartSavedCardType>, res: MedusaResponse) {
  const body = req.validatedBody
  const cards = customerCards(req, body.provider_id)
  const data = body.card !== undefined ? { card: body.card } : { return_url: body.return_url }
  const method = await cards.save(data)
  const status = body.card !== undefined ? "saved" : "pending"
  res.status(201).json({ saved_card: { id: method.id, provider_id: cards.providerId, status, ...method.data } })
}
