// Browser helpers for the end-to-end tests: Debian's Chromium driven by playwright-core against the demo stack that
// scripts/test-e2e.js starts (it passes the URLs in E2E_* variables). No browser is ever downloaded.
import fs from "node:fs"
import path from "node:path"
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"

function required(name: string): string {
  const value = process.env[name]
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests with \`npm run test:e2e\`, which starts the demo stack.`)
  }
  return value
}

export const env = {
  medusaUrl: required("E2E_MEDUSA_URL"),
  storefrontUrl: required("E2E_STOREFRONT_URL"),
  sandboxUrl: required("E2E_SANDBOX_URL"),
  artifacts: process.env.E2E_ARTIFACTS || path.resolve(__dirname, "..", "..", "test-artifacts", "e2e"),
  admin: {
    email: process.env.E2E_ADMIN_EMAIL || "admin@iotpay.local",
    password: process.env.E2E_ADMIN_PASSWORD || "iotpay-demo",
  },
  chromium: process.env.E2E_CHROMIUM || "/usr/bin/chromium",
}

export const CARDS = {
  approve: { cardNum: "4242424242424242", masked: "424242******4242" },
  decline: { cardNum: "4000000000000002", masked: "400000******0002" },
}

// ---- browser ----

/**
 * Headless Debian Chromium. Playwright gives each launch a fresh temporary --user-data-dir (removed on close), and
 * each test below a fresh context: no profile, cookie or cache survives between runs or tests.
 */
export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(env.chromium)) throw new Error(`${env.chromium} is missing: apt-get install -y chromium`)
  return chromium.launch({
    executablePath: env.chromium,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  })
}

export async function newPage(browser: Browser, { height = 900 } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height } })
  context.setDefaultTimeout(30_000)
  context.setDefaultNavigationTimeout(60_000)
  return context.newPage()
}

/**
 * One Chromium for a spec file: launched before its tests, closed after them, and each test's contexts (shopper,
 * admin) closed after it. `step` is test() plus a screenshot of every open page when it fails.
 */
export function useBrowser() {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  afterEach(async () => {
    for (const context of browser?.contexts() ?? []) await context.close()
  })
  return {
    browser: (): Browser => {
      if (!browser) throw new Error("the browser is not launched (useBrowser() registers beforeAll)")
      return browser
    },
    step: (name: string, body: () => Promise<void>) => test(name, () => withFailureShots(() => browser, name, body)),
  }
}

// ---- screenshots (test-artifacts/e2e/<nn>-<step>.png, numbered in the order taken) ----

let shotCount = 0
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")

export async function shot(page: Page, step: string, { fullPage = false } = {}): Promise<string> {
  fs.mkdirSync(env.artifacts, { recursive: true })
  const file = path.join(env.artifacts, `${String(++shotCount).padStart(2, "0")}-${slug(step)}.png`)
  // Let drawers and dialogs finish sliding in (bounded: a spinner's animation never finishes).
  await page
    .evaluate(() =>
      Promise.race([
        Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))),
        new Promise((r) => setTimeout(r, 2000)),
      ])
    )
    .catch(() => {})
  await page.screenshot({ path: file, fullPage })
  return file
}

/** Runs a test body; when it throws, saves a screenshot of every open page (failure-<test>-<n>.png) first. */
export async function withFailureShots(browser: () => Browser | undefined, name: string, body: () => Promise<void>) {
  try {
    await body()
  } catch (error) {
    const pages = (browser()?.contexts() ?? []).flatMap((c: BrowserContext) => c.pages())
    for (const [i, page] of pages.entries()) {
      await page
        .screenshot({
          path: path.join(env.artifacts, `failure-${slug(name).slice(0, 40).replace(/-$/, "")}-${i + 1}.png`),
          fullPage: true,
          timeout: 10_000,
        })
        .catch(() => {})
    }
    throw error
  }
}

// ---- IOTPay sandbox ----

export type SandboxOrder = {
  payOrderId: string
  mchOrderNo: string
  originalOrderId: string
  amount: number
  refundable: number
  status: number
  payType: string
  cardNum?: string
  sandbox: { kind: "payment" | "refund" | "void"; voided?: boolean; settled?: boolean }
}

export async function sandboxOrders(): Promise<SandboxOrder[]> {
  const res = await fetch(`${env.sandboxUrl}/_sandbox/orders`)
  if (!res.ok) throw new Error(`GET /_sandbox/orders: HTTP ${res.status}`)
  return ((await res.json()) as { orders: SandboxOrder[] }).orders
}

