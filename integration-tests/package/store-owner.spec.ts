// A store owner's install, run by `npm run test:package` (scripts/test-package.js built, packed and `npm install`ed
// the plugin into a separate app whose medusa-config.ts is the README's). Everything below is the app's own `medusa`
// CLI in the app folder, as its owner types it: db:migrate, user, exec (seed), develop, build, then start from
// .medusa/server, and the built admin in Chromium. The IOTPay sandbox is the installed package's `iotpay-sandbox`.
import { spawn, execFile, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { promisify } from "node:util"
import type { Page } from "playwright-core"
import { Client } from "pg"
import { payOnHostedPage, SANDBOX_CARDS } from "../../src/sandbox"
import { adminLogin, env, eventually, expectVisible, launchBrowser, openOrder, panelValues, shot } from "../e2e/helpers"
import { sigkill, startChildMedusa, type ChildMedusa } from "../helpers/child-medusa"
import { Storefront, type Store } from "../helpers/storefront"
import { fetchApi } from "./fetch-api"

jest.setTimeout(10 * 60_000)

// Set by scripts/test-package.js: the app with the packed plugin installed in its own node_modules.
const appDir = process.env.IOTPAY_PACKAGE_APP_DIR!
if (!appDir) throw new Error("run this through `npm run test:package`, which builds, packs and installs the plugin")
const medusa = path.join(appDir, "node_modules", ".bin", "medusa")
const logDir = path.join(appDir, "..", "logs") // outside the app: medusa develop watches its folder
const database = `iotpay_package_${process.pid}`
const admin = { email: env.admin.email, password: env.admin.password }
const PROVIDERS = ["iotpay", "iotpay-wallet", "iotpay-wechat", "iotpay-alipay", "iotpay-unionpay"].map(
  (identifier) => `pp_${identifier}_iotpay`
)

const pgClient = (db = "postgres") =>
  new Client({
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME,
    password: process.env.DB_PASSWORD,
    database: db,
  })

/** `npx medusa <args>` in the app folder; resolves with its output, rejects with it. */
async function cli(args: string[], extraEnv: Record<string, string> = {}, cwd = appDir) {
  try {
    const { stdout, stderr } = await promisify(execFile)(medusa, args, {
      cwd,
      env: { ...process.env, ...extraEnv, MEDUSA_DISABLE_TELEMETRY: "true" },
      timeout: 8 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    return `${stdout}${stderr}`
  } catch (error: any) {
    throw new Error(`medusa ${args.join(" ")} failed: ${error.message}\n${error.stdout ?? ""}${error.stderr ?? ""}`)
  }
}

/** The README's sandbox `.env` values (the install section's ```bash block that sets IOTPAY_MERCHANT_ID). */
function readmeSandboxEnv(): Record<string, string> {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8")
  const block = /```bash\n(IOTPAY_MERCHANT_ID=[\s\S]*?)\n```/.exec(readme)
  if (!block) throw new Error("README.md: no ```bash block of sandbox values starting with IOTPAY_MERCHANT_ID=")
  return Object.fromEntries(block[1].split("\n").map((line) => line.split("=", 2) as [string, string]))
}

/** Texts under `selector` laid out with `word-break: break-all` (which splits "outcome" into "outco me"). */
const wordsBrokenMidWord = (page: Page, selector: string) =>
  page.evaluate(
    (sel) =>
      [...document.querySelectorAll(`${sel} *`)]
        .filter((el) => getComputedStyle(el).wordBreak === "break-all")
        .map((el) => el.textContent),
    selector
  )

let sandbox: ChildProcess
let server: ChildMedusa | undefined
let store: Store
let orderId: string
let payOrderId: string

beforeAll(async () => {
  fs.mkdirSync(logDir, { recursive: true })
  const pg = pgClient()
  await pg.connect()
  await pg.query(`DROP DATABASE IF EXISTS ${database}`)
  await pg.query(`CREATE DATABASE ${database}`)
  await pg.end()

  const readmeEnv = readmeSandboxEnv()
  const dbUser = encodeURIComponent(process.env.DB_USERNAME || "postgres")
  const dbPassword = process.env.DB_PASSWORD ? `:${encodeURIComponent(process.env.DB_PASSWORD)}` : ""
  const dotenv = {
    DATABASE_URL: `postgres://${dbUser}${dbPassword}@${process.env.DB_HOST}:${process.env.DB_PORT || 5432}/${database}`,
    STORE_CORS: env.storefrontUrl,
    ADMIN_CORS: env.medusaUrl,
    AUTH_CORS: `${env.storefrontUrl},${env.medusaUrl}`,
    JWT_SECRET: "store-owner-jwt-secret",
    COOKIE_SECRET: "store-owner-cookie-secret",
    // The README's values for trying the sandbox, on this run's ports instead of 4848 and 9000.
    ...readmeEnv,
    IOTPAY_API_BASE: readmeEnv.IOTPAY_API_BASE.replace("http://127.0.0.1:4848", env.sandboxUrl),
    IOTPAY_V1_API_BASE: readmeEnv.IOTPAY_V1_API_BASE.replace("http://127.0.0.1:4848", env.sandboxUrl),
    IOTPAY_BACKEND_URL: env.medusaUrl,
    STOREFRONT_URL: env.storefrontUrl,
    IOTPAY_RECONCILE: "off", // only the notify may turn the paid cart into an order here
  }
  fs.writeFileSync(
    path.join(appDir, ".env"),
    Object.entries(dotenv)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n")
  )

  // `npx iotpay-sandbox` with its defaults (the README's values), notifies retried fast.
  const port = new URL(env.sandboxUrl).port
  const out = fs.openSync(path.join(logDir, "sandbox.log"), "a")
  sandbox = spawn(path.join(appDir, "node_modules", ".bin", "iotpay-sandbox"), ["--port", port, "--notify-fast"], {
    cwd: appDir,
    stdio: ["ignore", out, out],
  })
  await eventually(
    () =>
      fetch(`${env.sandboxUrl}/_sandbox/health`).then(
        (r) => r.ok,
        () => false
      ),
    (ok) => expect(ok).toBe(true),
    30_000
  )
})

afterAll(async () => {
  if (server) await sigkill(server)
  sandbox?.kill()
  const pg = pgClient()
  await pg.connect()
  await pg.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  await pg.end()
})

it("medusa db:migrate creates the plugin's five tables (the plugins entry registers its module)", async () => {
  await cli(["db:migrate"])
  const pg = pgClient(database)
  await pg.connect()
  const { rows } = await pg.query(
    "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'iotpay_%' ORDER BY table_name"
  )
  await pg.end()
  expect(rows.map((r) => r.table_name)).toEqual([
    "iotpay_ledger",
    "iotpay_notify",
    "iotpay_open_payment",
    "iotpay_reconcile_check",
    "iotpay_reconcile_run",
  ])
})

// package.json `exports` names what a store may import (docs/layout.md); the compiled internals stay private.
it("the installed package resolves the import paths the docs name, and no deep path into its internals", async () => {
  const named = [
    "medusa-payment-iotpay/package.json",
    "medusa-payment-iotpay/providers/iotpay",
    "medusa-payment-iotpay/modules/iotpay-notify",
    "medusa-payment-iotpay/modules/iotpay-notify/index",
    "medusa-payment-iotpay/.medusa/server/src/modules/iotpay-notify",
    "medusa-payment-iotpay/admin",
    "medusa-payment-iotpay/iotpay",
    "medusa-payment-iotpay/sandbox",
    "medusa-payment-iotpay/doctor",
    "medusa-payment-iotpay/client-ip",
    "medusa-payment-iotpay/storefront",
  ]
  const internal = [
    "medusa-payment-iotpay/lib/money/ledger",
    "medusa-payment-iotpay/lib/client-ip/client-ip-request",
    "medusa-payment-iotpay/api/hooks/iotpay/[providerConfigId]/route",
    "medusa-payment-iotpay/.medusa/server/src/lib/money/ledger.js",
  ]
  // Node's own resolution from the app folder (as the store's code and medusa-config.ts import), not Jest's.
  const script = `
    const tryResolve = (p) => { try { return require.resolve(p) } catch (e) { return e.code } }
    const paths = ${JSON.stringify([...named, ...internal])}
    console.log(JSON.stringify({
      resolved: Object.fromEntries(paths.map((p) => [p, tryResolve(p)])),
      fillV1ClientIp: typeof require("medusa-payment-iotpay/client-ip").fillV1ClientIp,
    }))`
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: appDir })
  const { resolved, fillV1ClientIp } = JSON.parse(stdout)
  for (const p of named) expect([p, resolved[p]]).toEqual([p, expect.stringContaining(fs.realpathSync(appDir))])
  for (const p of internal) expect([p, resolved[p]]).toEqual([p, "ERR_PACKAGE_PATH_NOT_EXPORTED"])
  expect(fillV1ClientIp).toBe("function")
})

// A store's own TypeScript (a route using client-ip, its tests starting the sandbox) gets the declared types of those
// import paths, not an implicit `any`: under strict settings a missing declaration is error TS7016, and each
// expect-error comment in the file below holds only while its call's wrong argument is a type error.
it("a store's TypeScript, strict, compiles against the types of the import paths the docs name", async () => {
  const dir = path.join(appDir, "typed-imports")
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(
    path.join(dir, "check.ts"),
    [
      `import { fillV1ClientIp } from "medusa-payment-iotpay/client-ip"`,
      `import { IotpayClient, verifySignature } from "medusa-payment-iotpay/iotpay"`,
      `import { startSandbox, type RunningSandbox } from "medusa-payment-iotpay/sandbox"`,
      `import { formatReport, type DoctorReport } from "medusa-payment-iotpay/doctor"`,
      `export async function check(report: DoctorReport): Promise<string> {`,
      `  const sandbox: RunningSandbox = await startSandbox({ port: 0 })`,
      `  const client = new IotpayClient({ merchantId: "1", loginName: "a", secretKey: "k", apiBase: sandbox.apiBase })`,
      `  // @ts-expect-error: fillV1ClientIp takes a Medusa request, not a string`,
      `  fillV1ClientIp("not a request", {}, () => undefined)`,
      `  // @ts-expect-error: verifySignature takes the fields and the key`,
      `  verifySignature(42)`,
      `  await sandbox.close()`,
      `  return typeof client + formatReport(report, "k")`,
      `}`,
      ``,
    ].join("\n")
  )
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: "../tsconfig.json",
      compilerOptions: { strict: true, noImplicitAny: true, noEmit: true },
      include: [],
      files: ["check.ts"],
    })
  )
  try {
    const tsc = path.join(appDir, "node_modules", ".bin", "tsc")
    const result = await promisify(execFile)(tsc, ["-p", dir], { cwd: appDir }).catch((e) => e)
    expect([result.code ?? 0, `${result.stdout}${result.stderr}`]).toEqual([0, ""])
  } finally {
    // Out of the app's own build (its tsconfig includes every file).
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

it("medusa user and medusa exec (the store's seed script) set the store up", async () => {
  await cli(["user", "-e", admin.email, "-p", admin.password])
  const infoFile = path.join(logDir, "seed-info.json")
  await cli(["exec", "./src/scripts/seed.ts"], { BENCH_INFO_FILE: infoFile })
  store = JSON.parse(fs.readFileSync(infoFile, "utf8"))
})

it("medusa develop: the five providers are listed; a paid checkout's signed notify is answered SUCCESS", async () => {
  server = await startChildMedusa(Number(new URL(env.medusaUrl).port), {}, path.join(logDir, "develop.log"), {
    cwd: appDir,
    cli: medusa,
    command: "develop",
  })
  const api = fetchApi(env.medusaUrl)
  const { data: auth } = await api.post("/auth/user/emailpass", admin)
  const asAdmin = { headers: { authorization: `Bearer ${auth.token}` } }
  const { data: providers } = await api.get("/admin/payments/payment-providers?limit=100", asAdmin)
  expect(providers.payment_providers.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(PROVIDERS))

  const sf = new Storefront(api, store)
  const cart = await sf.cart()
  const session = await sf.payWithIotpay(cart.id, { return_url: `${env.storefrontUrl}/checkout/iotpay-return` })
  const back = await payOnHostedPage(session.data.redirectUrl, SANDBOX_CARDS.visa)
  payOrderId = back.searchParams.get("payOrderId") ?? ""
  const notified = await eventually(
    async () => (await (await fetch(`${env.sandboxUrl}/_sandbox/notifications`)).json()) as { attempts: any[] },
    ({ attempts }) => expect(attempts.some((a) => a.statusCode === 200 && a.body === "SUCCESS")).toBe(true),
    60_000
  )
  payOrderId ||= notified.attempts[0].payOrderId
  const completed = await sf.complete(cart.id)
  if (completed.type !== "order") throw new Error(`the paid cart did not become an order: ${completed.error.message}`)
  orderId = completed.order.id
  await sigkill(server)
  server = undefined
})

it("medusa build writes the backend and the admin with the plugin's pages", async () => {
  await cli(["build"])
  expect(fs.existsSync(path.join(appDir, ".medusa", "server", "public", "admin", "index.html"))).toBe(true)
})

it("medusa start from .medusa/server: Settings → IOTPay, Test connection, the order's IOTPay panel", async () => {
  const built = path.join(appDir, ".medusa", "server")
  fs.copyFileSync(path.join(appDir, ".env"), path.join(built, ".env"))
  // The build's package.json needs no install of its own here: Node finds the app's node_modules one level up.
  server = await startChildMedusa(Number(new URL(env.medusaUrl).port), {}, path.join(logDir, "start.log"), {
    cwd: built,
    cli: medusa,
    command: "start",
    nodeEnv: "production",
  })
  const browser = await launchBrowser()
  try {
    // In production the session cookie is Secure: the browser comes through the TLS proxy a live server sits behind.
    const page = await adminLogin(browser, "package", { "x-forwarded-proto": "https" })
    await page.goto(`${env.medusaUrl}/app/settings/iotpay`)
    const card = page.locator('[data-testid="iotpay-provider"][data-provider-id="iotpay"]')
    await card.waitFor({ timeout: 60_000 })
    await card.getByTestId("iotpay-test-connection").click()
    await expectVisible(card.getByTestId("iotpay-check"), 30_000)
    expect((await card.getByTestId("iotpay-check-outcome").textContent())?.trim()).toBe("credentials accepted")
    expect(await wordsBrokenMidWord(page, '[data-testid="iotpay-provider"]')).toEqual([])
    await shot(page, "package-settings-iotpay")

    await openOrder(page, orderId)
    const panel = await panelValues(page)
    expect(panel.status).toBe("paid")
    if (payOrderId) expect(panel.payOrderId).toBe(payOrderId)
    expect(await wordsBrokenMidWord(page, '[data-testid="iotpay-panel"]')).toEqual([])
    await shot(page, "package-order-panel")
  } finally {
    await browser.close()
  }
})
