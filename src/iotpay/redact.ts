/**
 * Keeps card data and secrets out of error messages and logs. IOTPay itself only ever returns masked numbers
 * (first 6 + ****** + last 4); we mask the same way so a redacted value still matches what the dashboard shows.
 */

const SENSITIVE_FIELDS = new Set(["secretkey", "cvv", "cardnum", "walletdata", "sign", "key"])

/** `4223456789564532` → `422345******4532`. Short or non-digit input is fully hidden: it is not a PAN we can trust. */
export function maskCardNumber(value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number") return "[redacted]"
  const digits = String(value).replace(/[\s-]/g, "")
  if (/^\d{6}\*+\d{4}$/.test(digits)) return digits // already masked by IOTPay
  if (!/^\d{12,19}$/.test(digits)) return "[redacted]"
  return `${digits.slice(0, 6)}******${digits.slice(-4)}`
}

// Any 12-19 digit run (spaces/dashes allowed) in free text could be a PAN; mask it.
const PAN_IN_TEXT = /\b\d(?:[ -]?\d){11,18}\b/g

/** Masks card-number-looking digit runs inside free text (e.g. a retMsg that echoes the request). */
export function redactText(text: string): string {
  return text.replace(PAN_IN_TEXT, (m) => maskCardNumber(m))
}

/**
 * Deep copy of `value` with secrets removed: `secretKey`, `cvv`, `walletData`, `sign` become "[redacted]",
 * `cardNum` is masked. Safe to attach to errors and logs.
 */
export function redactFields<T>(value: T, depth = 0): T {
  if (depth > 8) return "[redacted]" as unknown as T
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1)) as unknown as T
  if (typeof value === "string") return redactText(value) as unknown as T
  if (value === null || typeof value !== "object") return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const lower = k.toLowerCase()
    if (lower === "cardnum") out[k] = v === undefined || v === null || v === "" ? v : maskCardNumber(v)
    else if (SENSITIVE_FIELDS.has(lower)) out[k] = v === undefined ? v : "[redacted]"
    else out[k] = redactFields(v, depth + 1)
  }
  return out as T
}
