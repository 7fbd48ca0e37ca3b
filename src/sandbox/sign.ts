/**
 * The sandbox's own IOTPay MD5 signing, written independently of the gateway client's so a bug there cannot hide
 * behind the same bug here. Rule (the shared IOTPay README, "Signing"): every field but `sign`, minus
 * null/undefined/"" values, sorted by name, `k=v&...&key=<secret>`, MD5 over UTF-8, upper-case hex.
 */
import { createHash, timingSafeEqual } from "node:crypto"

type Fields = Record<string, unknown>

const SIGN_SHAPE = /^[0-9A-Fa-f]{32}$/

/** The text of one field, or null when it is left out; objects and arrays cannot be signed (undefined). */
function textOf(value: unknown): string | null | undefined {
  if (value === null || value === undefined || value === "") return null
  switch (typeof value) {
    case "string":
      return value
    case "number":
    case "boolean":
    case "bigint":
      return String(value)
    default:
      return undefined
  }
}

/** The string that is hashed (secret included): for tests only, never log it. Undefined if a field is unsignable. */
export function stringToSign(fields: Fields, secretKey: string): string | undefined {
  const parts: string[] = []
  for (const name of Object.keys(fields).sort()) {
    if (name === "sign") continue
    const text = textOf(fields[name])
    if (text === undefined) return undefined
    if (text !== null) parts.push(`${name}=${text}`)
  }
  parts.push(`key=${secretKey}`)
  return parts.join("&")
}

function md5Upper(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex").toUpperCase()
}

/** The signature of `fields`; throws TypeError on an object/array field (the sandbox only signs its own records). */
export function sign(fields: Fields, secretKey: string): string {
  const text = stringToSign(fields, secretKey)
  if (text === undefined) throw new TypeError("cannot sign a nested object or array field")
  return md5Upper(text)
}

/** A copy of `fields` with `sign` set (any `sign` it had is replaced). */
export function signed<T extends object>(fields: T, secretKey: string): T & { sign: string } {
  const { sign: _old, ...rest } = fields as T & { sign?: unknown }
  return { ...(rest as T), sign: sign(rest, secretKey) }
}

/**
 * True if `fields.sign` matches every other field received. Never throws: a `sign` that is not exactly 32 hex
 * characters, or an unsignable field, is refused before any comparison; the comparison itself is constant-time.
 */
export function verify(fields: Fields, secretKey: string): boolean {
  const received = fields.sign
  if (typeof received !== "string" || !SIGN_SHAPE.test(received)) return false
  const text = stringToSign(fields, secretKey)
  if (text === undefined) return false
  return timingSafeEqual(Buffer.from(md5Upper(text), "ascii"), Buffer.from(received.toUpperCase(), "ascii"))
}
