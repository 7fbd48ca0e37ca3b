import { z } from "zod"
import { DEFAULT_API_BASE, DEFAULT_V1_API_BASE, V1_CURRENCIES } from "../../iotpay"
import { trustedProxyEntryProblem } from "../client-ip/client-ip-forwarded"

/** IOTPay's production V3 host: the client's own default, named here for the option's hint. */
export const IOTPAY_PRODUCTION_API_BASE = DEFAULT_API_BASE

/** Accepts what medusa-config typically passes: real values, or env-var strings ("true", "5000"). */
const flag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean())
const millis = z.coerce.number().int().positive()
const httpUrl = z.url({
  protocol: /^https?$/,
  error: (issue) => (issue.input === undefined ? "is required" : "must be an http(s) URL"),
})

export const providerOptionsSchema = z.object({
  merchantId: z.string({ error: "is required" }).trim().min(1, "is required").max(30, "is at most 30 characters"),
  loginName: z.string({ error: "is required" }).trim().min(1, "is required").max(12, "is at most 12 characters"),
  secretKey: z.string({ error: "is required" }).min(1, "is required"),
  apiBase: httpUrl.default(IOTPAY_PRODUCTION_API_BASE),
  /** IOTPay's v1 General Order API (WeChat Pay, Alipay, UnionPay): production unless pointed at the sandbox. */
  v1ApiBase: httpUrl.default(DEFAULT_V1_API_BASE),
  /**
   * Path of v1's refund query under v1ApiBase (IOTPay's page for it is unreadable; the sandbox serves
   * "query_refund_order"). Unset: a refund whose answer was lost is settled by resending the same mchRefundNo.
   */
  v1RefundQueryPath: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'must be a path such as "query_refund_order"')
    .optional(),
  /** clientIp sent with v1 refunds (no shopper is present then): this server's IP; default the shopper's. */
  v1RefundClientIp: z.ipv4().or(z.ipv6()).optional(),
  /**
   * Who may tell the plugin the shopper's IP (v1's clientIp) in X-Forwarded-For: the proxies in front of Medusa, as
   * IPs, CIDR ranges or "loopback" / "private" / "linklocal"; a list or a comma-separated string (env vars). Empty
   * (default): the connection's own peer address is the shopper and X-Forwarded-For is ignored.
   */
  trustedProxies: z
    .preprocess(
      (v) =>
        typeof v === "string"
          ? v
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z.array(
        z.string().superRefine((entry, ctx) => {
          const problem = trustedProxyEntryProblem(entry)
          if (problem) ctx.addIssue({ code: "custom", message: problem })
        }),
        { error: "must be a list of IP addresses, CIDR ranges or names" }
      )
    )
    .default([]),
  /**
   * The currencies this entry's IOTPay merchant account settles through WeChat Pay / Alipay / UnionPay (v1): a list or
   * a comma-separated string (env vars). A US merchant's entry is ["USD"]. A v1 payment is taken only in a currency
   * listed here that IOTPay also takes on its channel (src/iotpay/v1/channels.ts). Cards (V3) stay CAD only.
   */
  currencies: z
    .preprocess(
      (v) => (typeof v === "string" ? v.split(",") : v),
      z
        .array(
          z.preprocess(
            (c) => (typeof c === "string" ? c.trim().toUpperCase() : c),
            z.enum(V1_CURRENCIES, { error: `must be one of ${V1_CURRENCIES.join(", ")}` })
          ),
          { error: 'must be a list of currency codes, e.g. ["CAD", "CNY"]' }
        )
        .min(1, "must name at least one currency")
        .transform((list) => [...new Set(list)])
    )
    .default(["CAD"]),
  backendUrl: httpUrl.refine((u) => !u.includes("?"), "must not contain '?' (IOTPay refuses notify URLs with a query)"),
  returnUrl: httpUrl.optional(),
  allowedReturnUrls: z.array(httpUrl).default([]),
  channel: z.enum(["PF_CC", "UPI_EX"]).default("PF_CC"),
  channelField: z.enum(["channel", "channelId"]).default("channel"),
  autoCapture: flag.default(false),
  /** cc_directaddcard takes raw card numbers through this server: allowed only for PCI DSS compliant merchants. */
  pciCompliant: flag.default(false),
  /** UPI_EX completes asynchronously; authorize keeps asking IOTPay this long (IOTPay's SDK polls up to 30 s). */
  upiPollMs: z.coerce.number().int().min(0).max(60_000).default(10_000),
  subject: z.string().max(64, "is at most 64 characters").optional(),
  connectTimeoutMs: millis.optional(),
  headersTimeoutMs: millis.optional(),
  bodyTimeoutMs: millis.optional(),
  /**
   * IOTPay's docs do not say whether responses are signed. "if-present" checks a record that carries a sign;
   * "required" refuses one without; "off" trusts TLS alone. A failed check on a money-moving call is an unknown
   * outcome, settled by asking IOTPay (cc_query) before anything is sent again.
   */
  verifyResponseSignatures: z
    .preprocess(
      (v) => (v === true || v === "true" ? "if-present" : v === false || v === "false" ? "off" : v),
      z.enum(["off", "if-present", "required"])
    )
    .default("if-present"),
  /**
   * Whether cc_query finds a refund/void by its mchRefundNo (IOTPay's docs do not say; `iotpay-doctor` finds out).
   * "query-by-number": "does not exist" means IOTPay never received it, so the same number may be sent again.
   * "none": "does not exist" says nothing; a lost answer is settled by resending the same number (IOTPay
   * deduplicates it, see repeatedRefundNo) and by IOTPay's refundable figure for the payment.
   */
  reversalLookup: z.enum(["query-by-number", "none"]).default("query-by-number"),
  /**
   * What IOTPay answers a repeated identical mchRefundNo: "replay" (the original record) or "refuse" (a FAIL). With
   * "refuse" and no lookup, a refused resend may be our own earlier request: an unknown outcome, whatever the words.
   */
  repeatedRefundNo: z.enum(["replay", "refuse"]).default("replay"),
  /**
   * The daily statement check (docs/statement.md) records a refund IOTPay shows but Medusa lacks (made in IOTPay's
   * portal) as a Medusa refund noted "made outside the store", sending nothing to IOTPay; false: it only reports it.
   */
  importOutsideRefunds: flag.default(true),
})

