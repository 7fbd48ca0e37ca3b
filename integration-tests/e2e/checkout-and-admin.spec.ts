// Browser end-to-end tests: a headless Debian Chromium (playwright-core) against the demo stack (`npm run test:e2e`
// starts it: storefront, IOTPay sandbox, Medusa with its real admin dashboard). Screenshots of every step go to
// test-artifacts/e2e/<nn>-<step>.png; a failing test also saves failure-<test>-<n>.png of each open page.
// The tests run in order and share the order paid in test 1.
import type { Page } from "playwright-core"
import {
  CARDS,
  adminApiOrders,
  adminLogin,
  cad,
  checkoutToHostedPage,
  eventually,
  expectToast,
  expectVisible,
  iotpayPanel,
  newPage,
  openOrder,
  openOrderFromList,
  panelValues,
  payOnHostedPage,
  sandboxOrder,
  sandboxReversals,
  section,
  shot,
  showSandbox,
  useBrowser,
} from "./helpers"

jest.setTimeout(180_000)

// One Chromium for the file; each test's contexts (shopper, admin) are closed after it, so the next starts clean.
const { browser, step } = useBrowser()

/** The order paid in test 1, refunded in test 2. */
let paid: { displayId: number; orderId: string; payOrderId: string; mchOrderNo: string } | undefined

