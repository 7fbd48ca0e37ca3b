import { redactFields, redactText } from "./redact"

/**
 * Every failure talking to IOTPay is one of five kinds, because each kind demands a different reaction:
 * rejected (IOTPay said no), outcome_unknown (must query before acting), unreachable (safe to retry),
 * bad_response (IOTPay or something in between misbehaved), invalid_request (our bug or bad input; nothing sent).
 * Messages never contain secrets, card numbers or CVVs: all free text passes through redactText.
 */
export type IotpayErrorKind = "rejected" | "outcome_unknown" | "unreachable" | "bad_response" | "invalid_request"

export class IotpayError extends Error {
  readonly kind: IotpayErrorKind
  readonly endpoint: string
  /** Redacted context for logs (never the raw request). */
  readonly details?: Record<string, unknown>
  /** The underlying network/parse error, when there is one. */
  declare readonly cause?: unknown

  constructor(
    kind: IotpayErrorKind,
    endpoint: string,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> }
  ) {
    super(redactText(message))
    // Set by hand: the project's TS lib (ES2021) lacks the ErrorOptions overload, the runtime (Node 20) has it.
    if (options?.cause !== undefined) {
      Object.defineProperty(this, "cause", { value: options.cause, writable: true, configurable: true })
    }
    // Once, here, for every subclass (stripe-node's way): the name is the class that was constructed.
    this.name = new.target.name
    this.kind = kind
    this.endpoint = endpoint
    if (options?.details) this.details = redactFields(options.details)
  }
}

/** IOTPay answered retCode FAIL. Retrying the same request will fail the same way unless the cause is fixed. */
export class IotpayRejectedError extends IotpayError {
  override readonly kind = "rejected" as const
  readonly retMsg: string
  /** IOTPay's 4-digit code (e.g. "0013" signature error) when the answer carries one. */
  readonly errorCode?: string

  constructor(endpoint: string, retMsg: string, options?: { errorCode?: string; details?: Record<string, unknown> }) {
    const safeMsg = redactText(retMsg || "(no retMsg)")
    const code = options?.errorCode ? ` [${options.errorCode}]` : ""
    super(
      "rejected",
      endpoint,
      `IOTPay rejected ${endpoint}${code}: ${safeMsg}. ` +
        `Nothing was charged or changed by this call; fix the cause IOTPay names before trying again.`,
      { details: options?.details }
    )
    this.retMsg = safeMsg
    if (options?.errorCode) this.errorCode = options.errorCode
  }
}

/** IOTPay's 4-digit error codes (e.g. "0013 signature error") when the failure answer carries one. */
export function iotpayErrorCodeOf(body: Record<string, unknown>, retMsg: string): string | undefined {
  for (const key of ["errCode", "errorCode", "resCode", "code"]) {
    const v = body[key]
    if ((typeof v === "string" && /^\d{4}$/.test(v)) || (typeof v === "number" && Number.isInteger(v))) {
      return String(v).padStart(4, "0")
    }
  }
  return /(?:^|\D)(0\d{3})(?!\d)/.exec(retMsg)?.[1]
}

/** IOTPay's error code for "merchant order id does not exist". */
export const IOTPAY_ERR_ORDER_NOT_FOUND = "0112"

// IOTPay's documented codes that are NOT "no such order" (README "Error codes seen"): 0015 is "merchant does not
// exist", a configuration error, however its text reads.
const OTHER_DOCUMENTED_CODES = new Set(["0010", "0011", "0012", "0013", "0014", "0015", "0110", "0111", "0113", "0118"])

/**
 * Whether a retCode FAIL answer means "there is no such order/card" rather than any other refusal. True for
 * errCode 0112, or a retMsg saying "does not exist" / "not exist" / "not found" (case-insensitive), unless the
 * answer carries another documented code (system error 0010, signature error 0013, merchant does not exist 0015,
 * ...) or it is the merchant that does not exist. `notBinding` also counts "cardId is not binding" (cc_querycard's
 * answer for a cardId with no card saved).
 */