export type IotpayProviderOptions = z.infer<typeof providerOptionsSchema>

const HINTS: Record<string, string> = {
  merchantId: "set it to the mchId IOTPay issued you (the demo reads IOTPAY_MERCHANT_ID)",
  loginName: "set it to your IOTPay merchant login name (IOTPAY_LOGIN_NAME)",
  secretKey: "set it to the secret key from IOTPay's merchant portal (IOTPAY_SECRET_KEY)",
  v1ApiBase: "leave it unset for IOTPay production (https://api.iotpaycloud.com/v1) or point it at the sandbox's /v1",
  v1RefundQueryPath: 'set it only when IOTPay tells you the refund query path (the sandbox: "query_refund_order")',
  apiBase: `leave it unset for IOTPay production (${IOTPAY_PRODUCTION_API_BASE}) or point it at the sandbox (IOTPAY_API_BASE)`,
  backendUrl: "set it to the public URL of this Medusa server, e.g. https://api.shop.example (IOTPAY_BACKEND_URL)",
  returnUrl: "set it to your storefront's IOTPay return page, e.g. https://shop.example/checkout/iotpay-return",
  allowedReturnUrls: 'list the storefront origins allowed as data.return_url, e.g. ["https://shop.example"]',
  channel: 'use "PF_CC" (cards) or "UPI_EX" (UnionPay ExpressPay)',
  pciCompliant: "set it to true only if your business is PCI DSS compliant (it enables direct card entry)",
  verifyResponseSignatures: 'use "if-present" (default), "required" or "off"',
  reversalLookup: 'use "query-by-number" (default) or "none", as `npx iotpay-doctor --with-test-payment` reports',
  repeatedRefundNo: 'use "replay" (default) or "refuse", as `npx iotpay-doctor --with-test-payment` reports',
  trustedProxies:
    'list the proxies in front of Medusa that append X-Forwarded-For, e.g. ["loopback"] or ["10.0.0.0/8"]; leave it ' +
    "unset when shoppers connect to Medusa directly",
  currencies: `list what your IOTPay merchant account settles, among ${V1_CURRENCIES.join(", ")} (default ["CAD"])`,
  importOutsideRefunds: "true (default) records refunds made in IOTPay's portal in Medusa; false only reports them",
  upiPollMs: "milliseconds authorize waits for a pending UPI_EX payment, 0 to 60000 (default 10000)",
}

export function parseProviderOptions(raw: unknown): IotpayProviderOptions {
  const result = providerOptionsSchema.safeParse(raw ?? {})
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(options)"
    const hint = HINTS[String(issue.path[0])]
    return `- option "${name}" ${issue.message}${hint ? `: ${hint}` : ""}`
  })
  throw new Error(`medusa-payment-iotpay: invalid provider options\n${lines.join("\n")}`)
}

/** The notify URL IOTPay calls; the route lives in src/api/hooks/iotpay/[providerConfigId]/route.ts. */
export function notifyUrlFor(backendUrl: string, providerConfigId: string): string {
  return `${backendUrl.replace(/\/+$/, "")}/hooks/iotpay/${encodeURIComponent(providerConfigId)}`
}
