// The shopper in Medusa's Next.js starter with the IOTPay recipe applied (test-starter.js runs it against the demo
// stack): card approved, card declined then retried, WeChat Pay QR paid in the sandbox wallet, Alipay and UnionPay
// through the sandbox cashier. Each ends on the starter's order-confirmed page with exactly one order for its cart
// and no IOTPay order beyond the ones the shopper paid or was declined on. Also checks the shopper's IP that reaches
// IOTPay v1, that IOTPay's pages speak the browser's language (a French browser, a Chinese one), and that the words
// beside the WeChat Pay QR code follow the starter's locale.
const assert = require("node:assert/strict")
const { chromium } = require("playwright-core")

const SHOPPER_IP = "203.0.113.50" // what a load balancer in front of the Next.js server would put in X-Forwarded-For

/** Every payment the sandbox holds (V3 and v1), newest last. */
async function sandboxPayments(sandboxUrl) {
  const res = await fetch(`${sandboxUrl}/_sandbox/orders`)
  assert.ok(res.ok, `GET /_sandbox/orders: HTTP ${res.status}`)
  const body = await res.json()
  return [...(body.orders ?? []), ...(body.v1Orders ?? [])].filter((o) => o.sandbox?.kind === "payment")
}

/** How many orders Medusa holds (the demo's admin, through the admin API). */
async function orderCount(medusaUrl) {
  const auth = await fetch(`${medusaUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@iotpay.local", password: "iotpay-demo" }),
  })
  assert.ok(auth.ok, `admin login: HTTP ${auth.status}`)
  const { token } = await auth.json()
  const res = await fetch(`${medusaUrl}/admin/orders?fields=id&limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  })
  assert.ok(res.ok, `GET /admin/orders: HTTP ${res.status}`)
  return (await res.json()).count
}

async function fillAddressAndShipping(page, storefrontUrl) {
  await page.goto(`${storefrontUrl}/ca/products/maple-mug`)
  // The product's own button: until the page hydrates, the starter also renders its mobile copy (shown while the
  // main one is out of view), and both read "Out of stock" (disabled) until the variant is selected client-side.
  await page.getByTestId("product-container").getByTestId("add-product-button").click()
  await page.waitForResponse((r) => r.url().includes("/ca/products/maple-mug") && r.request().method() === "POST")
  await page.goto(`${storefrontUrl}/ca/checkout?step=address`)
  await page.getByTestId("shipping-first-name-input").fill("Alex")
  await page.getByTestId("shipping-last-name-input").fill("Tremblay")
  await page.getByTestId("shipping-address-input").fill("1 Front St W")
  await page.getByTestId("shipping-postal-code-input").fill("M5J 2X5")
  await page.getByTestId("shipping-city-input").fill("Toronto")
  await page.getByTestId("shipping-country-select").selectOption("ca")
  await page.getByTestId("shipping-province-input").fill("ON")
  await page.getByTestId("shipping-email-input").fill("alex@example.com")
  await page.getByTestId("submit-address-button").click()
  await page.waitForURL(/step=delivery/)
  await page.getByTestId("delivery-option-radio").first().click()
  await page.getByTestId("submit-delivery-option-button").click()
  await page.waitForURL(/step=payment/)
}

/** Picks the method on the payment step, goes on to review and presses "Place order". */
async function placeOrder(page, title) {
  await page.getByText(title, { exact: true }).click()
  await page.getByTestId("submit-payment-button").click()
  await page.waitForURL(/step=review/)
  await page.getByTestId("submit-order-button").click()
}

/** The browser language of a flow (Accept-Language, navigator.language); the others run in English. */
const BROWSER_LOCALE = { "card approved": "fr-CA", "UnionPay through its cashier": "zh-CN" }

/** IOTPay's page (the sandbox's) is in the language the browser asks for. */
async function expectPageLanguage(page, lang, heading) {
  assert.equal(await page.locator("html").getAttribute("lang"), lang, `the language of ${page.url()}`)
  assert.match(await page.locator("h1").textContent(), heading)
}

async function payOnHostedPage(page, sandboxUrl, cardNum) {
  await page.waitForURL((url) => url.href.startsWith(sandboxUrl))
  await page.locator("#cardNum").fill(cardNum)
  await page.locator("#expiryDate").fill("1230")
  await page.locator("#cvv").fill("123")
  await page.locator("#holder").fill("Alex Tremblay")
  await page.locator("#submit").click()
}