export async function sandboxOrder(
  match: Partial<Pick<SandboxOrder, "payOrderId" | "mchOrderNo">>
): Promise<SandboxOrder> {
  const found = (await sandboxOrders()).find(
    (o) =>
      (!match.payOrderId || o.payOrderId === match.payOrderId) &&
      (!match.mchOrderNo || o.mchOrderNo === match.mchOrderNo)
  )
  if (!found) throw new Error(`the sandbox has no order ${JSON.stringify(match)}`)
  return found
}

/** The sandbox's reversals (refunds and voids) of one payment. */
export async function sandboxReversals(payOrderId: string): Promise<SandboxOrder[]> {
  return (await sandboxOrders()).filter((o) => o.originalOrderId === payOrderId)
}

/**
 * Opens the sandbox's GET /_sandbox/orders in the browser and shows what it answered as a table, for a readable
 * screenshot of what IOTPay holds.
 */
export async function showSandbox(page: Page, step: string) {
  const url = `${env.sandboxUrl}/_sandbox/orders`
  await page.goto(url)
  const { orders } = JSON.parse((await page.locator("body").innerText()).trim()) as { orders: SandboxOrder[] }
  const esc = (v: unknown) => String(v ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  const columns: [string, (o: SandboxOrder) => unknown][] = [
    ["kind", (o) => o.sandbox.kind],
    ["payOrderId", (o) => o.payOrderId],
    ["mchOrderNo", (o) => o.mchOrderNo],
    ["original", (o) => o.originalOrderId],
    ["amount", (o) => (o.amount / 100).toFixed(2)],
    ["refundable", (o) => (o.refundable / 100).toFixed(2)],
    ["status", (o) => o.status],
    ["card", (o) => o.cardNum],
    ["voided", (o) => (o.sandbox.kind === "payment" ? String(o.sandbox.voided) : "")],
  ]
  await page.setContent(
    `<style>body{font:14px system-ui,sans-serif;margin:24px}table{border-collapse:collapse}td,th{border:1px solid #ccc;` +
      `padding:4px 8px;text-align:left}th{background:#eee}</style><h3>IOTPay sandbox: GET ${esc(url)}</h3><table>` +
      `<tr>${columns.map(([name]) => `<th>${name}</th>`).join("")}</tr>` +
      orders.map((o) => `<tr>${columns.map(([, get]) => `<td>${esc(get(o))}</td>`).join("")}</tr>`).join("") +
      `</table>`
  )
  await shot(page, step)
}

/** A WeChat Pay / Alipay / UnionPay order or refund as GET /_sandbox/orders lists it (`v1Orders`). */
export type SandboxV1Entry = {
  payOrderId: string
  mchOrderNo?: string
  channelId?: string
  amount?: number
  currency?: string
  status: number
  refundOrderId?: string
  mchRefundNo?: string
  refundAmount?: number
  sandbox: { api: "v1"; kind: "payment" | "refund"; refunded?: number; refunds?: string[]; walletPage?: string }
}

export async function sandboxV1Entries(): Promise<SandboxV1Entry[]> {
  const res = await fetch(`${env.sandboxUrl}/_sandbox/orders`)
  if (!res.ok) throw new Error(`GET /_sandbox/orders: HTTP ${res.status}`)
  return ((await res.json()) as { v1Orders?: SandboxV1Entry[] }).v1Orders ?? []
}

/** The sandbox's v1 payment order with this merchant order number. */
export async function sandboxV1Order(mchOrderNo: string): Promise<SandboxV1Entry> {
  const found = (await sandboxV1Entries()).find((o) => o.sandbox.kind === "payment" && o.mchOrderNo === mchOrderNo)
  if (!found) throw new Error(`the sandbox has no v1 order ${mchOrderNo}`)
  return found
}

/** The sandbox's v1 refunds of one payment (by IOTPay's payOrderId). */
export async function sandboxV1Refunds(payOrderId: string): Promise<SandboxV1Entry[]> {
  return (await sandboxV1Entries()).filter((o) => o.sandbox.kind === "refund" && o.payOrderId === payOrderId)
}

// ---- storefront (scripts/demo/storefront) ----

/**
 * index.html: picks quantities (product title -> quantity; products not named get 0), keeps the prefilled Toronto
 * address with `email`, continues to review, and clicks Pay, which leaves for IOTPay's hosted card page.
 */
export async function checkoutToHostedPage(
  page: Page,
  opts: { email: string; items: Record<string, number>; label: string }
) {
  const { payLabel } = await checkoutToReview(page, opts)
  await page.locator("#pay").click()
  await page.waitForURL((url) => url.href.startsWith(env.sandboxUrl))
  await page.locator("#cardNum").waitFor()
  return { payLabel }
}

/**
 * index.html up to "Review & pay": the quantities, the prefilled Toronto address with `email`, Continue; the card is
 * the preselected way to pay. Returns the Pay button's label.
 */
export async function checkoutToReview(
  page: Page,
  /** `currency`: the demo region priced in it (USD, CNY: the wallets only, no card); Canada (CAD) by default. */
  opts: { email: string; items: Record<string, number>; label: string; currency?: "USD" | "CNY" }
) {
  await page.goto(opts.currency ? `${env.storefrontUrl}/?currency=${opts.currency}` : env.storefrontUrl)
  await page.locator("#products label.product").first().waitFor()
  for (const row of await page.locator("#products label.product").all()) {
    const title = (await row.locator("strong").textContent())?.trim() ?? ""
    await row.locator("input").fill(String(opts.items[title] ?? 0))
  }
  await page.locator('input[name="email"]').fill(opts.email)
  await shot(page, `${opts.label}-storefront-cart`)
  await page.locator("#continue").click()
  await page.locator("#payment").waitFor({ state: "visible" })
  await expectVisible(page.locator("#providers").getByText(opts.currency ? "WeChat Pay" : "Credit card (IOTPay)"))
  const payLabel = (await page.locator("#pay").textContent())?.trim() ?? ""
  await shot(page, `${opts.label}-storefront-review`)
  return { payLabel }
}

/** IOTPay's hosted card page: types the card and submits; the browser lands on the storefront's return.html. */
export async function payOnHostedPage(page: Page, cardNum: string, label: string) {
  await page.locator("#cardNum").fill(cardNum)
  await page.locator("#expiryDate").fill("1230")
  await page.locator("#cvv").fill("123")
  await page.locator("#holder").fill("Alex Tremblay")
  await shot(page, `${label}-iotpay-hosted-page`)
  await page.locator("#submit").click()
  await page.waitForURL((url) => url.href.startsWith(`${env.storefrontUrl}/return.html`))
  // return.html completes the cart, then shows either the order or the failure with "Try again".
  await page.locator("#order:visible, #actions:visible").first().waitFor({ timeout: 60_000 })
  return new URL(page.url()).searchParams
}

// ---- Medusa admin dashboard ----

/** A fresh browser context that logs into the real admin dashboard (/app/login) and lands on the orders list. */
export async function adminLogin(
  browser: Browser,
  label: string,
  /** Sent with every request, e.g. the `x-forwarded-proto: https` of the TLS proxy in front of a production server. */
  extraHeaders?: Record<string, string>
): Promise<Page> {
  const page = await newPage(browser, { height: 1300 }) // tall enough for the IOTPay panel under Activity
  if (extraHeaders) await page.context().setExtraHTTPHeaders(extraHeaders)
  // The first dashboard load after Medusa starts makes vite pre-bundle its dependencies: tens of seconds.
  await page.goto(`${env.medusaUrl}/app/login`, { timeout: 150_000 })
  await page.locator('input[name="email"]').waitFor({ timeout: 150_000 })
  await page.locator('input[name="email"]').fill(env.admin.email)
  await page.locator('input[name="password"]').fill(env.admin.password)
  await shot(page, `${label}-admin-login`)
  await page.getByRole("button", { name: /^Continue/ }).click() // "Continue with Email"
  await page.waitForURL(/\/app\/orders/, { timeout: 60_000 })
  return page
}

/** Orders list -> the order with this display id; returns the Medusa order id from the URL. */
export async function openOrderFromList(page: Page, displayId: string | number, label: string): Promise<string> {
  await page.goto(`${env.medusaUrl}/app/orders`)
  const cell = page.getByRole("cell", { name: `#${displayId}`, exact: true })
  await cell.waitFor({ timeout: 60_000 })
  await shot(page, `${label}-admin-orders-list`)
  await cell.click()
  await page.waitForURL(/\/app\/orders\/order_[A-Za-z0-9]+$/)
  await iotpayPanel(page).waitFor()
  return new URL(page.url()).pathname.split("/").pop()!
}

export async function openOrder(page: Page, orderId: string) {
  await page.goto(`${env.medusaUrl}/app/orders/${orderId}`)
  await iotpayPanel(page).waitFor()
}

export const iotpayPanel = (page: Page) => page.getByTestId("iotpay-panel")

/** The IOTPay panel's values, once it has asked IOTPay (the pay order id row is there). */
export async function panelValues(page: Page) {
  const panel = iotpayPanel(page)
  await panel.getByTestId("iotpay-pay-order-id").waitFor()
  const text = async (id: string) => ((await panel.getByTestId(id).first().textContent()) ?? "").trim()
  return {
    payOrderId: await text("iotpay-pay-order-id"),
    status: await text("iotpay-status"),
    card: await text("iotpay-card"),
    refundable: await text("iotpay-refundable"),
    reversals: (await panel.getByTestId("iotpay-reversal").allTextContents()).map((t) => t.trim()),
  }
}

/** A card of the order page (Payments, the order header...): the innermost block holding the heading and a ⋯ menu. */
export function section(page: Page, heading: string | RegExp) {
  return page
    .locator("div")
    .filter({ has: page.getByRole("heading", { name: heading, exact: true }) })
    .filter({ has: page.locator('button[aria-haspopup="menu"]') })
    .last()
}

/** Medusa's "Capture payment" prompt on an order page: it must say `total` (e.g. "28.24") will be captured; confirms. */
export async function captureFromOrderPage(admin: Page, total: string, label: string) {
  await admin.getByRole("button", { name: "Capture payment" }).click()
  const prompt = admin.getByRole("alertdialog")
  await expectVisible(prompt.getByText(`${total} will be captured`))
  await shot(admin, `${label}-capture-prompt`)
  await prompt.getByRole("button", { name: "Confirm" }).click()
  await expectToast(admin, /successfully captured/)
  await expectVisible(section(admin, "Payments").getByText("Captured"))
}

/**
 * The standard refund on an order page: the payment's ⋯ menu -> Refund -> the "Create Refund" drawer, whose amount
 * must be prefilled with `prefilled` (what is left); refunds `amount` (e.g. "10.00") and waits for the success toast.
 */
export async function refundFromOrderPage(admin: Page, opts: { prefilled: string; amount: string; label: string }) {
  await section(admin, "Payments").locator('button[aria-haspopup="menu"]').click()
  await admin.getByRole("menuitem", { name: "Refund" }).click()
  const drawer = admin.getByRole("dialog")
  await expectVisible(drawer.getByText("Create Refund"))
  const amount = drawer.locator('input[name="amount"]')
  expect(await amount.inputValue()).toBe(opts.prefilled)
  await amount.fill(opts.amount)
  await shot(admin, `${opts.label}-refund-form`)
  await drawer.getByRole("button", { name: "Save" }).click()
  await expectToast(admin, new RegExp(`Refund of amount .*${opts.amount.replace(".", "\\.")} successful`))
  await drawer.waitFor({ state: "detached" })
}

/** A toast of the dashboard (sonner), by text. */
export const toast = (page: Page, text: string | RegExp) =>
  page.locator("[data-sonner-toast]").filter({ hasText: text })

// ---- small assertions that wait (jest's expect does not retry) ----

export async function expectVisible(locator: ReturnType<Page["locator"]>, timeout = 30_000) {
  await locator.first().waitFor({ state: "visible", timeout })
}

/** Polls `read` until `check` passes (the sandbox and the panel settle asynchronously); throws the last failure. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    try {
      check(value)
      return value
    } catch (error) {
      if (Date.now() > until) throw error
    }
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** "24.99 CAD" from cents. */
export const cad = (cents: number) => `${(cents / 100).toFixed(2)} CAD`

/** Waits for the dashboard's success toast; when it does not come, fails with whatever toasts are showing instead. */
export async function expectToast(page: Page, text: string | RegExp, timeout = 30_000) {
  try {
    await toast(page, text).first().waitFor({ state: "visible", timeout })
  } catch {
    const shown = (await page.locator("[data-sonner-toast]").allTextContents()).map((t) => t.trim())
    throw new Error(`no toast ${String(text)} within ${timeout / 1000} s; toasts shown: ${JSON.stringify(shown)}`)
  }
}

/** The orders Medusa holds, over the admin API (to check what the browser flows did and did not create). */
export async function adminApiOrders(): Promise<{ id: string; display_id: number; email: string; total: number }[]> {
  const login = await fetch(`${env.medusaUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(env.admin),
  })
  const { token } = (await login.json()) as { token?: string }
  if (!token) throw new Error(`admin API login failed (HTTP ${login.status})`)
  const res = await fetch(`${env.medusaUrl}/admin/orders?fields=id,display_id,email,total&limit=100`, {
    headers: { authorization: `Bearer ${token}` },
  })
  if (!res.ok) throw new Error(`GET /admin/orders: HTTP ${res.status}`)
  return ((await res.json()) as { orders: { id: string; display_id: number; email: string; total: number }[] }).orders
}
