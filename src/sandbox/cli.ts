/** `iotpay-sandbox`: argument parsing, --help, startup banner, clean exit on SIGINT/SIGTERM. */
import { parseArgs } from "node:util"
import { TEST_CARDS, TEST_WALLET_TOKENS, UNKNOWN_CARD_REASON, UNKNOWN_WALLET_REASON } from "./cards"
import { startSandbox, type RunningSandbox } from "./index"
import { v1Help } from "./v1/help"
import {
  DEFAULT_CLI_PORT,
  DEFAULT_LOGIN_NAME,
  DEFAULT_MERCHANT_ID,
  DEFAULT_SECRET_KEY,
  FAST_NOTIFY_RETRY_DELAYS_MS,
  REPEATED_REFUND_NO,
  type RepeatedRefundNo,
  type SandboxOptions,
} from "./options"

export class CliUsageError extends Error {}

export function helpText(): string {
  const cards = Object.values(TEST_CARDS).map((c) => `  ${c.number}  ${c.brand.padEnd(10)} ${c.description}`)
  const wallets = Object.entries(TEST_WALLET_TOKENS).map(([, t]) => `  ${t.walletData.padEnd(26)} ${t.description}`)
  return [
    "iotpay-sandbox: a local simulator of IOTPay's Credit Card V3 gateway and v1 General Order API (WeChat Pay,",
    "Alipay, UnionPay) (no real money).",
    "",
    "Usage: iotpay-sandbox [options]",
    `  --port N                      listen port (default ${DEFAULT_CLI_PORT}; env IOTPAY_SANDBOX_PORT)`,
    "  --host H                      listen address (default 127.0.0.1; env IOTPAY_SANDBOX_HOST)",
    `  --merchant-id ID              mchId (default ${DEFAULT_MERCHANT_ID}; env IOTPAY_SANDBOX_MERCHANT_ID)`,
    `  --login-name NAME             loginName (default ${DEFAULT_LOGIN_NAME}; env IOTPAY_SANDBOX_LOGIN_NAME)`,
    `  --secret-key KEY              signing key (default ${DEFAULT_SECRET_KEY}; env IOTPAY_SANDBOX_SECRET_KEY)`,
    "  --public-url URL              base URL of hosted pages as browsers see it (env IOTPAY_SANDBOX_PUBLIC_URL)",
    "  --state FILE                  persist state to this JSON file (env IOTPAY_SANDBOX_STATE)",
    "  --auto-settle SECONDS         settle payments this long after success (default: only via /_sandbox/settle)",
    "  --no-refund-before-settlement cc_refund of an unsettled payment fails (use cc_void)",
    "  --repeated-refund-no MODE     a repeated mchRefundNo with identical parameters: replay (default: the",
    '                                original record again) or refuse (FAIL "mchRefundNo already exists")',
    "  --no-query-by-refund-no       cc_query by mchOrderNo finds payments only, not refunds/voids by mchRefundNo",
    "  --no-sign-responses           retData carries no sign (notifies stay signed)",
    `  --notify-fast                 notify retries after ${FAST_NOTIFY_RETRY_DELAYS_MS.join(", ")} ms instead of 0s, 15s, 60s, 180s, 600s`,
    "  --upi-delay MS                UPI_EX: time from the approved page to success (default 5000)",
    "  --quiet                       log nothing but the banner",
    "  -h, --help                    this text",
    "",
    "API: POST <url>/v3/cc_purchase | cc_addcard | cc_directaddcard | cc_querycard | cc_purchasewithtoken |",
    "     cc_purchasewithwallet | cc_refund | cc_void | cc_query  (JSON, IOTPay MD5 signature)",
    "",
    ...v1Help(),
    "",
    "Test cards (hosted page, cc_directaddcard; any future expiry MMYY, any 3-digit CVV):",
    ...cards,
    `  any other Luhn-valid number: declines "${UNKNOWN_CARD_REASON}"`,
    "",
    "Wallet tokens (cc_purchasewithwallet walletData):",
    ...wallets,
    `  any other base64: declines "${UNKNOWN_WALLET_REASON}"; not base64: FAIL "walletData must be base64"`,
    "",
    "Control (JSON, never under /v3/):",
    "  GET    /_sandbox/health   mchId, loginName and the modes in effect",
    "  GET    /_sandbox/orders (V3 orders, and v1Orders) | /_sandbox/orders/:id | /_sandbox/cards |",
    "         /_sandbox/notifications (V3 and v1 notify attempts)",
    "  GET    /_sandbox/v1/orders | /_sandbox/v1/orders/:id",
    "  POST   /_sandbox/v1/act  {payOrderId | mchOrderNo, action: approve|decline|leave|close}  (close: status 4)",
    "  POST   /_sandbox/settle   {payOrderId?}",
    "  POST   /_sandbox/reversals/settle {payOrderId? | mchRefundNo?, status: 2|9}   a pending refund/void",
    "  POST   /_sandbox/portal/refund {payOrderId? | mchOrderNo?, amount}   a card refund made in IOTPay's portal",
    "  POST   /_sandbox/reset",
    "  POST   /_sandbox/faults   {endpoint, latencyMs?, http500?, invalidJson?, commitThenHang?, systemError?,",
    "                             badSignature?, times?}",
    '                            systemError: FAIL "system error" (0010), nothing done; badSignature: done, wrong sign',
    "                            {endpoint: cc_refund|cc_void, resultStatus: 0|1|9, times?}  (0/1 pending, 9 failed)",
    '                            {notify: "duplicate"|"delay"|"reorder"|"drop", delayMs?, times?}',
    "                            endpoint may also be a v1 one: create_order, payForSubmit, query_order,",
    "                            refund_order, query_refund_order (same fault kinds; resultStatus: refund_order",
    "                            only, 0|1 pending, 3 failed; POST /_sandbox/v1/refunds/settle {mchRefundNo, status: 2|3})",
    "                            times: default 1, 0 = until cleared",
    "  GET | DELETE /_sandbox/faults",
  ].join("\n")
}

