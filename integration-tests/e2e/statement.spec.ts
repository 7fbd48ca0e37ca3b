// Settings → IOTPay → Statement in Medusa's real dashboard (headless Debian Chromium, `npm run test:e2e`): a shopper
// pays by card, someone refunds part of it in IOTPay's portal (the sandbox's portal refund), and the admin opens the
// statement from Settings → IOTPay, sees that refund named as a difference (not yet recorded) with a link to the
// order, downloads the CSV, and records it with "Record outside refunds in Medusa" (refused while the payment is
// not captured, recorded once it is).
import fs from "node:fs"
import {
  CARDS,
  adminLogin,
  captureFromOrderPage,
  checkoutToHostedPage,
  env,
  expectVisible,
  iotpayPanel,
  newPage,
  openOrder,
  payOnHostedPage,
  sandboxOrder,
  shot,
  useBrowser,
} from "./helpers"

jest.setTimeout(300_000)

const { browser, step } = useBrowser()

step(
  "Statement: a portal refund is a difference linked to its order; Download CSV; Record outside refunds",
  async () => {
    const shop = await newPage(browser())
    await checkoutToHostedPage(shop, { email: "statement@example.ca", items: { "Maple Mug": 1 }, label: "statement" })
    const back = await payOnHostedPage(shop, CARDS.approve.cardNum, "statement")
    await expectVisible(shop.locator("#order"))
    const payment = await sandboxOrder({ mchOrderNo: back.get("mchOrderNo")! })
    const portal = await fetch(`${env.sandboxUrl}/_sandbox/portal/refund`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ payOrderId: payment.payOrderId, amount: 150 }),
    })
    expect(portal.status).toBe(200)

    const admin = await adminLogin(browser(), "statement")
    await admin.goto(`${env.medusaUrl}/app/settings/iotpay`)
    await admin.getByRole("link", { name: /^Statement: day by day/ }).click()
    await admin.waitForURL(/\/app\/settings\/iotpay\/statement$/)
    const difference = admin
      .locator('[data-testid="statement-difference"][data-kind="refunded_outside_store"]')
      .filter({ hasText: payment.payOrderId })
    await expectVisible(difference, 60_000)
    expect(await difference.textContent()).toContain("$1.50 (150 cents)")
    // Viewing records nothing: shown as not recorded yet, with the button that records it.
    expect(await difference.textContent()).toContain("not recorded")
    expect(await difference.textContent()).toContain("refunded outside the store, not yet recorded in Medusa")
    const recordButton = admin.getByTestId("statement-record-outside")
    await expectVisible(recordButton)
    const orderHref = await difference.getByRole("link", { name: /^Order order_/ }).getAttribute("href")
    expect(orderHref).toMatch(/^\/app\/orders\/order_[A-Za-z0-9]+$/)
    await expectVisible(admin.getByTestId("statement-totals").getByText("IOTPay"))
    await shot(admin, "statement-page", { fullPage: true })

    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByTestId("statement-download").click(),
    ])
    const today = new Date().toISOString().slice(0, 10)
    expect(download.suggestedFilename()).toBe(`iotpay-statement-${today}.csv`)
    const csv = fs.readFileSync((await download.path())!, "utf8").split("\r\n")
    expect(csv[0]).toBe(
      "date,order_id,order_display_id,payment_id,type,iotpay_mch_order_no,iotpay_pay_order_id,iotpay_mch_refund_no," +
        "channel,iotpay_cents,iotpay_dollars,medusa_cents,medusa_dollars,status,difference"
    )
    const orderId = orderHref!.split("/").pop()
    const mine = csv.filter((line) => line.includes(payment.payOrderId))
    expect(mine[0]).toMatch(new RegExp(`^${today},${orderId},\\d+,pay_\\w+,payment,${payment.mchOrderNo},`))
    expect(mine[0]).toContain(",PF_CC,2824,28.24,2824,28.24,")
    expect(mine).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `,refund,${payment.mchOrderNo},${payment.payOrderId},,PF_CC,150,1\\.50,,,made outside the store,refunded_outside_store$`
        )
      )
    )

    // Recording it: the order is authorized, not captured, so Medusa cannot record a refund yet; the page says why.
    const recorded = admin.getByTestId("statement-recorded").filter({ hasText: payment.payOrderId })
    await recordButton.click()
    await expectVisible(recorded.filter({ hasText: "Not recorded: $1.50" }))
    expect(await recorded.textContent()).toContain("the payment is not captured in Medusa")
    await expectVisible(difference)
    await shot(admin, "statement-record-refused")

    // Captured on the order page, the same button records it: the difference is gone from the reloaded statement.
    await openOrder(admin, orderId!)
    await captureFromOrderPage(admin, "28.24", "statement")
    await admin.goto(`${env.medusaUrl}/app/settings/iotpay/statement`)
    await expectVisible(difference, 60_000)
    await recordButton.click()
    await expectVisible(recorded.filter({ hasText: "Recorded in Medusa: $1.50" }))
    await difference.waitFor({ state: "detached", timeout: 60_000 })
    await shot(admin, "statement-recorded", { fullPage: true })
    await openOrder(admin, orderId!)
    // The order's IOTPay panel lists the recorded refund under its deterministic number (nothing was sent to IOTPay).
    await expectVisible(
      iotpayPanel(admin)
        .getByTestId("iotpay-reversal")
        .filter({ hasText: `outside-${payment.payOrderId}-150` })
    )
  }
)
