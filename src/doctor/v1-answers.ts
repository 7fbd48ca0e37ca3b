import { iotpayErrorCodeOf, isNotFoundRejection } from "../iotpay"

/**
 * Reading IOTPay's v1 answers (docs/iotpay-v1-protocol.md §3): retCode (did the call get through), resCode (the
 * operation), errCode.
 */

/** errCodeDes and retMsg: v1 puts a refusal's text in either. */
export const v1TextOf = (body: Record<string, unknown>): string =>
  [body.errCodeDes, body.retMsg].filter((t) => typeof t === "string" && t.trim() !== "").join(" / ")

export const v1CodeOf = (body: Record<string, unknown>): string | undefined => {
  const raw = typeof body.errCode === "string" ? body.errCode.trim() : undefined
  return raw && /^[A-Z_]{3,32}$/i.test(raw) ? raw.toUpperCase() : iotpayErrorCodeOf(body, v1TextOf(body))
}

/** Both codes SUCCESS: the only answer that means the operation was done. */
export const isV1Success = (body: Record<string, unknown> | undefined): boolean =>
  body?.retCode === "SUCCESS" && body?.resCode === "SUCCESS"

export type V1FailKind = "signature" | "merchant" | "not-found" | "other"

export function v1FailKind(body: Record<string, unknown>): V1FailKind {
  const code = v1CodeOf(body)
  const text = v1TextOf(body)
  if (code === "0013" || /sign/i.test(text)) return "signature"
  if (code === "0015" || /merchant (?:does )?not exist/i.test(text)) return "merchant"
  if (isNotFoundRejection(text, code)) return "not-found"
  return "other"
}

/** "retCode SUCCESS, resCode FAIL, errCode 0112 "merchant order id does not exist"" — for a report. */
export function describeV1Answer(body: Record<string, unknown> | undefined): string {
  if (!body) return "no answer"
  const code = v1CodeOf(body)
  const text = v1TextOf(body)
  return [
    `retCode ${String(body.retCode)}`,
    `resCode ${body.resCode === undefined ? "-" : String(body.resCode)}`,
    `errCode ${code ?? "-"}`,
  ]
    .join(", ")
    .concat(text ? ` "${text}"` : "")
}
