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
  number | string | { toJSON(): unknown } | { value: string | number; precision?: number } | BigNumberLike

// Longest decimal text accepted. Medusa's raw values are ~22 characters (toPrecision(20)); this only stops junk.
const MAX_TEXT_LENGTH = 400

function invalid(field: string, message: string, endpoint = "amount conversion"): IotpayInvalidRequestError {
  return new IotpayInvalidRequestError(endpoint, [{ field, message }])
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

/** An exact decimal: units / 10^scale (scale ≥ 0). Always normalised: no trailing zero digit when scale > 0. */
interface Decimal {
  units: bigint
  scale: number
}

const TEN = BigInt(10)
const ZERO = BigInt(0)
const pow10 = (n: number): bigint => TEN ** BigInt(n)

function normalise(d: Decimal): Decimal {
  let { units, scale } = d
  while (scale > 0 && units % TEN === ZERO) {
    units /= TEN
    scale--
  }
  return { units: units === ZERO ? ZERO : units, scale: units === ZERO ? 0 : scale }
}

/**
 * Parses plain decimal text ("19.99", "-0.5", ".5", "5.") exactly; with `allowExponent`, also "1e-7", "1.5E+21"
 * (the form String(n) gives JS numbers below 1e-6 or from 1e21 on).
 */
function parseDecimal(text: string, field: string, allowExponent: boolean): Decimal {
  if (text.length > MAX_TEXT_LENGTH) {
    throw invalid(field, `is not a decimal number (longer than ${MAX_TEXT_LENGTH} characters)`)
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?$/.exec(text)
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) {
    throw invalid(field, 'is not a decimal number; pass e.g. 19.99 or "19.99"')
  }
  if (m[4] !== undefined && !allowExponent) {
    throw invalid(field, `is in exponent notation ("${text.slice(0, 24)}"); pass plain decimal text such as "1000.00"`)
  }
  const fraction = m[3] ?? ""
  let units = BigInt((m[2] || "0") + fraction)
  let scale = fraction.length - Number(m[4] ?? 0)
  if (scale < 0) {
    units *= pow10(-scale)
    scale = 0
  }
  if (m[1] === "-") units = -units
  return normalise({ units, scale })
}

/** Any amount input → exact decimal. JS numbers go through their shortest round-trip text, String(n). */
function toDecimal(amount: unknown, field = "amount"): Decimal {
  const value = unwrap(amount)
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalid(field, "must be a finite number (got NaN or Infinity)")
    return parseDecimal(String(value), field, true) // 0.1 + 0.2 → "0.30000000000000004"; 1e-7 → "1e-7"
  }
  if (typeof value === "string") return parseDecimal(value.trim(), field, false)
  throw invalid(field, `must be a number, decimal string or BigNumber (got ${value === null ? "null" : typeof value})`)
}

function decimalToText(d: Decimal): string {
  const negative = d.units < ZERO
  const digits = (negative ? -d.units : d.units).toString()
  if (d.scale === 0) return (negative ? "-" : "") + digits
  const padded = digits.padStart(d.scale + 1, "0")
  const cut = padded.length - d.scale
  return `${negative ? "-" : ""}${padded.slice(0, cut)}.${padded.slice(cut)}`
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale)
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale]
}

function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b)
  return normalise({ units: x + y, scale })
}

function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Rounds a decimal number of dollars to whole cents, half away from zero (half-up for the positive amounts used). */
function roundHalfUpToCents(d: Decimal): bigint {
  if (d.scale <= 2) return d.units * pow10(2 - d.scale)
  const divisor = pow10(d.scale - 2) // a multiple of 10, so divisor / 2 is exact
  const half = divisor / BigInt(2)
  const magnitude = d.units < ZERO ? -d.units : d.units
  const cents = (magnitude + half) / divisor
  return d.units < ZERO ? -cents : cents
}

const tooLarge = () => `is too large; IOTPay's maximum is ${formatCents(IOTPAY_MAX_AMOUNT_CENTS)} CAD`

/**
 * Converts a major-unit CAD amount to integer cents, rounding HALF-UP to the nearest cent with exact decimal
 * arithmetic (Medusa totals with tax or percentage promotions carry any number of decimals: 28.2387 → 2824,
 * 0.125 → 13, 0.1249999 → 12). JS numbers are taken at their shortest round-trip text (String(n)), so 1.005 → 101.
 * Refuses (IotpayInvalidRequestError, field "amount"): non-numbers, NaN/Infinity, exponent notation in text,
 * negatives, zero, amounts under half a cent, and amounts above IOTPAY_MAX_AMOUNT_CENTS.
 */
export function toCents(amount: AmountInput, currency?: string): number {
  if (currency !== undefined) assertCad(currency)
  const d = toDecimal(amount)
  if (d.units < ZERO) throw invalid("amount", "must be greater than 0 (refunds take a positive amount too)")
  if (d.units === ZERO) throw invalid("amount", "must be greater than 0; IOTPay cannot charge or refund nothing")
  const cents = roundHalfUpToCents(d)
  if (cents === ZERO) {
    throw invalid("amount", "is less than half a cent, which rounds to 0 cents; IOTPay cannot charge or refund nothing")
  }
  if (cents > BigInt(IOTPAY_MAX_AMOUNT_CENTS)) throw invalid("amount", tooLarge())
  return Number(cents)
}

