import { withSignature, type SignableParams } from "../sign"

/**
 * v1's request encoding (docs/iotpay-v1-protocol.md §1, §2): the signing rule is V3's (same MD5, same key, empties
 * dropped, ASCII sort), so ../sign is used as is; what differs is the wrapping. The signed JSON travels as the single
 * form field
 * `params`, properly URL-encoded (IOTPay's own PHP sample posts it raw, which breaks on `&`, `+` or `%` in a subject).
 */

export const V1_CONTENT_TYPE = "application/x-www-form-urlencoded;charset=UTF-8"

/** The message with empty fields left out (they are not signed, so they are not sent either), then signed. */
export function signV1Message(params: SignableParams, secretKey: string): Record<string, unknown> & { sign: string } {
  const kept = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""))
  return withSignature(kept, secretKey)
}

/** `params=<url-encoded compact JSON>`: the whole request body. */
export function encodeV1Body(signed: Record<string, unknown>): string {
  return new URLSearchParams({ params: JSON.stringify(signed) }).toString()
}
