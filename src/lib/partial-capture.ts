import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MathBN, Modules } from "@medusajs/framework/utils"
import { formatCents, toCents, type AmountInput } from "../iotpay"
import { parseProviderId } from "./provider-ids"

/**
 * Refuses a partial capture of an IOTPay payment (POST /admin/payments/:id/capture with a smaller amount). An
 * IOTPay purchase is a sale: the whole amount is already taken, and Medusa's provider capture call carries no
 * amount, so a partial capture would leave Medusa believing less was taken than IOTPay holds. The admin captures
 * the whole payment and refunds the difference instead, and IOTPay then agrees with Medusa to the cent.
 */
export async function refusePartialIotpayCapture(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const requested = (req.body as { amount?: unknown } | undefined)?.amount
  if (requested === undefined || requested === null) return next()
  const payment = await req.scope
    .resolve(Modules.PAYMENT)
    .retrievePayment(req.params.id, { relations: ["captures"] })
    .catch(() => null)
  if (!payment || !parseProviderId(payment.provider_id)) return next()
  const captured = (payment.captures ?? []).reduce(
    (sum, c) => MathBN.add(sum, c.raw_amount ?? c.amount),
    MathBN.convert(0)
  )
  const remaining = MathBN.sub(payment.raw_amount ?? payment.amount, captured)
  let wanted: number
  let left: number
  try {
    wanted = toCents(requested as AmountInput)
    left = toCents(remaining.toFixed())
  } catch {
    return next() // Medusa's own validation answers malformed or non-positive amounts
  }
  if (wanted >= left) return next()
  res.status(400).json({
    type: "invalid_data",
    message:
      `IOTPay payments can't be partially captured: IOTPay took the whole ${formatCents(left)} CAD at checkout ` +
      `(a sale). Capture the full amount, then refund ${formatCents(left - wanted)} CAD from the order page.`,
  })
}
