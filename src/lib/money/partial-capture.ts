import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IPaymentModuleService } from "@medusajs/framework/types"
import { MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { formatCents, toCents, type AmountInput } from "../../iotpay"
import { loadedModule } from "../config/loaded-module"
import { parseProviderId } from "../config/provider-ids"

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
  res.status(400).json({ type: "invalid_data", message: partialCaptureMessage(left, wanted, payment.currency_code) })
}

/** In the payment's own currency (cards: CAD; wallets: the region's). */
function partialCaptureMessage(leftCents: number, wantedCents: number, currencyCode: string): string {
  const currency = currencyCode.toUpperCase()
  return (
    `IOTPay payments can't be partially captured: IOTPay took the whole ${formatCents(leftCents)} ${currency} at ` +
    `checkout (a sale). Capture the full amount, then refund ${formatCents(leftCents - wantedCents)} ${currency} ` +
    `from the order page.`
  )
}

/**
 * The same rule inside the provider's capturePayment, for captures that do not come through the admin route (a
 * workflow, another plugin): Medusa creates the capture row first and passes its id, never its amount, so the
 * capture is looked up by that id; one smaller than what is left uncaptured is refused (Medusa then deletes it).
 */
export async function refusePartialCapture(
  captureId: string | undefined,
  payments = loadedModule<IPaymentModuleService>(Modules.PAYMENT)
): Promise<void> {
  if (!captureId || !payments) return
  const [capture] = await payments.listCaptures({ id: captureId }, { relations: ["payment"] })
  if (!capture?.payment) return
  const payment = await payments.retrievePayment(capture.payment.id, { relations: ["captures"] })
  const others = (payment.captures ?? [])
    .filter((c) => c.id !== captureId)
    .reduce((sum, c) => MathBN.add(sum, c.raw_amount ?? c.amount), MathBN.convert(0))
  const left = toCents(MathBN.sub(payment.raw_amount ?? payment.amount, others).toFixed())
  const wanted = toCents(MathBN.convert(capture.raw_amount ?? capture.amount).toFixed())
  if (wanted >= left) return
  throw new MedusaError(MedusaError.Types.INVALID_DATA, partialCaptureMessage(left, wanted, payment.currency_code))
}
