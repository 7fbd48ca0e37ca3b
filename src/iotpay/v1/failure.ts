import {
  IotpayBadResponseError,
  IotpayNotFoundError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  iotpayErrorCodeOf,
  isNotFoundRejection,
  type IotpayError,
} from "../errors"
import type { V1Envelope } from "./schemas"

/**
 * Turns a v1 FAIL (retCode FAIL: the call did not get through; or resCode FAIL: the operation was refused) into the
 * error kind that tells the caller what to do (docs/iotpay-v1-protocol.md §3).
 */

/**
 * Codes saying IOTPay or the wallet behind it failed or timed out mid-way (0010 system error/timeout, 0110 wallet
 * timeout, 0111 wallet exception, 0118 database error, SYSTEMERROR): on a call that moves money the wallet may have
 * acted, so for those calls they are an unknown outcome, never a clean refusal.
 */
/** The v1 call that settles an unknown outcome; named in error messages instead of V3's cc_query. */
export const V1_SETTLING_QUERY = "query_order"

/** An unusable answer, with v1's advice (query_order) in its message. */
export function v1BadResponse(endpoint: string, reason: string, options?: { status?: number }): IotpayBadResponseError {
  return new IotpayBadResponseError(endpoint, reason, { ...options, query: V1_SETTLING_QUERY })
}

const MIDWAY_FAILURES = new Set(["0010", "0110", "0111", "0118", "SYSTEMERROR"])

function codeOf(body: Record<string, unknown>, envelope: V1Envelope): string | undefined {
  const raw = envelope.errCode?.trim()
  if (raw && /^[A-Z_]{3,32}$/i.test(raw)) return raw.toUpperCase()
  return iotpayErrorCodeOf(body, `${envelope.errCodeDes ?? ""} ${envelope.retMsg ?? ""}`)
}

export function v1Failure(
  endpoint: string,
  envelope: V1Envelope,
  body: Record<string, unknown>,
  how: { readOnly: boolean }
): IotpayError {
  const errorCode = codeOf(body, envelope)
  const message = [envelope.errCodeDes, envelope.retMsg].filter((m) => m && m.trim() !== "").join(" / ")
  // Whatever retCode says: the docs do not tell whether a system error can come after the wallet was called.
  if (!how.readOnly && errorCode && MIDWAY_FAILURES.has(errorCode)) {
    return new IotpayOutcomeUnknownError(
      endpoint,
      `IOTPay answered errCode ${errorCode} (${message || "no text"})`,
      undefined,
      {
        query: V1_SETTLING_QUERY,
      }
    )
  }
  const details = { errCode: envelope.errCode, retCode: envelope.retCode, resCode: envelope.resCode }
  // Only a query's "no such order" means "nothing there"; on a mutating call it is an ordinary refusal.
  if (how.readOnly && isNotFoundRejection(message, errorCode)) {
    return new IotpayNotFoundError(endpoint, message, { errorCode, details })
  }
  return new IotpayRejectedError(endpoint, message, { errorCode, details })
}
