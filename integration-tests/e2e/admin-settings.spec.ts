// Settings → IOTPay in Medusa's real dashboard (headless Debian Chromium, `npm run test:e2e`): one card per IOTPay
// provider entry, "Test connection" against the demo's sandbox. scripts/test-e2e.js configures, besides the demo's
// entries, "iotpay-wrongkey": the same sandbox and merchant with a wrong secret key (IOTPAY_EXTRA_PROVIDERS).
import type { Page } from "playwright-core"
import {
  CARDS,
  adminApiOrders,
  adminLogin,
  checkoutToHostedPage,
  env,
  eventually,
  expectVisible,
  newPage,
  payOnHostedPage,
  sandboxOrder,
  shot,
  useBrowser,
} from "./helpers"

jest.setTimeout(180_000)

const { browser, step } = useBrowser()

const card = (page: Page, id: string) => page.locator(`[data-testid="iotpay-provider"][data-provider-id="${id}"]`)

/** Presses the card's Test connection and returns the outcome badge's text once the answer is shown. */
async function testConnection(page: Page, id: string): Promise<{ outcome: string; text: string }> {
  const c = card(page, id)
  await c.getByTestId("iotpay-test-connection").click()
  const result = c.getByTestId("iotpay-check")
  await expectVisible(result, 30_000)
  return {
    outcome: ((await c.getByTestId("iotpay-check-outcome").textContent()) ?? "").trim(),
    text: ((await result.textContent()) ?? "").trim(),
  }
}

