import { MedusaError } from "@medusajs/framework/utils"
import { addDecimal, decimalAmount, exceedsCharged, formatCents, refundCents, type AmountInput } from "../../iotpay"
import { toMedusaError } from "../gateway/medusa-errors"
import { reservedCents, type IotpaySessionData } from "./session-data"
import { currencyOf } from "./wallet-currency"

/**
 * The cents to send for a Medusa refund of `amount`, for cards and wallets alike: rounded cumulatively over the
 * refunds already made (money.ts refundCents), refused before anything is sent when the payment was voided or the
 * total would exceed what was charged (money.ts exceedsCharged).
 */
export function refundCentsFor(data: IotpaySessionData, amount: AmountInput): number {
  const done = (data.reversals ?? []).filter((r) => r.status !== 9)
  const left = (data.amountCents ?? 0) - reservedCents(data)
  try {
    if (done.some((r) => r.kind === "void") || data.amountCents === undefined) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: payment ${data.payOrderId} was voided: nothing is left to refund. Nothing was sent to IOTPay.`
      )
    }
    const chargedAmount = data.amount ?? formatCents(data.amountCents)
    const refundedAmount = done.reduce((sum, r) => addDecimal(sum, r.medusaAmount ?? formatCents(r.amountCents)), "0")
    if (exceedsCharged({ chargedCents: data.amountCents, chargedAmount, refundedAmount, amount })) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `IOTPay: can't refund ${decimalAmount(amount)} ${currencyOf(data)} of payment ${data.payOrderId}: only ` +
          `${formatCents(left)} ${currencyOf(data)} is left to refund. Nothing was sent to IOTPay.`
      )
    }
    return refundCents({
      chargedCents: data.amountCents,
      chargedAmount,
      refundedAmount,
      refundedCents: reservedCents(data),
      amount,
    })
  } catch (error) {
    throw toMedusaError(error, `refunding payment ${data.payOrderId}`)
  }
}
