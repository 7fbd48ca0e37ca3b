import { createHash, timingSafeEqual } from "node:crypto"

/**
 * IOTPay's MD5 signature: every field except `sign`, minus null/undefined/"" values, sorted by name, joined as
 * `k=v&...`, then `&key=<secret>`, MD5 over UTF-8, upper-case hex. See docs/iotpay-protocol.md "Signing".
 */
export type SignableValue = string | number | boolean | null | undefined
export type SignableParams = Record<string, unknown>

export class UnsignableFieldError extends Error {
  constructor(readonly field: string) {
    super(
      `IOTPay field "${field}" holds an object or array; IOTPay signs flat fields only. ` +
        `Send it as a string (e.g. JSON- or base64-encoded) instead.`
    )
    this.name = "UnsignableFieldError"
  }
}

function fieldText(field: string, value: unknown): string | undefined {
  if (value === null || value === undefined || value === "") return undefined
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value)
  throw new UnsignableFieldError(field)
}

/** The exact string that is hashed, secret included; exported for tests and debugging, never log it. */
export function signingString(params: SignableParams, secretKey: string): string {
  const pairs: string[] = []
  for (const name of Object.keys(params).sort()) {
    if (name === "sign") continue
    const text = fieldText(name, params[name])
    if (text !== undefined) pairs.push(`${name}=${text}`)
  }
  pairs.push(`key=${secretKey}`)
  return pairs.join("&")
}

export function signParams(params: SignableParams, secretKey: string): string {
  return createHash("md5").update(signingString(params, secretKey), "utf8").digest("hex").toUpperCase()
}

const SIGN_FORMAT = /^[0-9A-Fa-f]{32}$/

/**
 * Verifies `params.sign` over every other field received, in constant time. A `sign` that is not exactly 32 hex
 * characters (MD5) is false before any hashing or comparison.
 */
export function verifySignature(params: SignableParams, secretKey: string): boolean {
  const received = params.sign
  if (typeof received !== "string" || !SIGN_FORMAT.test(received)) return false
  let expected: string
  try {
    expected = signParams(params, secretKey)
  } catch {
    return false
  }
  // Both are 32 ASCII characters here, so both buffers are 32 bytes (timingSafeEqual throws on a length mismatch).
  return timingSafeEqual(Buffer.from(expected, "ascii"), Buffer.from(received.toUpperCase(), "ascii"))
}

/** Returns a copy of `params` with `sign` set. */
export function withSignature<T extends SignableParams>(params: T, secretKey: string): T & { sign: string } {
  const { sign: _ignored, ...rest } = params as T & { sign?: unknown }
  return { ...(rest as T), sign: signParams(rest, secretKey) }
}
