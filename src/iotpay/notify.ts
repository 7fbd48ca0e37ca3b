import { IotpayBadResponseError } from "./errors"
import { issueText, orderRecordSchema, type OrderRecord } from "./schemas"
import { verifySignature } from "./sign"

/**
 * IOTPay's asynchronous notify. Only the signature makes it trustworthy: the body is checked over every field
 * received (IOTPay adds fields over time, so never over a fixed list), then the mchId, then the record's shape.
 * Notifies repeat and arrive out of order; the caller must apply them idempotently.
 */

export type NotifyResult = { ok: true; record: OrderRecord } | { ok: false; reason: string }

/** The body IOTPay expects back once a notify is handled; anything else makes it resend. */
export const NOTIFY_ACK = "SUCCESS"

export function parseNotify(
  fields: Record<string, unknown>,
  expected: { merchantId: string; secretKey: string }
): NotifyResult {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    return { ok: false, reason: "the notify body is not an object of fields" }
  }
  if (typeof fields.sign !== "string" || fields.sign === "") {
    return { ok: false, reason: "the notify carries no sign field" }
  }
  if (!verifySignature(fields, expected.secretKey)) {
    return { ok: false, reason: "the notify signature does not match (forged, altered, or a different secretKey)" }
  }
  const mchId = fields.mchId === undefined || fields.mchId === null ? "" : String(fields.mchId)
  if (mchId !== expected.merchantId) {
    return { ok: false, reason: "the notify is for a different merchant (mchId does not match)" }
  }
  const parsed = orderRecordSchema.safeParse(fields)
  if (!parsed.success) {
    return { ok: false, reason: `the notify is signed but not a valid order record (${issueText(parsed.error)})` }
  }
  const { sign: _sign, ...record } = parsed.data as OrderRecord & { sign?: unknown }
  return { ok: true, record: record as OrderRecord }
}

function fromPairs(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of params) {
    // A repeated field makes "which value was signed" ambiguous; refuse rather than guess.
    if (Object.prototype.hasOwnProperty.call(out, k)) throw badBody(`field "${k}" appears more than once`)
    out[k] = v
  }
  // v1 style: a single `params` field holding the JSON message.
  const keys = Object.keys(out)
  if (keys.length === 1 && keys[0] === "params" && typeof out.params === "string") {
    return parseJsonObject(out.params)
  }
  return out
}

function badBody(reason: string): IotpayBadResponseError {
  return new IotpayBadResponseError("notify", `undecodable notify body: ${reason}`)
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw badBody("it is not valid JSON")
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badBody("the JSON is not an object")
  }
  return value as Record<string, unknown>
}

/**
 * Turns whatever arrived at the notify URL into a field map: JSON (V3), form body (with or without a single
 * `params=<json>` field, v1 style), or, when the body is empty, the query string. Throws IotpayBadResponseError
 * if nothing decodable arrived; answer such a request with a non-SUCCESS body so IOTPay resends it.
 */
export function decodeNotifyBody(
  rawBody: string | Buffer | undefined | null,
  contentType?: string,
  query?: Record<string, string>
): Record<string, unknown> {
  const text = (Buffer.isBuffer(rawBody) ? rawBody.toString("utf8") : (rawBody ?? "")).replace(/^\uFEFF/, "").trim()
  const type = (contentType ?? "").toLowerCase()

  if (text !== "") {
    if (type.includes("json") || text.startsWith("{")) return parseJsonObject(text)
    return fromPairs(new URLSearchParams(text))
  }
  if (query && Object.keys(query).length > 0) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) params.append(k, String(v))
    return fromPairs(params)
  }
  throw badBody("the body and query string are both empty")
}
