/** Startup options of the sandbox, their defaults and validation. */

export interface SandboxLogger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export interface SandboxOptions {
  /** 0 (default) picks a free port; the CLI defaults to 4848. */
  port?: number
  host?: string
  merchantId?: string
  loginName?: string
  secretKey?: string
  /** Base URL shoppers' browsers use to reach the hosted pages (when the sandbox sits behind a proxy/container). */
  publicUrl?: string
  /** How long a secureId (hosted page) stays usable; IOTPay says about an hour. */
  secureIdTtlMs?: number
  /** false: cc_refund of an unsettled payment fails with "transaction not settled yet, use void". */
  refundBeforeSettlement?: boolean
  /**
   * A repeated mchRefundNo with identical parameters (IOTPay's docs leave it open): "replay" (default) answers the
   * original record again, "refuse" answers FAIL "mchRefundNo already exists". Nothing moves twice either way.
   */
  repeatedRefundNo?: RepeatedRefundNo
  /** cc_query by mchOrderNo also finds a refund/void by its mchRefundNo (default true; false: "does not exist"). */
  queryByRefundNo?: boolean
  /** Every retData record carries a `sign` (default true; false: answers are unsigned, notifies stay signed). */
  signResponses?: boolean
  /** Payments settle by themselves this long after success; absent: only POST /_sandbox/settle settles. */
  autoSettleMs?: number
  /** Delay before each notify attempt; its length is the number of tries. */
  notifyRetryDelaysMs?: number[]
  /** Per-attempt timeout of a notify POST. */
  notifyTimeoutMs?: number
  /** UPI_EX: time between the approved hosted page (status 0) and the success (status 2 + notify). */
  upiDelayMs?: number
  /** Persist state as JSON here (loaded at start, rewritten after mutations). */
  stateFile?: string
  logger?: SandboxLogger
}

export const REPEATED_REFUND_NO = ["replay", "refuse"] as const
export type RepeatedRefundNo = (typeof REPEATED_REFUND_NO)[number]

export type ResolvedOptions = Required<Omit<SandboxOptions, "publicUrl" | "autoSettleMs" | "stateFile">> &
  Pick<SandboxOptions, "publicUrl" | "autoSettleMs" | "stateFile">

export const DEFAULT_MERCHANT_ID = "10000701"
export const DEFAULT_LOGIN_NAME = "demo"
export const DEFAULT_SECRET_KEY = "sandbox-secret-key"
export const DEFAULT_CLI_PORT = 4848
/** Growing intervals, like the open-source system IOTPay derives from (README "Notify"). */
export const DEFAULT_NOTIFY_RETRY_DELAYS_MS = [0, 15_000, 60_000, 180_000, 600_000]
/** What `--notify-fast` uses: same number of tries, seconds instead of minutes. */
export const FAST_NOTIFY_RETRY_DELAYS_MS = [0, 1_000, 2_000, 4_000, 8_000]

const silentLogger: SandboxLogger = { info() {}, warn() {}, error() {} }

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isFinite(v) || v < 0) throw new TypeError(`sandbox option ${name} must be a number >= 0`)
  return v
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const delays = options.notifyRetryDelaysMs ?? DEFAULT_NOTIFY_RETRY_DELAYS_MS
  if (!Array.isArray(delays) || delays.length === 0 || delays.some((d) => !Number.isFinite(d) || d < 0)) {
    throw new TypeError("sandbox option notifyRetryDelaysMs must be a non-empty array of numbers >= 0")
  }
  for (const name of ["merchantId", "loginName", "secretKey"] as const) {
    const v = options[name]
    if (v !== undefined && (typeof v !== "string" || v === "")) {
      throw new TypeError(`sandbox option ${name} must be a non-empty string`)
    }
  }
  if (options.repeatedRefundNo !== undefined && !REPEATED_REFUND_NO.includes(options.repeatedRefundNo)) {
    throw new TypeError(`sandbox option repeatedRefundNo must be ${REPEATED_REFUND_NO.join(" or ")}`)
  }
  if (options.autoSettleMs !== undefined) nonNegative("autoSettleMs", options.autoSettleMs, 0)
  return {
    port: nonNegative("port", options.port, 0),
    host: options.host ?? "127.0.0.1",
    merchantId: options.merchantId ?? DEFAULT_MERCHANT_ID,
    loginName: options.loginName ?? DEFAULT_LOGIN_NAME,
    secretKey: options.secretKey ?? DEFAULT_SECRET_KEY,
    publicUrl: options.publicUrl?.replace(/\/+$/, ""),
    secureIdTtlMs: nonNegative("secureIdTtlMs", options.secureIdTtlMs, 60 * 60 * 1000),
    refundBeforeSettlement: options.refundBeforeSettlement ?? true,
    repeatedRefundNo: options.repeatedRefundNo ?? "replay",
    queryByRefundNo: options.queryByRefundNo ?? true,
    signResponses: options.signResponses ?? true,
    autoSettleMs: options.autoSettleMs,
    notifyRetryDelaysMs: [...delays],
    notifyTimeoutMs: nonNegative("notifyTimeoutMs", options.notifyTimeoutMs, 10_000),
    upiDelayMs: nonNegative("upiDelayMs", options.upiDelayMs, 5_000),
    stateFile: options.stateFile,
    logger: options.logger ?? silentLogger,
  }
}

/** The behaviours IOTPay's docs leave open, as this sandbox runs them (shown by GET /_sandbox/health). */
export function modesOf(o: ResolvedOptions) {
  return {
    refundBeforeSettlement: o.refundBeforeSettlement,
    repeatedRefundNo: o.repeatedRefundNo,
    queryByRefundNo: o.queryByRefundNo,
    signResponses: o.signResponses,
    autoSettleMs: o.autoSettleMs ?? null,
  }
}
