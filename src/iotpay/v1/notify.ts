import { verifySignature } from "../sign"
import { v1OrderSchema, type V1Order } from "./schemas"
import { issueText } from "../schemas"

/**
 * The v1 asynchronous notify (docs/iotpay-v1-protocol.md §8). IOTPay does not say how it is sent; the evidence says
 * POST to notifyUrl with the fields in the query string and (at least) `sign` in a form body. So every transport is
 * accepted and merged: query string, form body (plain, or one `params=<json>` field), JSON body. Only the signature,
 * over every field received, makes the result trustworthy.
 */

/** What IOTPay expects back once a v1 notify is handled (V3 says "SUCCESS"); anything else makes it resend. */
export const V1_NOTIFY_ACK = "success"

export interface V1NotifyRequest {
  /** GET or POST; anything else is refused. Absent: not checked. */
  method?: string
  /** The raw query string (with or without "?"), a URLSearchParams, or a framework's parsed query object. */
  query?: string | URLSearchParams | Record<string, unknown>
  /** The raw body, or a framework's parsed body (an object). */
  body?: string | Buffer | Record<string, unknown> | null
  contentType?: string
}

export interface V1Notify extends V1Order {
  /** 1: delivered through the shopper's browser (redirect it), 2: server to server (answer V1_NOTIFY_ACK). */
  backType?: number
}

export type V1NotifyResult =
  { ok: true; notify: V1Notify; fields: Record<string, unknown> } | { ok: false; reason: string }

function addAll(
  into: Map<string, unknown>,
  entries: Iterable<[string, unknown]>,
  source: string,
  seen: Set<string>
): void {
  for (const [name, value] of entries) {
    const v = Array.isArray(value) ? (value.length === 1 ? value[0] : value) : value
    if (Array.isArray(v)) throw new Error(`field "${name}" appears more than once in the ${source}`)
    if (seen.has(name)) throw new Error(`field "${name}" appears more than once in the ${source}`)
    seen.add(name)
    // The same field in two places must say the same thing, or which one was signed is ambiguous.
    if (into.has(name) && String(into.get(name)) !== String(v)) {
      throw new Error(`field "${name}" differs between the query string and the body`)
    }
    into.set(name, v)
  }
}

function jsonObject(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new Error("the body is not valid JSON")
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("the JSON is not an object")
  return value as Record<string, unknown>
}

/** A form or query with a single `params` field holding the JSON message (the v1 request wrapping). */
function unwrapParams(entries: [string, unknown][]): [string, unknown][] {
  if (entries.length === 1 && entries[0][0] === "params" && typeof entries[0][1] === "string") {
    return Object.entries(jsonObject(entries[0][1]))
  }
  return entries
}

function queryEntries(query: V1NotifyRequest["query"]): [string, unknown][] {
  if (query === undefined) return []
  if (typeof query === "string") return [...new URLSearchParams(query.replace(/^\?/, ""))]
  if (query instanceof URLSearchParams) return [...query]
  return Object.entries(query).filter(([, v]) => v !== undefined)
}

function bodyEntries(body: V1NotifyRequest["body"], contentType: string): [string, unknown][] {
  if (body === undefined || body === null) return []
  if (!Buffer.isBuffer(body) && typeof body === "object") return Object.entries(body)
  const text = (Buffer.isBuffer(body) ? body.toString("utf8") : body).replace(/^\uFEFF/, "").trim()
  if (text === "") return []
  if (contentType.toLowerCase().includes("json") || text.startsWith("{")) return Object.entries(jsonObject(text))
  return [...new URLSearchParams(text)]
}

/**
 * All the fields of a notify request, merged from the query string and the body. Throws an Error with the reason
 * when nothing usable arrived or the two disagree; answer such a request with something other than "success".
 */
export function collectV1NotifyFields(req: V1NotifyRequest): Record<string, unknown> {
  const method = req.method?.toUpperCase()
  if (method !== undefined && method !== "GET" && method !== "POST") throw new Error(`method ${method} is not a notify`)
  const merged = new Map<string, unknown>()
  addAll(merged, unwrapParams(queryEntries(req.query)), "query string", new Set())
  addAll(merged, unwrapParams(bodyEntries(req.body, req.contentType ?? "")), "body", new Set())
  if (merged.size === 0) throw new Error("the notify carries no fields (empty query string and body)")
  return Object.fromEntries(merged)
}

/**
 * Verifies and reads v1 notify fields: `sign` (32 hex characters, checked before any comparison, compared in
 * constant time over every field received), then mchId, then the order shape. The caller still compares amount and
 * currency with its own order and applies the notify idempotently (they repeat).
 */
export function parseV1Notify(
  fields: Record<string, unknown>,
  expected: { merchantId: string; secretKey: string }
): V1NotifyResult {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    return { ok: false, reason: "the notify is not an object of fields" }
  }
  if (typeof fields.sign !== "string" || fields.sign === "") return { ok: false, reason: "the notify carries no sign" }
  if (!verifySignature(fields, expected.secretKey)) {
    return { ok: false, reason: "the notify signature does not match (forged, altered, or a different secretKey)" }
  }
  if (String(fields.mchId ?? "") !== expected.merchantId) {
    return { ok: false, reason: "the notify is for a different merchant (mchId does not match)" }
  }
  const parsed = v1OrderSchema.safeParse(fields)
  if (!parsed.success) {
    return { ok: false, reason: `the notify is signed but not a valid order (${issueText(parsed.error)})` }
  }
  const { sign: _sign, ...notify } = parsed.data as V1Notify & { sign?: unknown }
  return { ok: true, notify, fields }
}

/** collectV1NotifyFields + parseV1Notify: never throws; an undecodable request is `ok: false` with the reason. */
export function readV1Notify(
  req: V1NotifyRequest,
  expected: { merchantId: string; secretKey: string }
): V1NotifyResult {
  let fields: Record<string, unknown>
  try {
    fields = collectV1NotifyFields(req)
  } catch (e) {
    return { ok: false, reason: `undecodable notify: ${(e as Error).message}` }
  }
  return parseV1Notify(fields, expected)
}