/** return.html's confirmation: "Thank you! Order #N is placed and your card was authorized for $X." -> N */
async function confirmedOrder(page: Page, total: string): Promise<number> {
  await expectVisible(page.locator("#order"))
  const message = ((await page.locator("#message").textContent()) ?? "").trim()
  const match = message.match(/^Thank you! Order #(\d+) is placed and your card was authorized for (\S+)\.$/)
  if (!match) throw new Error(`unexpected confirmation: ${message}`)
  expect(match[2]).toBe(total)
  expect(await page.locator("#message").getAttribute("class")).toContain("success")
  return Number(match[1])
}

step(
  "1. a shopper buys on the storefront, pays on IOTPay's hosted page, sees the confirmation; the order is in the admin",
  async () => {
    const shop = await newPage(browser())
    const { payLabel } = await checkoutToHostedPage(shop, {
      email: "shopper@example.ca",
      items: { "Maple Mug": 1 },
      label: "checkout",
    })
    // (19.99 + 5.00 shipping) × 1.13 Ontario HST = 28.2387: Medusa does not round, IOTPay charges 2824 cents (half-up).
    expect(payLabel).toBe("Pay $28.24 by card")
    await expectVisible(shop.getByRole("button", { name: "Pay CAD 28.24" })) // the hosted page charges the cart's total

    const back = await payOnHostedPage(shop, CARDS.approve.cardNum, "checkout")
    expect(back.get("retCode")).toBe("SUCCESS")
    const displayId = await confirmedOrder(shop, "$28.24")
    await expectVisible(shop.locator("#hint").getByText("Welcome back. We are confirming your payment…"))
    await expectVisible(shop.locator("#order table").getByText("1 × Maple Mug"))
    await shot(shop, "checkout-confirmation")

    // IOTPay holds the approved sale of the whole total.
    const payment = await sandboxOrder({ mchOrderNo: back.get("mchOrderNo")! })
    expect(payment).toMatchObject({
      amount: 2824,
      refundable: 2824,
      status: 2,
      payType: "pay",
      cardNum: CARDS.approve.masked,
      sandbox: { kind: "payment", voided: false },
    })

    // The admin dashboard lists it; its page shows the payment authorized and the IOTPay panel.
    const admin = await adminLogin(browser(), "checkout")
    const orderId = await openOrderFromList(admin, displayId, "checkout")
    await expectVisible(admin.getByText("shopper@example.ca"))
    await expectVisible(section(admin, "Payments").getByText("Authorized"))
    await expectVisible(admin.getByRole("button", { name: "Capture payment" }))
    const panel = await eventually(
      () => panelValues(admin),
      (v) => expect(v.payOrderId).toBe(payment.payOrderId)
    )
    expect(panel.status).toBe("paid")
    expect(panel.card).toContain(CARDS.approve.masked)
    expect(panel.refundable).toBe("28.24 CAD")
    expect(panel.reversals).toEqual([])
    await iotpayPanel(admin).scrollIntoViewIfNeeded()
    await shot(admin, "checkout-admin-order-iotpay-panel")

    paid = { displayId, orderId, payOrderId: payment.payOrderId, mchOrderNo: payment.mchOrderNo }
  }
)

step(
  "2. an admin captures the order, refunds part of it with the standard Refund form; the panel and IOTPay agree",
  async () => {
    if (!paid) throw new Error("test 1 did not place the order this test refunds")
    const admin = await adminLogin(browser(), "refund")
    await openOrder(admin, paid.orderId)
    const payments = section(admin, "Payments")

    // Capture: Medusa's "Capture payment" prompt. IOTPay card purchases are sales: nothing moves at IOTPay.
    await admin.getByRole("button", { name: "Capture payment" }).click()
    const prompt = admin.getByRole("alertdialog")
    await expectVisible(prompt.getByText(/28\.24 will be captured/)) // the dashboard shows 28.2387 to the cent
    await shot(admin, "refund-capture-prompt")
    await prompt.getByRole("button", { name: "Confirm" }).click()
    await expectToast(admin, /successfully captured/)
    await expectVisible(payments.getByText("Captured"))
    await admin.getByRole("button", { name: "Capture payment" }).waitFor({ state: "detached" })
    await shot(admin, "refund-captured")
    expect(await sandboxOrder({ payOrderId: paid.payOrderId })).toMatchObject({ status: 2, refundable: 2824 })

    // Refund 10.00 of 28.2387: the payment's ⋯ menu -> Refund -> the "Create Refund" drawer.
    await payments.locator('button[aria-haspopup="menu"]').click()
    await admin.getByRole("menuitem", { name: "Refund" }).click()
    const drawer = admin.getByRole("dialog")
    await expectVisible(drawer.getByText("Create Refund"))
    const amount = drawer.locator('input[name="amount"]')
    expect(await amount.inputValue()).toBe("28.24") // prefilled with what is left (28.2387, shown to the cent)
    await amount.fill("10.00")
    await shot(admin, "refund-form")
    await drawer.getByRole("button", { name: "Save" }).click()
    await expectToast(admin, /Refund of amount .*10\.00 successful/)
    await drawer.waitFor({ state: "detached" })
    await expectVisible(payments.getByText("Partially refunded"))

    const panel = await eventually(
      () => panelValues(admin),
      (v) => {
        expect(v.refundable).toBe("18.24 CAD")
        expect(v.reversals).toHaveLength(1)
      }
    )
    await iotpayPanel(admin).scrollIntoViewIfNeeded()
    await shot(admin, "refund-admin-iotpay-panel")

    // IOTPay: 18.24 left on the sale, and one refund of 10.00 against it.
    const payment = await sandboxOrder({ payOrderId: paid.payOrderId })
    expect(payment).toMatchObject({
      status: 2,
      amount: 2824,
      refundable: 1824,
      sandbox: { kind: "payment", voided: false },
    })
    const reversals = await sandboxReversals(paid.payOrderId)
    expect(reversals).toHaveLength(1)
    expect(reversals[0]).toMatchObject({ amount: 1000, status: 2, payType: "refund", sandbox: { kind: "refund" } })

    // The panel says what IOTPay says.
    expect(panel.payOrderId).toBe(payment.payOrderId)
    expect(panel.refundable).toBe(cad(payment.refundable))
    expect(panel.reversals[0]).toBe(`${cad(reversals[0].amount)} · success · ${reversals[0].mchOrderNo}`)
    await expectVisible(iotpayPanel(admin).getByText("Refund", { exact: true }))

    // The timeline (order notes), oldest first: purchase created, authorized, captured, the refund with its number.
    // IOTPay's notify of the purchase is an entry of its own (data-kind="notify"), checked after these.
    const timeline = iotpayPanel(admin).locator('[data-testid="iotpay-timeline-event"]:not([data-kind="notify"])')
    expect(await timeline.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")))).toEqual([
      "created",
      "authorized",
      "captured",
      "refund",
    ])
    expect(await timeline.nth(0).textContent()).toContain(`mchOrderNo ${paid.mchOrderNo} · 28.24 CAD (Medusa 28.2387)`)
    expect(await timeline.nth(1).textContent()).toContain(paid.payOrderId)
    expect(await timeline.nth(3).textContent()).toContain(`${reversals[0].mchOrderNo} · 10.00 CAD · done`)
    const notified = iotpayPanel(admin).locator('[data-testid="iotpay-timeline-event"][data-kind="notify"]')
    expect(await notified.count()).toBe(1)
    expect(await notified.textContent()).toMatch(new RegExp(`Notify received.*${paid.payOrderId}.*deliver`))
    await iotpayPanel(admin).getByTestId("iotpay-timeline").scrollIntoViewIfNeeded()
    await shot(admin, "refund-admin-iotpay-timeline")

    // And still does on a fresh load of the page (the panel asks IOTPay each time).
    await admin.reload()
    await iotpayPanel(admin).waitFor()
    expect(await panelValues(admin)).toEqual(panel)

    await showSandbox(admin, "refund-sandbox-orders")
  }
)

