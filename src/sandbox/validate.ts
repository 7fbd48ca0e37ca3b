/**
 * Request field checks, the server side's own (the sandbox must catch what a buggy client sends, so it shares
 * nothing with the client's validation). A failed check throws RequestError; its message becomes retMsg.
 */

export class RequestError extends Error {}

export type Fields = Record<string, unknown>

/** Documented lengths: ids String(30), loginName String(12), subject 64, body 250, urls 200, clientIp 50. */
export const MAX = { id: 30, loginName: 12, subject: 64, body: 250, url: 200, clientIp: 50, wallet: 20_000 } as const

export function optionalString(fields: Fields, name: string, max: number): string | undefined {
  const v = fields[name]
  if (v === undefined || v === null || v === "") return undefined
  if (typeof v !== "string") throw new RequestError(`${name} must be a string`)
  if (v.length > max) throw new RequestError(`${name} exceeds ${max} characters`)
  return v
}

export function requiredString(fields: Fields, name: string, max: number): string {
  const v = optionalString(fields, name, max)
  if (v === undefined) throw new RequestError(`${name} is required`)
  return v
}

/** Amounts are integer cents > 0, sent as JSON numbers. */
export function amount(fields: Fields, name: string): number {
  const v = fields[name]
  if (v === undefined || v === null || v === "") throw new RequestError(`${name} is required`)
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new RequestError(`${name} must be an integer (cents)`)
  if (v <= 0) throw new RequestError(`${name} must be greater than 0`)
  return v
}

export function currency(fields: Fields): "CAD" {
  const v = requiredString(fields, "currency", 3)
  if (v !== "CAD") throw new RequestError("currency not supported, only CAD")
  return v
}

export function url(fields: Fields, name: string, opts: { noQuery?: boolean } = {}): string {
  const v = requiredString(fields, name, MAX.url)
  let parsed: URL
  try {
    parsed = new URL(v)
  } catch {
    throw new RequestError(`${name} is not a valid URL`)
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new RequestError(`${name} must be http(s)`)
  // IOTPay documents that notifyUrl must not carry a query string.
  if (opts.noQuery && v.includes("?")) throw new RequestError(`${name} must not contain '?'`)
  return v
}

/** IOTPay's docs name it `channel`, its SDK sends `channelId`: accept either. */
export function channel(fields: Fields, allowed: readonly string[]): string {
  const v = optionalString(fields, "channel", 20) ?? optionalString(fields, "channelId", 20)
  if (v === undefined) throw new RequestError("channel is required")
  if (!allowed.includes(v)) throw new RequestError(`channel must be ${allowed.join(" or ")}`)
  return v
}