/**
 * The exact decimal text of an amount (no rounding): canonical form without exponent, leading "+", superfluous
 * zeros or "-0". { raw: { value: "28.238700000000000000" } } → "28.2387"; 0.1 + 0.2 → "0.30000000000000004".
 * Refuses non-numbers, NaN/Infinity and exponent notation in text (field "amount"); zero and negatives are kept.
 */
export function decimalAmount(amount: AmountInput): string {
  return decimalToText(toDecimal(amount))
}

/** Exact sum of two amounts (decimal text, numbers or BigNumbers), as canonical decimal text. */
export function addDecimal(a: AmountInput, b: AmountInput): string {
  return decimalToText(add(toDecimal(a, "a"), toDecimal(b, "b")))
}

/** Exact comparison of two amounts: -1 if a < b, 0 if equal ("1.50" equals 1.5), 1 if a > b. */
export function compareDecimal(a: AmountInput, b: AmountInput): -1 | 0 | 1 {
  return compare(toDecimal(a, "a"), toDecimal(b, "b"))
}

export interface RefundCentsInput {
  /** Cents charged at IOTPay for the payment (= toCents(chargedAmount)). */
  chargedCents: number
  /** The exact Medusa amount originally charged (decimal text or BigNumber), e.g. "28.2387". */
  chargedAmount: AmountInput
  /** The exact sum of the Medusa amounts already refunded (decimal text, "0" if none). */
  refundedAmount: AmountInput
  /** Cents already refunded at IOTPay for this payment. */
  refundedCents: number
  /** The new Medusa refund amount. */
  amount: AmountInput
}

/**
 * Cents to send to IOTPay for a new Medusa refund of `amount`, rounding cumulatively so rounding errors never
 * add up: if refundedAmount + amount ≥ chargedAmount, everything left (chargedCents − refundedCents); otherwise
 * roundHalfUp(refundedAmount + amount) − refundedCents, never more than what is left. A series of partial refunds
 * summing to the Medusa amount charged thus returns exactly the cents charged (28.2387 charged = 2824 cents;
 * refunds 10.0001, 10.0001, 8.2385 → 1000 + 1000 + 824).
 * Throws IotpayInvalidRequestError when the inputs are inconsistent, when nothing is left to refund, or when the
 * refund is less than a cent once rounded together with the earlier ones (0 cents).
 */
export function refundCents(input: RefundCentsInput): number {
  const where = "refund amount"
  const { chargedCents, refundedCents } = input
  if (!Number.isSafeInteger(chargedCents) || chargedCents <= 0 || chargedCents > IOTPAY_MAX_AMOUNT_CENTS) {
    throw invalid("chargedCents", "must be the whole number of cents charged at IOTPay (> 0)", where)
  }
  if (!Number.isSafeInteger(refundedCents) || refundedCents < 0) {
    throw invalid("refundedCents", "must be the whole number of cents already refunded at IOTPay (≥ 0)", where)
  }
  const charged = toDecimal(input.chargedAmount, "chargedAmount")
  const refunded = toDecimal(input.refundedAmount, "refundedAmount")
  const amount = toDecimal(input.amount, "amount")
  if (charged.units <= ZERO) throw invalid("chargedAmount", "must be greater than 0", where)
  if (refunded.units < ZERO) throw invalid("refundedAmount", "must not be negative", where)
  if (amount.units <= ZERO) {
    throw invalid("amount", "must be greater than 0; IOTPay cannot refund nothing", where)
  }
  const left = chargedCents - refundedCents
  if (left <= 0) {
    throw invalid(
      "amount",
      `cannot be refunded: all ${formatCents(chargedCents)} CAD charged at IOTPay has already been refunded`,
      where
    )
  }
  const total = add(refunded, amount)
  let cents: number
  if (compare(total, charged) >= 0) {
    cents = left
  } else {
    const cumulative = roundHalfUpToCents(total)
    const raw = cumulative - BigInt(refundedCents)
    cents = raw > BigInt(left) ? left : Number(raw)
  }
  if (cents <= 0) {
    throw invalid(
      "amount",
      `${decimalToText(amount)} is less than a cent once rounded together with the ${decimalToText(refunded)} ` +
        `already refunded (${formatCents(refundedCents)} CAD at IOTPay); IOTPay cannot refund 0 cents`,
      where
    )
  }
  return cents
}

/** "1999" cents → "19.99" (exact string arithmetic, no floats). */
/**
 * Whether a new refund of `amount` asks for more than was charged: Medusa's own guard lets a refund exceed what is
 * left by up to a cent, but money must be exact, so a total above the amount charged is too much once it rounds
 * above the cents charged; a total that only exceeds it by rounding (28.24 refunded of 28.2387) is not (refundCents
 * then returns exactly what is left). The one over-refund rule for every API.
 */
export function exceedsCharged(input: Omit<RefundCentsInput, "refundedCents">): boolean {
  const total = addDecimal(input.refundedAmount, input.amount)
  return compareDecimal(total, input.chargedAmount) > 0 && toCents(total) > input.chargedCents
}

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
