import { randomBytes } from "node:crypto"

/**
 * Numbers the doctor sends: recognisable in IOTPay's portal ("DOC" prefix), unique per run, ≤ 30 characters and
 * free of '&' / '=' like every merchant number.
 */
export function doctorNumber(prefix: string): string {
  return `${prefix}${Date.now().toString(36).toUpperCase()}${randomBytes(6).toString("hex").toUpperCase()}`.slice(0, 30)
}
