import { MedusaError } from "@medusajs/framework/utils"
import { IOTPAY_CURRENCY, assertCad, decimalAmount, toCents, type AmountInput } from "../../iotpay"
import { toMedusaError } from "../../lib/gateway/medusa-errors"
import type { IotpayProviderOptions } from "../../lib/config/options"
import { resolveReturnUrl } from "./return-url"

/** What every IOTPay provider reads the same way from Medusa's inputs (card, wallet and v1 services alike). */

/** The Medusa payment session this purchase belongs to; every IOTPay number is derived from it. */
export function sessionIdOf(input: { data?: Record<string, unknown>; context?: { idempotency_key?: string } }): string {
  const sessionId = String(input.data?.session_id ?? input.context?.idempotency_key ?? "")
  if (!sessionId) throw new MedusaError(MedusaError.Types.INVALID_DATA, "IOTPay: no payment session id to pay for.")
  return sessionId
}

/**
 * The cents IOTPay is asked for (Medusa's exact amount rounded half-up, once) and that exact amount, both stored:
 * every later check compares against these, never against a re-rounded float. `settle` checks Medusa's currency
 * and names the one IOTPay is asked for: CAD for cards; the v1 providers pass wallet-currency.ts's check.
 */
export function pricedAmount(
  amount: unknown,
  currency: string,
  doing: string,
  settle: (currency: string) => string = cadOnly
): { amountCents: number; amount: string; currency: string } {
  try {
    const exact = amount as AmountInput
    const settled = settle(currency)
    return { amountCents: toCents(exact), amount: decimalAmount(exact), currency: settled }
  } catch (error) {
    throw toMedusaError(error, doing)
  }
}

function cadOnly(currency: string): string {
  assertCad(currency)
  return IOTPAY_CURRENCY
}

/** The storefront's return_url (allow-listed origins only) or the configured default, as a Medusa 400 when neither. */
export function returnUrlOrError(requested: unknown, options: IotpayProviderOptions): string {
  try {
    return resolveReturnUrl(requested, options)
  } catch (error) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `IOTPay: ${(error as Error).message}`)
  }
}

export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()]
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value)
}

/** Medusa's refund id (the refund's number derives from it): without it nothing is sent. */
export function refundIdOf(input: { context?: { idempotency_key?: string } }): string {
  const refundId = input.context?.idempotency_key
  if (!refundId) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "IOTPay: a refund needs Medusa's refund id; nothing was sent."
    )
  }
  return String(refundId)
}
