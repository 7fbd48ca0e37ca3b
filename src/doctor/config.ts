import { parseArgs } from "node:util"
import { V1_CHANNEL_CURRENCIES } from "../iotpay"

/** The doctor's settings from flags and the same environment variables the provider's demo config reads. */
export const IOTPAY_TEST_API_BASE = "https://ccdev.iotpaycloud.com/v3"
const LIVE_HOSTS = new Set(["ccapi.iotpaycloud.com", "api.iotpaycloud.com"])

export interface DoctorConfig {
  merchantId: string
  loginName: string
  secretKey: string
  apiBase: string
  live: boolean
  json: boolean
  withTestPayment: boolean
  amountCents: number
  returnUrl: string
  notifyUrl: string
  paymentTimeoutMs: number
  pollIntervalMs: number
  timeoutMs: number
  /** IOTPay's v1 API (WeChat Pay, Alipay, UnionPay); absent: the v1 questions are not asked. */
  v1ApiBase?: string
  /** Where the v1 refund query is tried (IOTPay's page for it is unreadable; the sandbox serves this path). */
  v1RefundQueryPath: string
  /** The v1 test payment, in cents: the smallest that can be refunded in two parts. */
  v1AmountCents: number
  /** The v1 test payment's currency: what the merchant account settles (a US merchant's is USD). */
  v1Currency: string
  /** clientIp sent with the v1 test payment and its refunds. */
  clientIp: string
  /** Listen for IOTPay's notifies on this port during the test payment (needs --notify-url reaching it). */
  notifyListenPort?: number
  /** How long to wait for a notify once the test payment is paid. */
  notifyWaitMs: number
}

export class DoctorUsageError extends Error {}

export const HELP = `iotpay-doctor: asks IOTPay the questions its docs leave open and prints the provider options that match.

Usage: iotpay-doctor --merchant-id ID --login-name NAME --secret-key KEY [options]
  --merchant-id ID        IOTPay mchId (env IOTPAY_MERCHANT_ID)
  --login-name NAME       IOTPay login name (env IOTPAY_LOGIN_NAME)
  --secret-key KEY        signing key (env IOTPAY_SECRET_KEY; never printed)
  --api-base URL          default ${IOTPAY_TEST_API_BASE}, IOTPay's test host (env IOTPAY_API_BASE)
  --live                  allow IOTPay's live host (ccapi.iotpaycloud.com); refused without it
  --with-test-payment     also make one small purchase you pay on IOTPay's hosted page with IOTPay's test card,
                          then a partial refund, a void and their repeats; every cent is given back. With
                          --v1-api-base also a 0.02 (--v1-currency) WeChat Pay QR (WX_NATIVE) you pay, a partial refund, its
                          repeat and the refund query; every cent is given back
  --amount CENTS          the test purchase, 2 to 100 cents (default 100 = 1.00 CAD)
  --payment-timeout SECS  how long to wait for the hosted page to be paid (default 600)
  --return-url URL        where the hosted page sends you afterwards (default https://example.com/iotpay-doctor)
  --notify-url URL        where IOTPay sends its notify (default https://example.com/iotpay-doctor/notify)
  --notify-listen PORT    listen on PORT during the test payment and report how IOTPay's notifies arrive (method,
                          content type, encoding, where the fields are, signature); --notify-url must be a public
                          URL (no '?') that reaches PORT
  --v1-api-base URL       also ask IOTPay's v1 API (WeChat Pay, Alipay, UnionPay) (env IOTPAY_V1_API_BASE); IOTPay
                          documents no v1 test host, and its production host api.iotpaycloud.com/v1 needs --live
  --v1-refund-query-path PATH  where the v1 refund query is tried (default query_refund_order)
  --v1-currency CUR       currency of the v1 test payment: CAD (default), USD for a US merchant, or CNY (the first of
                          IOTPAY_CURRENCIES when set)
  --client-ip IP          clientIp of the v1 test payment and refunds (default 127.0.0.1)
  --json                  the report as JSON
  -h, --help              this text

Exit codes: 0 the run completed; 1 usage; 2 credentials refused; 3 IOTPay unreachable or not answering as IOTPay;
4 the test payment did not complete (not paid, declined, or money left to give back).`