step(
  "3. an admin cancels an authorized (not captured) order with the standard Cancel; IOTPay shows the void",
  async () => {
    const shop = await newPage(browser())
    const { payLabel } = await checkoutToHostedPage(shop, {
      email: "cancel-me@example.ca",
      items: { "Canoe Paddle Keychain": 2 },
      label: "cancel",
    })
    expect(payLabel).toBe("Pay $6.78 by card") // (2 × 0.50 + 5.00 shipping) × 1.13 Ontario HST
    const back = await payOnHostedPage(shop, CARDS.approve.cardNum, "cancel")
    const displayId = await confirmedOrder(shop, "$6.78")
    const payment = await sandboxOrder({ mchOrderNo: back.get("mchOrderNo")! })
    expect(payment).toMatchObject({ status: 2, amount: 678, refundable: 678 })

    const admin = await adminLogin(browser(), "cancel")
    await openOrderFromList(admin, displayId, "cancel")
    await expectVisible(admin.getByRole("button", { name: "Capture payment" })) // authorized, not captured
    await eventually(
      () => panelValues(admin),
      (v) => expect(v.payOrderId).toBe(payment.payOrderId)
    )

    // The order header's ⋯ menu -> Cancel -> "Are you sure?" -> Continue.
    await section(admin, `#${displayId}`).locator('button[aria-haspopup="menu"]').click()
    await admin.getByRole("menuitem", { name: "Cancel" }).click()
    const prompt = admin.getByRole("alertdialog")
    await expectVisible(prompt.getByText(`You are about to cancel the order #${displayId}`))
    await shot(admin, "cancel-prompt")
    await prompt.getByRole("button", { name: "Continue" }).click()
    await expectToast(admin, /Order canceled/)
    await expectVisible(section(admin, "Payments").getByText("Canceled"))

    const panel = await eventually(
      () => panelValues(admin),
      (v) => {
        expect(v.reversals).toHaveLength(1)
        expect(v.refundable).toBe("0.00 CAD")
      }
    )
    await expectVisible(iotpayPanel(admin).getByText("Void", { exact: true }))
    await iotpayPanel(admin).scrollIntoViewIfNeeded()
    await shot(admin, "cancel-admin-iotpay-panel")

    // IOTPay: the sale is voided (nothing left to refund) by one void of the whole amount.
    expect(await sandboxOrder({ payOrderId: payment.payOrderId })).toMatchObject({
      refundable: 0,
      sandbox: { kind: "payment", voided: true },
    })
    const reversals = await sandboxReversals(payment.payOrderId)
    expect(reversals).toHaveLength(1)
    expect(reversals[0]).toMatchObject({ amount: 678, status: 2, sandbox: { kind: "void" } })
    expect(panel.reversals[0]).toBe(`${cad(678)} · success · ${reversals[0].mchOrderNo}`)

    await showSandbox(admin, "cancel-sandbox-orders")
  }
)

step(
  "4. a declined card shows the shopper a clear message, places no order, and a retry with another card succeeds",
  async () => {
    const email = "declined-then-ok@example.ca"
    const shop = await newPage(browser())
    const { payLabel } = await checkoutToHostedPage(shop, {
      email,
      items: { "Maple Mug": 1, "Canoe Paddle Keychain": 1 },
      label: "declined",
    })
    expect(payLabel).toBe("Pay $28.80 by card") // (19.99 + 0.50 + 5.00 shipping) × 1.13 Ontario HST = 28.8037

    const first = await payOnHostedPage(shop, CARDS.decline.cardNum, "declined")
    expect(first.get("retCode")).toBe("FAIL")
    const message = shop.locator("#message")
    await expectVisible(message.getByText("Your payment did not go through, so the order was not placed."))
    expect(await message.getAttribute("class")).toContain("error")
    expect(await shop.locator("#hint").textContent()).toBe(
      "Welcome back. We are checking what happened to your payment…"
    )
    expect(await shop.locator("#order").isHidden()).toBe(true)
    await expectVisible(shop.getByRole("button", { name: "Try again" }))
    await shot(shop, "declined-message")

    expect(await sandboxOrder({ mchOrderNo: first.get("mchOrderNo")! })).toMatchObject({
      status: 9,
      refundable: 0,
      cardNum: CARDS.decline.masked,
    })
    expect((await adminApiOrders()).filter((o) => o.email === email)).toEqual([])

    // "Try again" opens a new IOTPay payment for the same cart.
    await shop.getByRole("button", { name: "Try again" }).click()
    await shop.locator("#cardNum").waitFor()
    await expectVisible(shop.getByRole("button", { name: "Pay CAD 28.80" }))
    const second = await payOnHostedPage(shop, CARDS.approve.cardNum, "declined-retry")
    expect(second.get("retCode")).toBe("SUCCESS")
    expect(second.get("mchOrderNo")).not.toBe(first.get("mchOrderNo"))
    const displayId = await confirmedOrder(shop, "$28.80")
    await shot(shop, "declined-retry-confirmation")

    expect(await sandboxOrder({ mchOrderNo: second.get("mchOrderNo")! })).toMatchObject({
      status: 2,
      amount: 2880,
      refundable: 2880,
    })
    const orders = (await adminApiOrders()).filter((o) => o.email === email)
    expect(orders.map((o) => [o.display_id, o.total])).toEqual([[displayId, 28.8037]])
  }
)
