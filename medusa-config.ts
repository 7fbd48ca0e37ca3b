import { defineConfig, loadEnv } from "@medusajs/framework/utils"

// The repository runs as a demo Medusa app that loads the plugin straight from `src/`. A store that installs the
// package from npm registers `medusa-payment-iotpay/providers/iotpay` and the plugin instead (see README).
loadEnv(process.env.NODE_ENV || "development", process.cwd())

const backendUrl = process.env.IOTPAY_BACKEND_URL || "http://localhost:9000"
const storefrontUrl = process.env.STOREFRONT_URL || "http://localhost:8000"

const iotpayOptions = {
  merchantId: process.env.IOTPAY_MERCHANT_ID,
  loginName: process.env.IOTPAY_LOGIN_NAME,
  secretKey: process.env.IOTPAY_SECRET_KEY,
  apiBase: process.env.IOTPAY_API_BASE,
  v1ApiBase: process.env.IOTPAY_V1_API_BASE,
  v1RefundQueryPath: process.env.IOTPAY_V1_REFUND_QUERY_PATH,
  backendUrl,
  headersTimeoutMs: process.env.IOTPAY_HTTP_TIMEOUT_MS,
  bodyTimeoutMs: process.env.IOTPAY_HTTP_TIMEOUT_MS,
  returnUrl: process.env.IOTPAY_RETURN_URL || `${storefrontUrl}/checkout/iotpay-return`,
  allowedReturnUrls: (process.env.IOTPAY_ALLOWED_RETURN_URLS || storefrontUrl)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
  pciCompliant: process.env.IOTPAY_PCI_COMPLIANT === "true",
  // e.g. "loopback" when a storefront server on this host (Next.js server actions) forwards the shopper's IP
  trustedProxies: process.env.IOTPAY_TRUSTED_PROXIES,
  // What the merchant account settles through WeChat Pay / Alipay / UnionPay, e.g. "CAD,CNY" (default CAD)
  currencies: process.env.IOTPAY_CURRENCIES,
  importOutsideRefunds: process.env.IOTPAY_IMPORT_OUTSIDE_REFUNDS,
}

// IOTPAY_EXTRA_PROVIDERS (tests and demos only): a JSON list of further entries, each `{ "id": "...", ...options }`
// over the options above; e.g. the browser and admin tests add one with a wrong secret key, which Settings → IOTPay
// must report as "signature refused".
const extraProviders = (JSON.parse(process.env.IOTPAY_EXTRA_PROVIDERS || "[]") as { id: string }[]).map(
  ({ id, ...options }) => ({ resolve: "./src/providers/iotpay", id, options: { ...iotpayOptions, ...options } })
)

// Production topology (docs/deployment.md): with REDIS_URL the event bus, workflow engine (so scheduled
// jobs run once per interval cluster-wide), locking and caching share Redis; MEDUSA_WORKER_MODE makes this instance a
// `server` (HTTP: the notify route) or a `worker` (subscribers and jobs: notify processing, inbox re-drive, reconcile).
const redisUrl = process.env.REDIS_URL
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            { resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } },
          ],
        },
      },
      {
        resolve: "@medusajs/medusa/caching",
        options: {
          providers: [
            { resolve: "@medusajs/medusa/caching-redis", id: "caching-redis", is_default: true, options: { redisUrl } },
          ],
        },
      },
    ]
  : []

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: (process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined) || "shared",
    http: {
      storeCors: process.env.STORE_CORS || storefrontUrl,
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || `${storefrontUrl},http://localhost:9000,http://localhost:5173`,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLED === "true",
    backendUrl,
  },
  modules: [
    ...redisModules,
    // The notify inbox (a store that installed the package: "medusa-payment-iotpay/modules/iotpay-notify").
    {
      resolve: "./src/modules/iotpay-notify",
      options: {
        reconcileConcurrency: process.env.IOTPAY_RECONCILE_CONCURRENCY,
        notifyDeadlineMs: process.env.IOTPAY_NOTIFY_DEADLINE_MS,
        notifyMaxWaiting: process.env.IOTPAY_NOTIFY_MAX_WAITING,
      },
    },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          // pp_iotpay_iotpay (hosted card page, saved cards) and pp_iotpay-wallet_iotpay (Apple Pay / Google Pay).
          { resolve: "./src/providers/iotpay", id: "iotpay", options: iotpayOptions },
          // pp_iotpay_iotpay-upi: UnionPay ExpressPay, same merchant, its own channel.
          {
            resolve: "./src/providers/iotpay",
            id: "iotpay-upi",
            options: { ...iotpayOptions, channel: "UPI_EX", upiPollMs: process.env.IOTPAY_UPI_POLL_MS },
          },
          ...extraProviders,
        ],
      },
    },
  ],
})
