import { iotpayErrorCodeOf, isNotFoundRejection, verifySignature } from "../iotpay"

/**
 * Reading IOTPay's answers the way the plugin's client does, so the doctor's verdicts match what the plugin will do.
 */

/** IOTPay's 4-digit code in a FAIL answer, read exactly as the client reads it. */
export const errorCodeOf = (body: Record<string, unknown>): string | undefined =>
  iotpayErrorCodeOf(body, retMsgOf(body))

export const retMsgOf = (body: Record<string, unknown>): string => (typeof body.retMsg === "string" ? body.retMsg : "")

export const isSuccess = (body: Record<string, unknown> | undefined): boolean => body?.retCode === "SUCCESS"

/** retData as an object (IOTPay sometimes double-encodes it as a JSON string). */
export function retDataOf(body: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  let data = body?.retData
  if (typeof data === "string" && data.trim().startsWith("{")) {
    try {
      data = JSON.parse(data)
    } catch {
      return undefined
    }
  }
  return typeof data === "object" && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined
}

export type FailKind = "signature" | "merchant" | "login" | "not-found" | "other"

/** What a FAIL answer is about. */
export function failKind(body: Record<string, unknown>): FailKind {
  const code = errorCodeOf(body)
  const msg = retMsgOf(body)
  if (code === "0013" || /sign/i.test(msg)) return "signature"
  if (code === "0015" || (/merchant/i.test(msg) && /not\s+exist/i.test(msg) && !/order/i.test(msg))) return "merchant"
  if (/login/i.test(msg)) return "login"
  if (isNotFoundRejection(msg, code)) return "not-found"
  return "other"
}

/** Whether a signed record's `sign` verifies with this key; undefined when it carries no sign. */
export function signatureOf(
  record: Record<string, unknown> | undefined,
  secretKey: string
): "valid" | "invalid" | undefined {
  const sign = record?.sign
  if (sign === undefined || sign === null || sign === "") return undefined
  return verifySignature(record!, secretKey) ? "valid" : "invalid"
}

/** "FAIL [0112] merchant order id does not exist" — a short line for a report. */
export function describeAnswer(body: Record<string, unknown> | undefined): string {
  if (!body) return "no answer"
  const code = errorCodeOf(body)
  const msg = retMsgOf(body)
  return `${String(body.retCode)}${code ? ` [${code}]` : ""}${msg ? ` "${msg}"` : ""}`
}