export function isNotFoundRejection(retMsg: string, errorCode?: string, options?: { notBinding?: boolean }): boolean {
  if (errorCode === IOTPAY_ERR_ORDER_NOT_FOUND) return true
  if (errorCode !== undefined && OTHER_DOCUMENTED_CODES.has(errorCode)) return false
  const msg = (retMsg ?? "").toLowerCase()
  if (options?.notBinding && /\bnot\s+(?:be\s+)?bind(?:ing|ed)?\b/.test(msg)) return true
  if (!/\bnot\s+(?:exist|exists|existed|found)\b/.test(msg)) return false
  // "merchant does not exist" (0015) is a wrong mchId, not a missing order: never read it as "nothing there".
  if (/\bmerchant\b/.test(msg) && !/\b(?:order|card|refund|payorder)/.test(msg)) return false
  return true
}

/**
 * IOTPay answered a query (cc_query / cc_querycard) with "no such order/card" (errCode 0112, "merchant order id
 * does not exist"). Only this refusal means "nothing there"; other FAILs (system error 0010, signature error
 * 0013, ...) are plain IotpayRejectedError and say nothing about whether the order exists.
 */
export class IotpayNotFoundError extends IotpayRejectedError {
  constructor(endpoint: string, retMsg: string, options?: { errorCode?: string; details?: Record<string, unknown> }) {
    super(endpoint, retMsg, options)
  }
}

/** True when IOTPay said the queried order/card does not exist (IotpayNotFoundError). */
export function isNotFound(error: unknown): error is IotpayNotFoundError {
  return error instanceof IotpayNotFoundError
}

/** The request left us but no answer came back: IOTPay may or may not have acted on it. */
export class IotpayOutcomeUnknownError extends IotpayError {
  override readonly kind = "outcome_unknown" as const

  /** `query`: the call that settles it, named in the message (V3's cc_query by default; v1 query_order). */
  constructor(endpoint: string, what: string, cause?: unknown, options?: { query?: string }) {
    super(
      "outcome_unknown",
      endpoint,
      `IOTPay ${endpoint}: ${what} after the request was sent, so the outcome is unknown. ` +
        `Do not resend blindly: query the order with ${options?.query ?? "cc_query"} (same mchOrderNo / payOrderId) before acting; ` +
        `if you must retry a refund or void, reuse the same mchRefundNo.`,
      { cause }
    )
  }
}

/** Nothing reached IOTPay (DNS, refused, connect timeout): retrying is safe. */
export class IotpayUnreachableError extends IotpayError {
  override readonly kind = "unreachable" as const

  constructor(endpoint: string, what: string, cause?: unknown) {
    super(
      "unreachable",
      endpoint,
      `IOTPay ${endpoint} could not be reached (${what}); the request was not delivered, so it is safe to retry. ` +
        `Check the apiBase setting and network/DNS if this persists.`,
      { cause }
    )
  }
}

/** IOTPay (or a proxy) answered with something we cannot trust or parse. For mutating calls, query before acting. */
export class IotpayBadResponseError extends IotpayError {
  override readonly kind = "bad_response" as const
  readonly status?: number
  readonly reason: string

  constructor(
    endpoint: string,
    reason: string,
    options?: { status?: number; cause?: unknown; details?: Record<string, unknown>; query?: string }
  ) {
    const status = options?.status !== undefined ? ` (HTTP ${options.status})` : ""
    super(
      "bad_response",
      endpoint,
      `IOTPay ${endpoint} returned an unusable response${status}: ${reason}. ` +
        `The request may have been processed; query the order (${options?.query ?? "cc_query"}) before retrying a payment, refund or void.`,
      { cause: options?.cause, details: options?.details }
    )
    this.reason = redactText(reason)
    if (options?.status !== undefined) this.status = options.status
  }
}

export interface IotpayIssue {
  field: string
  message: string
}

/** Our own input failed validation; nothing was sent to IOTPay. */
export class IotpayInvalidRequestError extends IotpayError {
  override readonly kind = "invalid_request" as const
  readonly issues: IotpayIssue[]

  constructor(endpoint: string, issues: IotpayIssue[]) {
    const list = issues.map((i) => `${i.field}: ${i.message}`).join("; ")
    super(
      "invalid_request",
      endpoint,
      `Invalid ${endpoint} request, nothing was sent to IOTPay. ${list}. Correct these fields and call again.`
    )
    this.issues = issues.map((i) => ({ field: i.field, message: redactText(i.message) }))
  }
}

export function isIotpayError(e: unknown): e is IotpayError {
  return e instanceof IotpayError
}