step(
  "5. Settings → IOTPay: the entries, the mode, the notify URL; Test connection says credentials accepted or signature refused",
  async () => {
    // A paid order of this test's own, so the Activity list has a notify whose order link can be checked whatever
    // the other browser tests did (or whether they ran).
    const shop = await newPage(browser())
    await checkoutToHostedPage(shop, { email: "settings@example.ca", items: { "Maple Mug": 1 }, label: "settings" })
    const paid = await payOnHostedPage(shop, CARDS.approve.cardNum, "settings")
    expect(paid.get("retCode")).toBe("SUCCESS")
    const { payOrderId } = await sandboxOrder({ mchOrderNo: paid.get("mchOrderNo")! })
    const [ownOrder] = await eventually(
      async () => (await adminApiOrders()).filter((o) => o.email === "settings@example.ca"),
      (orders) => expect(orders).toHaveLength(1)
    )
    const admin = await adminLogin(browser(), "settings")
    // Through the dashboard's own navigation: Settings, then IOTPay under the plugin's extensions.
    await admin.goto(`${env.medusaUrl}/app/settings`)
    const link = admin.getByRole("link", { name: "IOTPay", exact: true })
    await link.waitFor({ timeout: 60_000 })
    await link.click()
    await admin.waitForURL(/\/app\/settings\/iotpay$/)
    await card(admin, "iotpay").waitFor()
    await shot(admin, "settings-iotpay-page", { fullPage: true })

    const main = card(admin, "iotpay")
    expect((await main.getByTestId("iotpay-mode").textContent())?.trim()).toBe("SANDBOX")
    expect((await main.getByTestId("iotpay-merchant-id").textContent())?.trim()).toBe("10000701")
    expect((await main.getByTestId("iotpay-notify-url").textContent())?.trim()).toBe(
      `${env.medusaUrl}/hooks/iotpay/iotpay`
    )
    expect((await main.getByTestId("iotpay-secret-key").textContent())?.trim()).toBe("set (never shown)")
    expect(await main.getByTestId("iotpay-services").textContent()).toContain("pp_iotpay_iotpay")
    expect(await main.getByTestId("iotpay-copy-notify-url").count()).toBe(1)
    expect(await card(admin, "iotpay-upi").count()).toBe(1)
    // The page never carries a secret key (the demo's is iotpay-demo-sandbox-key).
    expect(await admin.content()).not.toContain("iotpay-demo-sandbox-key")

    const accepted = await testConnection(admin, "iotpay")
    expect(accepted.outcome).toBe("credentials accepted")
    expect(accepted.text).toContain(`${env.sandboxUrl}/v3/cc_query`)
    // The same press asks IOTPay's v1 API (WeChat Pay, Alipay, UnionPay) and shows its answer apart.
    const v1 = main.getByTestId("iotpay-v1-check")
    await expectVisible(v1)
    expect((await main.getByTestId("iotpay-v1-check-outcome").textContent())?.trim()).toBe("credentials accepted")
    expect(await v1.textContent()).toContain(`${env.sandboxUrl}/v1/query_order`)
    expect((await main.getByTestId("iotpay-v1-api-base").textContent())?.trim()).toBe(`${env.sandboxUrl}/v1`)
    const services = (await main.getByTestId("iotpay-services").textContent()) ?? ""
    for (const id of ["pp_iotpay-wechat_iotpay", "pp_iotpay-alipay_iotpay", "pp_iotpay-unionpay_iotpay"]) {
      expect(services).toContain(id)
    }
    expect(services).toContain("WX_NATIVE, WX_JSAPI")
    await main.scrollIntoViewIfNeeded()
    await shot(admin, "settings-iotpay-credentials-accepted")

    const refused = await testConnection(admin, "iotpay-wrongkey")
    expect(refused.outcome).toBe("signature refused")
    expect(refused.text).toMatch(/signature error/i)
    expect((await card(admin, "iotpay-wrongkey").getByTestId("iotpay-v1-check-outcome").textContent())?.trim()).toBe(
      "signature refused"
    )
    await card(admin, "iotpay-wrongkey").scrollIntoViewIfNeeded()
    await shot(admin, "settings-iotpay-signature-refused")

    // Run go-live check: the doctor's safe probes (no payment), V3 and v1, each question with its answer.
    await main.getByTestId("iotpay-go-live-check").click()
    const goLive = main.getByTestId("iotpay-go-live")
    await expectVisible(goLive, 60_000)
    expect(await goLive.getAttribute("data-completed")).toBe("true")
    const findings = main.getByTestId("iotpay-go-live-finding")
    const statuses = Object.fromEntries(
      await findings.evaluateAll((els) => els.map((e) => [e.getAttribute("data-id"), e.getAttribute("data-status")]))
    )
    expect(statuses).toMatchObject({ credentials: "ok", "v1-credentials": "ok", "v1-notify-delivery": "unanswered" })
    await goLive.scrollIntoViewIfNeeded()
    await shot(admin, "settings-iotpay-go-live-check")

    // Activity: the notify inbox (the demo registers its module), its outcome filters, the reconcile job's runs.
    const activity = admin.getByTestId("iotpay-activity")
    await expectVisible(activity.getByTestId("iotpay-activity-note"))
    expect(await activity.getByTestId("iotpay-activity-note").textContent()).toMatch(
      /Every verified IOTPay notify .* newest first/
    )
    await expectVisible(activity.getByTestId("iotpay-reconcile-last"))
    await expectVisible(activity.getByTestId("iotpay-reconcile-next"))
    const filters = activity.getByTestId("iotpay-inbox-filter")
    expect(await filters.evaluateAll((els) => els.map((e) => e.getAttribute("data-filter")))).toEqual([
      "all",
      "order_created",
      "already_applied",
      "ignored",
      "not_applied",
      "failed",
      "unprocessed",
    ])
    await activity.scrollIntoViewIfNeeded()
    await shot(admin, "settings-iotpay-activity")
    // One outcome: the demo has no notify whose processing failed, so that filter lists none and says so.
    // The page keeps the previous answer on screen (aria-busy) until the new filter or page has loaded.
    const settled = () => expectVisible(admin.locator('[data-testid="iotpay-activity"][aria-busy="false"]'))
    const failedFilter = activity.locator('[data-testid="iotpay-inbox-filter"][data-filter="failed"]')
    expect((await failedFilter.textContent())?.trim()).toBe("Failed (0)")
    await failedFilter.click()
    await settled()
    expect(await activity.getByTestId("iotpay-inbox-notify").count()).toBe(0)
    await expectVisible(activity.getByText("No notify with this outcome.", { exact: true }))
    // All: this test's paid notify links to its order's page (re-read until the inbox has processed it).
    const ownNotify = activity.locator(`[data-testid="iotpay-inbox-notify"][data-pay-order-id="${payOrderId}"]`)
    const href = await eventually(
      async () => {
        await activity.locator('[data-testid="iotpay-inbox-filter"][data-filter="all"]').click()
        await settled()
        return ownNotify
          .getByTestId("iotpay-inbox-order")
          .getAttribute("href", { timeout: 2000 })
          .catch(() => null)
      },
      (link) => expect(link).toMatch(new RegExp(`/orders/${ownOrder.id}$`))
    )
    expect(href).toMatch(new RegExp(`/orders/${ownOrder.id}$`))
    // Paging: the range and total shown, previous disabled on the first page; one per page walks the inbox.
    const paging = activity.getByTestId("iotpay-inbox-paging")
    await expectVisible(paging)
    expect(await activity.getByTestId("iotpay-inbox-previous").isDisabled()).toBe(true)
    const total = Number(/of (\d+)/.exec((await activity.getByTestId("iotpay-inbox-range").textContent()) ?? "")![1])
    await activity.getByTestId("iotpay-inbox-page-size").selectOption("10")
    await settled()
    // Notifies of the other browser tests may still arrive: the total can only grow, and Next follows it.
    const after = Number(/of (\d+)/.exec((await activity.getByTestId("iotpay-inbox-range").textContent()) ?? "")![1])
    expect(after).toBeGreaterThanOrEqual(total)
    expect(await activity.getByTestId("iotpay-inbox-range").textContent()).toBe(
      after === 0 ? "0–0 of 0" : `1–${Math.min(10, after)} of ${after}`
    )
    expect(await activity.getByTestId("iotpay-inbox-next").isDisabled()).toBe(after <= 10)
  }
)
