import { createHash, randomBytes } from "node:crypto"
import { IotpayInvalidRequestError } from "./errors"

/**
 * Merchant-side numbers sent to IOTPay (max 30 chars). They are derived deterministically from Medusa ids so a
 * retried call reuses the same number and IOTPay can refuse a duplicate instead of charging/refunding twice.
 *
 * Medusa ids are `<prefix>_<ULID>`; the ULID alone (26 chars) fits. A ULID's first char is 0-7 (48-bit time), so
 * for ids that are not `<prefix>_<ULID>` we use "Z" + 25 chars of a sha256 digest: same length, never mistaken
 * for a ULID, but not reversible. Callers must therefore also store the mchOrderNo they used (the provider keeps
 * it in the payment session data) rather than rely on parsing it back.
 */

/** Crockford's base32, the alphabet of ULIDs (and of the numbers derived from them). */
export const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const ULID = "[0-7][0-9A-HJKMNP-TV-Z]{25}"
const MEDUSA_ID = new RegExp(`^[A-Za-z0-9]+_(${ULID})$`)
const ORDER_NO = new RegExp(`^(${ULID})-([1-9][0-9]{0,2})$`)
const REFUND_NO = new RegExp(`^([RVC])(${ULID}|Z[0-9A-HJKMNP-TV-Z]{25})$`)

export const MAX_ATTEMPT = 999

export type RefundNoKind = "refund" | "void" | "cancel_refund"
const KIND_LETTER: Record<RefundNoKind, string> = { refund: "R", void: "V", cancel_refund: "C" }
const LETTER_KIND: Record<string, RefundNoKind> = { R: "refund", V: "void", C: "cancel_refund" }

function base32(bytes: Uint8Array, length: number): string {
  let out = ""
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
    if (out.length >= length) break
  }
  return out
}

/** 26 chars: the ULID of a Medusa id, or "Z" + digest for anything else. */
function idCore(id: string, field: string): string {
  if (typeof id !== "string" || id.length === 0) {
    throw new IotpayInvalidRequestError("id derivation", [
      { field, message: "must be a non-empty Medusa id such as payses_01JD8ZP3XG0B5Q2M7Y4T9K6WAE" },
    ])
  }
  const m = MEDUSA_ID.exec(id)
  if (m) return m[1]
  return "Z" + base32(createHash("sha256").update(id, "utf8").digest(), 25)
}

/** `payses_<ULID>`, attempt 2 → `<ULID>-2` (≤ 30 chars). A new attempt gets a new number IOTPay will accept. */
export function mchOrderNoForSession(sessionId: string, attempt = 1): string {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > MAX_ATTEMPT) {
    throw new IotpayInvalidRequestError("id derivation", [
      { field: "attempt", message: `must be an integer from 1 to ${MAX_ATTEMPT} (got ${String(attempt)})` },
    ])
  }
  return `${idCore(sessionId, "sessionId")}-${attempt}`
}

/** Reverses mchOrderNoForSession for ULID-based ids; null for digest-based or foreign numbers. */
export function sessionIdFromMchOrderNo(mchOrderNo: string): { sessionId: string; attempt: number } | null {
  if (typeof mchOrderNo !== "string") return null
  const m = ORDER_NO.exec(mchOrderNo)
  if (!m) return null
  return { sessionId: `payses_${m[1]}`, attempt: Number(m[2]) }
}

/** `R`/`V`/`C` + 26 chars: one number per Medusa refund (or void/cancel), so a retry can never refund twice. */
export function mchRefundNoFor(kind: RefundNoKind, medusaId: string): string {
  const letter = KIND_LETTER[kind]
  if (!letter) {
    throw new IotpayInvalidRequestError("id derivation", [
      { field: "kind", message: `must be "refund", "void" or "cancel_refund" (got ${String(kind)})` },
    ])
  }
  return letter + idCore(medusaId, "medusaId")
}

/** Kind and ULID (null when digest-based) of a number made by mchRefundNoFor; null if it is not one of ours. */
export function parseMchRefundNo(mchRefundNo: string): { kind: RefundNoKind; ulid: string | null } | null {
  if (typeof mchRefundNo !== "string") return null
  const m = REFUND_NO.exec(mchRefundNo)
  if (!m) return null
  return { kind: LETTER_KIND[m[1]], ulid: m[2].startsWith("Z") ? null : m[2] }
}

/** A fresh IOTPay cardId: "CD" + 28 random base32 chars (140 bits), unguessable so nobody can charge another's card. */
export function newCardId(): string {
  return "CD" + base32(randomBytes(18), 28)
}
