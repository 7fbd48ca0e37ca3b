import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { customerCards } from "../../../../../lib/saved-cards/customer-cards"

/** DELETE /store/iotpay/saved-cards/:cardId: forgets one of the signed-in customer's cards (404 for anyone else's). */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const cardId = req.params.cardId
  const removed = await customerCards(req, req.query.provider_id).remove(cardId)
  if (!removed) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No saved card ${cardId} for the signed-in customer.`)
  }
  res.json({ id: cardId, object: "saved_card", deleted: true })
}
