import { parseArgs } from "node:util"

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
                          then a partial refund, a void and their repeats; every cent is given back
  --amount CENTS          the test purchase, 2 to 100 cents (default 100 = 1.00 CAD)
  --payment-timeout SECS  how long to wait for the hosted page to be paid (default 600)
  --return-url URL        where the hosted page sends you afterwards (default https://example.com/iotpay-doctor)
  --notify-url URL        where IOTPay sends its notify (default https://example.com/iotpay-doctor/notify)
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
  let host: string
  try {
    const url = new URL(apiBase)
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error()
    host = url.hostname
  } catch {
    throw new DoctorUsageError(`--api-base must be an http(s) URL, e.g. ${IOTPAY_TEST_API_BASE}`)
  }
  const live = values.live === true
  if (LIVE_HOSTS.has(host) && !live) {
    throw new DoctorUsageError(
      `${apiBase} is IOTPay's LIVE host: add --live to run there (use ${IOTPAY_TEST_API_BASE} to test)`
    )
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
  }
}