export function parseDoctorArgs(argv: string[], env: NodeJS.ProcessEnv): DoctorConfig | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      "merchant-id": { type: "string" },
      "login-name": { type: "string" },
      "secret-key": { type: "string" },
      "api-base": { type: "string" },
      live: { type: "boolean" },
      json: { type: "boolean" },
      "with-test-payment": { type: "boolean" },
      amount: { type: "string" },
      "payment-timeout": { type: "string" },
      "return-url": { type: "string" },
      "notify-url": { type: "string" },
      "notify-listen": { type: "string" },
      "v1-api-base": { type: "string" },
      "v1-refund-query-path": { type: "string" },
      "client-ip": { type: "string" },
      "v1-currency": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  })
  if (values.help) return "help"
  const need = (flag: string, envName: string) => {
    const v = (values as Record<string, string | undefined>)[flag] ?? env[envName]
    if (!v) throw new DoctorUsageError(`--${flag} (or ${envName}) is required`)
    return v
  }
  const apiBase = values["api-base"] ?? env.IOTPAY_API_BASE ?? IOTPAY_TEST_API_BASE
  const live = values.live === true
  checkHost("--api-base", apiBase, live, `e.g. ${IOTPAY_TEST_API_BASE}`)
  const v1ApiBase = values["v1-api-base"] ?? env.IOTPAY_V1_API_BASE
  if (v1ApiBase !== undefined) checkHost("--v1-api-base", v1ApiBase, live, "e.g. a sandbox's http://host:port/v1")
  const v1RefundQueryPath = values["v1-refund-query-path"] ?? "query_refund_order"
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(v1RefundQueryPath)) {
    throw new DoctorUsageError('--v1-refund-query-path is a path under the v1 API base, e.g. "query_refund_order"')
  }
  const v1Currency = (values["v1-currency"] ?? env.IOTPAY_CURRENCIES?.split(",")[0] ?? "CAD").trim().toUpperCase()
  const takes: readonly string[] = V1_CHANNEL_CURRENCIES.WX_NATIVE
  if (!takes.includes(v1Currency)) {
    throw new DoctorUsageError(
      `--v1-currency is ${JSON.stringify(v1Currency)}; IOTPay's WX_NATIVE takes ${takes.join(", ")}: set the one your ` +
        `merchant account settles`
    )
  }
  const listen = values["notify-listen"]
  const notifyListenPort = listen === undefined ? undefined : Number(listen)
  if (
    notifyListenPort !== undefined &&
    (!Number.isInteger(notifyListenPort) || notifyListenPort < 1 || notifyListenPort > 65535)
  ) {
    throw new DoctorUsageError("--notify-listen is a port number, 1 to 65535")
  }
  if (notifyListenPort !== undefined && values["notify-url"] === undefined) {
    throw new DoctorUsageError(
      "--notify-listen needs --notify-url: the public URL (no '?') at which IOTPay reaches this port"
    )
  }
  if (values["notify-url"]?.includes("?")) {
    throw new DoctorUsageError("--notify-url must not contain '?' (IOTPay refuses it)")
  }
  const amountCents = Number(values.amount ?? 100)
  if (!Number.isInteger(amountCents) || amountCents < 2 || amountCents > 100) {
    throw new DoctorUsageError("--amount is in cents, 2 to 100 (a partial refund needs at least 2)")
  }
  const timeoutSecs = Number(values["payment-timeout"] ?? 600)
  if (!Number.isFinite(timeoutSecs) || timeoutSecs <= 0) throw new DoctorUsageError("--payment-timeout is seconds, > 0")
  return {
    merchantId: need("merchant-id", "IOTPAY_MERCHANT_ID"),
    loginName: need("login-name", "IOTPAY_LOGIN_NAME"),
    secretKey: need("secret-key", "IOTPAY_SECRET_KEY"),
    apiBase,
    live,
    json: values.json === true,
    withTestPayment: values["with-test-payment"] === true,
    amountCents,
    returnUrl: values["return-url"] ?? "https://example.com/iotpay-doctor",
    notifyUrl: values["notify-url"] ?? "https://example.com/iotpay-doctor/notify",
    paymentTimeoutMs: timeoutSecs * 1000,
    pollIntervalMs: 3000,
    timeoutMs: 20_000,
    ...(v1ApiBase !== undefined ? { v1ApiBase } : {}),
    v1RefundQueryPath,
    v1AmountCents: 2,
    v1Currency,
    clientIp: values["client-ip"] ?? "127.0.0.1",
    ...(notifyListenPort !== undefined ? { notifyListenPort } : {}),
    notifyWaitMs: 30_000,
  }
}

/** An http(s) URL, and IOTPay's live hosts only with --live. */
function checkHost(flag: string, base: string, live: boolean, example: string): void {
  let host: string
  try {
    const url = new URL(base)
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error()
    host = url.hostname
  } catch {
    throw new DoctorUsageError(`${flag} must be an http(s) URL, ${example}`)
  }
  if (LIVE_HOSTS.has(host) && !live) {
    throw new DoctorUsageError(
      `${base} is IOTPay's LIVE host: add --live to run there (use ${IOTPAY_TEST_API_BASE} to test)`
    )
  }
}