async function confirmedOrderId(page) {
  await page.waitForURL(/\/ca\/order\/[^/]+\/confirmed/, { timeout: 90_000 })
  return /\/order\/([^/]+)\/confirmed/.exec(page.url())[1]
}

async function run({ storefrontUrl, medusaUrl, sandboxUrl, chromiumPath, artifacts, log, only }) {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] })
  const flows = {
    async "card approved"(page) {
      await placeOrder(page, "Credit card (IOTPay)")
      await page.waitForURL((url) => url.href.startsWith(sandboxUrl))
      await expectPageLanguage(page, "fr", /^Payer par carte$/)
      await payOnHostedPage(page, sandboxUrl, "4242424242424242")
      return { orderId: await confirmedOrderId(page), expectedPayments: 1 }
    },
    async "card declined, then retried"(page) {
      await placeOrder(page, "Credit card (IOTPay)")
      await payOnHostedPage(page, sandboxUrl, "4000000000000002")
      await page.waitForURL(/step=review/, { timeout: 90_000 })
      await page
        .getByTestId("iotpay-payment-error-message")
        .getByText(/declined/)
        .waitFor()
      await page.getByTestId("submit-order-button").click()
      await payOnHostedPage(page, sandboxUrl, "4242424242424242")
      return { orderId: await confirmedOrderId(page), expectedPayments: 2 }
    },
    async "WeChat Pay QR paid in the sandbox wallet"(page) {
      // The starter's own language choice (its locale cookie, set here once the cart exists): the kit's words
      // beside the QR code follow it.
      await page.context().addCookies([{ name: "_medusa_locale", value: "fr-CA", url: storefrontUrl }])
      await placeOrder(page, "WeChat Pay")
      await page.getByTestId("iotpay-wechat-qr").getByText("Scannez avec WeChat pour payer").waitFor()
      const codeUrl = await page.getByTestId("iotpay-wechat-code-url").textContent()
      assert.match(codeUrl, /^weixin:\/\//)
      const wallet = await page.context().newPage() // the shopper's phone, after scanning
      await wallet.goto(`${sandboxUrl}/v1/scan?code=${encodeURIComponent(codeUrl)}`)
      await wallet.locator("#approve").click()
      return { orderId: await confirmedOrderId(page), expectedPayments: 1, v1: true }
    },
    async "Alipay through the cashier"(page) {
      await placeOrder(page, "Alipay")
      await page.waitForURL((url) => url.href.startsWith(`${sandboxUrl}/v1/cashier/`))
      await page.locator("#approve").click()
      return { orderId: await confirmedOrderId(page), expectedPayments: 1, v1: true }
    },
    async "UnionPay through its cashier"(page) {
      await placeOrder(page, "UnionPay")
      await page.waitForURL((url) => url.href.startsWith(`${sandboxUrl}/v1/cashier/`))
      await expectPageLanguage(page, "zh-Hans", /^银联/)
      await page.locator("#approve").click()
      return { orderId: await confirmedOrderId(page), expectedPayments: 1, v1: true }
    },
  }
  try {
    for (const [name, flow] of Object.entries(flows)) {
      if (only && !name.includes(only)) continue
      const context = await browser.newContext({
        locale: BROWSER_LOCALE[name] ?? "en-CA",
        extraHTTPHeaders: { "x-forwarded-for": SHOPPER_IP },
      })
      context.setDefaultTimeout(60_000)
      const page = await context.newPage()
      const before = (await sandboxPayments(sandboxUrl)).length
      const ordersBefore = await orderCount(medusaUrl)
      const result = await (async () => {
        await fillAddressAndShipping(page, storefrontUrl)
        return flow(page)
      })().catch(async (error) => {
        if (artifacts) await page.screenshot({ path: `${artifacts}/failed-${name.replace(/\W+/g, "-")}.png` })
        throw new Error(`${name}: ${error.message} (at ${page.url()})`)
      })
      assert.equal(await orderCount(medusaUrl), ordersBefore + 1, `${name}: exactly one order`)
      const opened = (await sandboxPayments(sandboxUrl)).slice(before)
      assert.equal(opened.length, result.expectedPayments, `${name}: IOTPay orders opened ${JSON.stringify(opened)}`)
      if (result.v1) assert.equal(opened[0].clientIp, SHOPPER_IP, `${name}: the shopper's IP at IOTPay`)
      log(`${name}: order ${result.orderId}, ${opened.length} IOTPay order(s)`)
      await context.close()
    }
  } finally {
    await browser.close()
  }
}

module.exports = { run }
