import { randomFillSync } from "node:crypto"
import { CROCKFORD as ALPHABET } from "../../iotpay/ids"

/** Random bytes drawn in blocks: one system call per 256 ids instead of one per character. */
const pool = Buffer.allocUnsafe(4096)
let used = pool.length

/**
 * `<prefix>_<ULID>`, the shape of Medusa's `generateEntityId`, for the inbox's hot path: one id per first delivery.
 * Medusa's version draws each of a ULID's 16 random characters with its own `crypto.randomBytes(1)`; under a burst of
 * distinct notifies that was 6 % of the process's CPU (`npm run bench`, first deliveries). Same layout: 10 characters
 * of the millisecond time (ids still sort by creation), then 80 random bits, each character from one random byte
 * (256 is a multiple of 32, so every character is equally likely).
 */
export function entityId(prefix: string, now = Date.now()): string {
  let time = ""
  for (let i = 0, t = now; i < 10; i++, t = Math.floor(t / 32)) {
    time = ALPHABET[t % 32] + time
  }
  if (used + 16 > pool.length) {
    randomFillSync(pool)
    used = 0
  }
  let random = ""
  for (const end = used + 16; used < end; used++) {
    random += ALPHABET[pool[used] & 31]
  }
  return `${prefix}_${time}${random}`
}
