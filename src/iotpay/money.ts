import { IotpayInvalidRequestError } from "./errors"

/** IOTPay V3 accepts Canadian dollars only. */
export const IOTPAY_CURRENCY = "CAD"

/**
 * IOTPay documents amounts as "Int" cents; its servers are Java, so we assume a signed 32-bit int [inferred].
 * Larger amounts are refused here rather than overflowing on their side.
 */
export const IOTPAY_MAX_AMOUNT_CENTS = 2_147_483_647

/** Medusa's BigNumber (numeric/raw/toJSON/valueOf), its raw form, and bignumber.js-style objects. */
export type BigNumberLike =
  | { numeric: number | string }
  | { raw: { value: string | number; precision?: number } }
  | { toFixed(): string }
  | { valueOf(): unknown }

export type AmountInput =
  | number
  | string
  | { toJSON(): unknown }
  | { value: string | number; precision?: number }
  | BigNumberLike

// Float noise (0.1 + 0.2) sits ~1e-16 relative; a real third decimal is ≥ 1e-3 cents away. 1e-9 separates them.
const NOISE_TOLERANCE = 1e-9

function invalid(field: "amount" | "currency", message: string): IotpayInvalidRequestError {
  return new IotpayInvalidRequestError("amount conversion", [{ field, message }])
}

export function assertCad(currency: unknown): void {
  if (typeof currency !== "string" || currency.trim().toUpperCase() !== IOTPAY_CURRENCY) {
    const shown = typeof currency === "string" ? `"${currency.slice(0, 10).toUpperCase()}"` : typeof currency
    throw invalid("currency", `must be CAD (IOTPay V3 only settles Canadian dollars), got ${shown}; use a CAD region`)
  }
}

/** Unwraps Medusa BigNumber / raw BigNumber / bignumber.js to a number or decimal string, preferring exact text. */
function unwrap(amount: unknown, depth = 0): unknown {
  if (amount === null || typeof amount !== "object" || depth > 4) return amount
  const o = amount as Record<string, unknown>
  const raw = o.raw as Record<string, unknown> | undefined
  if (raw && typeof raw === "object" && (typeof raw.value === "string" || typeof raw.value === "number")) {
    return raw.value
  }
  if (typeof o.value === "string" || typeof o.value === "number") return o.value
  if (typeof o.toFixed === "function") {
    const text = (o.toFixed as () => unknown)()
    if (typeof text === "string") return text
  }
  if (typeof o.toJSON === "function") return unwrap((o.toJSON as () => unknown)(), depth + 1)
  if (typeof o.numeric === "number" || typeof o.numeric === "string") return o.numeric
  const primitive = (o.valueOf as () => unknown)()
  if (primitive !== amount) return unwrap(primitive, depth + 1)
  return amount
}

function decimalText(value: unknown): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalid("amount", "must be a finite number (got NaN or Infinity)")
    const text = String(value) // shortest round-trip decimal: 0.1 + 0.2 → "0.30000000000000004"
    if (/e/i.test(text)) {
      if (Math.abs(value) < 1) throw invalid("amount", "has more than 2 decimal places; CAD amounts are whole cents")
      throw invalid("amount", `is too large; IOTPay's maximum is ${formatCents(IOTPAY_MAX_AMOUNT_CENTS)} CAD`)
    }
    return text
  }
  if (typeof value === "string") return value.trim()
  throw invalid("amount", `must be a number, decimal string or BigNumber (got ${value === null ? "null" : typeof value})`)
}

/** Converts a major-unit CAD amount to integer cents exactly, refusing anything that is not whole cents and > 0. */
export function toCents(amount: AmountInput, currency?: string): number {
  if (currency !== undefined) assertCad(currency)
  const text = decimalText(unwrap(amount))
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text)
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) {
    throw invalid("amount", "is not a decimal number; pass e.g. 19.99 or \"19.99\"")
  }
  const negative = m[1] === "-"
  const whole = (m[2] || "0").replace(/^0+(?=\d)/, "")
  const fraction = (m[3] ?? "").replace(/0+$/, "")

  let cents: number
  if (fraction.length <= 2) {
    cents = Number(whole + fraction.padEnd(2, "0"))
  } else {
    // More than 2 decimals: accept only binary-float noise, e.g. 19.990000000000002.
    const approx = Number(`${whole}${fraction.slice(0, 2)}.${fraction.slice(2)}`)
    const rounded = Math.round(approx)
    if (Math.abs(approx - rounded) > NOISE_TOLERANCE * Math.max(1, Math.abs(approx))) {
      throw invalid("amount", "has more than 2 decimal places; CAD amounts are whole cents, round it first")
    }
    cents = rounded
  }
  if (negative && cents !== 0) throw invalid("amount", "must be greater than 0 (refunds take a positive amount too)")
  if (cents <= 0) throw invalid("amount", "must be greater than 0; IOTPay cannot charge or refund nothing")
  if (!Number.isSafeInteger(cents) || cents > IOTPAY_MAX_AMOUNT_CENTS) {
    throw invalid("amount", `is too large; IOTPay's maximum is ${formatCents(IOTPAY_MAX_AMOUNT_CENTS)} CAD`)
  }
  return cents
}

/** "1999" cents → "19.99" (exact string arithmetic, no floats). */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a safe integer, got ${cents}`)
  const sign = cents < 0 ? "-" : ""
  const digits = String(Math.abs(cents)).padStart(3, "0")
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`
}

/** 1999 → 19.99, via the decimal string so the result is the nearest double to the exact amount. */
export function fromCents(cents: number): number {
  return Number(formatCents(cents))
}