function number(name: string, text: string | undefined, { integer = true } = {}): number | undefined {
  if (text === undefined || text === "") return undefined
  const n = Number(text)
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new CliUsageError(`--${name} must be a ${integer ? "whole " : ""}number >= 0, got "${text}"`)
  }
  return n
}

function repeatedRefundNo(text: string | undefined): RepeatedRefundNo | undefined {
  if (text === undefined) return undefined
  if (!REPEATED_REFUND_NO.includes(text as RepeatedRefundNo)) {
    throw new CliUsageError(`--repeated-refund-no must be ${REPEATED_REFUND_NO.join(" or ")}, got "${text}"`)
  }
  return text as RepeatedRefundNo
}

export type ParsedCli = { help: true } | { help: false; quiet: boolean; options: SandboxOptions }

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedCli {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "merchant-id": { type: "string" },
        "login-name": { type: "string" },
        "secret-key": { type: "string" },
        "public-url": { type: "string" },
        state: { type: "string" },
        "auto-settle": { type: "string" },
        "no-refund-before-settlement": { type: "boolean" },
        "repeated-refund-no": { type: "string" },
        "no-query-by-refund-no": { type: "boolean" },
        "no-sign-responses": { type: "boolean" },
        "notify-fast": { type: "boolean" },
        "upi-delay": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values
  } catch (err) {
    throw new CliUsageError((err as Error).message)
  }
  if (values.help) return { help: true }
  const str = (name: string, envName: string) => (values[name] as string | undefined) ?? (env[envName] || undefined)
  const autoSettle = number("auto-settle", values["auto-settle"] as string | undefined, { integer: false })
  return {
    help: false,
    quiet: values.quiet === true,
    options: {
      port: number("port", str("port", "IOTPAY_SANDBOX_PORT")) ?? DEFAULT_CLI_PORT,
      host: str("host", "IOTPAY_SANDBOX_HOST"),
      merchantId: str("merchant-id", "IOTPAY_SANDBOX_MERCHANT_ID"),
      loginName: str("login-name", "IOTPAY_SANDBOX_LOGIN_NAME"),
      secretKey: str("secret-key", "IOTPAY_SANDBOX_SECRET_KEY"),
      publicUrl: str("public-url", "IOTPAY_SANDBOX_PUBLIC_URL"),
      stateFile: str("state", "IOTPAY_SANDBOX_STATE"),
      autoSettleMs: autoSettle === undefined ? undefined : autoSettle * 1000,
      refundBeforeSettlement: values["no-refund-before-settlement"] ? false : undefined,
      repeatedRefundNo: repeatedRefundNo(values["repeated-refund-no"] as string | undefined),
      queryByRefundNo: values["no-query-by-refund-no"] ? false : undefined,
      signResponses: values["no-sign-responses"] ? false : undefined,
      notifyRetryDelaysMs: values["notify-fast"] ? FAST_NOTIFY_RETRY_DELAYS_MS : undefined,
      upiDelayMs: number("upi-delay", values["upi-delay"] as string | undefined),
    },
  }
}

export function banner(sb: RunningSandbox): string {
  const o = sb.options
  return `IOTPay sandbox on ${sb.url} (apiBase ${sb.apiBase}) mchId=${o.merchantId} loginName=${o.loginName} secretKey=${o.secretKey}`
}

/** Runs the CLI; resolves with the running sandbox (undefined after --help or a usage error). */
export async function main(
  argv: string[],
  io: { out: (line: string) => void; err: (line: string) => void; env?: NodeJS.ProcessEnv; handleSignals?: boolean } = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }
): Promise<RunningSandbox | undefined> {
  let parsed: ParsedCli
  try {
    parsed = parseCliArgs(argv, io.env ?? process.env)
  } catch (err) {
    io.err(`iotpay-sandbox: ${(err as Error).message}\nTry --help.`)
    process.exitCode = 2
    return undefined
  }
  if (parsed.help) {
    io.out(helpText())
    return undefined
  }
  const logger = parsed.quiet
    ? { info() {}, warn: () => {}, error: io.err }
    : { info: io.out, warn: io.err, error: io.err }
  const sandbox = await startSandbox({ ...parsed.options, logger })
  io.out(banner(sandbox))
  if (io.handleSignals ?? true) {
    const stop = (signal: string) => {
      io.out(`iotpay-sandbox: ${signal}, shutting down`)
      sandbox.close().then(
        () => process.exit(0),
        () => process.exit(1)
      )
    }
    process.once("SIGINT", () => stop("SIGINT"))
    process.once("SIGTERM", () => stop("SIGTERM"))
  }
  return sandbox
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`iotpay-sandbox: ${(err as Error).message}\n`)
    process.exit(1)
  })
}
