// Browser end-to-end test of WeChat Pay (IOTPay v1, WX_NATIVE QR) in the demo storefront: the shopper picks WeChat
// Pay, sees a QR code, pays it on the sandbox's wallet page (a second tab, as the phone would after scanning), and the
// storefront shows the order by itself (the storefront kit polls; no return step). Then an admin refunds part of it
// from Medusa's standard order screen, and the sandbox holds exactly that one partial refund of that payment.
// Alipay: the sandbox's cashier page, then the storefront's return page completes the cart.
import type { Page } from "playwright-core"
import {
  adminApiOrders,
  adminLogin,
  cad,
  captureFromOrderPage,
  checkoutToReview,
  env,
  eventually,
  expectVisible,
  iotpayPanel,
  newPage,
  openOrderFromList,
  panelValues,
  refundFromOrderPage,
  sandboxV1Entries,
  sandboxV1Order,
  sandboxV1Refunds,
  section,
  shot,
  useBrowser,
} from "./helpers"

jest.setTimeout(180_000)

const { browser, step } = useBrowser()

const EMAIL = "wechat-shopper@example.ca"

/**
 * The shopper's phone: the sandbox wallet page in a second tab (the QR's link), showing `shown`; the unpaid WX_NATIVE
 * order behind it is `order` (cents, currency); the shopper pays. Returns that order.
 */
async function payInSandboxWallet(
  shop: Page,
  label: string,
  shown: string,
  order: { amount: number; currency: string }
) {
  const [wallet] = await Promise.all([shop.context().waitForEvent("page"), shop.locator("#qr-wallet-link").click()])
  await wallet.waitForURL(/\/v1\/wallet\/[^/]+$/)
  await expectVisible(wallet.getByRole("heading", { name: "WeChat Pay (sandbox wallet)" }))
  await expectVisible(wallet.getByText(shown))
  const token = new URL(wallet.url()).pathname.split("/").pop()!
  const atSandbox = (await sandboxV1Entries()).find((o) => o.sandbox.walletPage?.endsWith(`/v1/wallet/${token}`))
  if (!atSandbox?.mchOrderNo) throw new Error(`the sandbox has no v1 order behind wallet page ${token}`)
  expect(atSandbox).toMatchObject({ channelId: "WX_NATIVE", ...order, status: 0 })
  await shot(wallet, `${label}-sandbox-wallet`)
  await wallet.locator("#approve").click()
  await expectVisible(wallet.locator("#result").getByText("Paid"))
  await shot(wallet, `${label}-sandbox-wallet-paid`)
  return { ...atSandbox, mchOrderNo: atSandbox.mchOrderNo }
}

/** Back on the storefront tab, without any return step: the one-mug order WeChat Pay paid; its number and total. */
async function qrOrderShown(shop: Page, label: string) {
  await expectVisible(shop.locator("#order"), 60_000)
  expect(await shop.locator("#qr").isHidden()).toBe(true)
  const message = ((await shop.locator("#message").textContent()) ?? "").trim()
  const match = message.match(/^Thank you! Order #(\d+) is placed and paid with WeChat Pay \((.+)\)\.$/)
  if (!match) throw new Error(`unexpected confirmation: ${message}`)
  expect(await shop.locator("#message").getAttribute("class")).toContain("success")
  await expectVisible(shop.locator("#order table").getByText("1 × Maple Mug"))
  await shot(shop, `${label}-storefront-confirmation`)
  return { displayId: Number(match[1]), total: match[2] }
}

/** The order paid in test 1, refunded in test 2. */
let paid: { displayId: number; payOrderId: string; mchOrderNo: string } | undefined

step(
  "1. a shopper picks WeChat Pay, sees a QR code, pays it in the sandbox wallet; the storefront shows the order by itself",
  async () => {
    const shop = await newPage(browser())
    const { payLabel } = await checkoutToReview(shop, { email: EMAIL, items: { "Maple Mug": 1 }, label: "wechat" })
    expect(payLabel).toBe("Pay $28.24 by card") // the card stays the preselected way to pay
    const providers = shop.locator("#providers")
    for (const name of ["Credit card (IOTPay)", "WeChat Pay", "Alipay", "UnionPay"]) {
      await expectVisible(providers.getByText(name, { exact: true }))
    }
    await providers.getByText("WeChat Pay", { exact: true }).click()
    expect((await shop.locator("#pay").textContent())?.trim()).toBe("Pay $28.24 with WeChat Pay")
    await shop.locator("#pay").click()

    // The QR code, its content and the link to the sandbox's wallet page.
    await expectVisible(shop.locator("#qr"))
    expect(await shop.locator("#payment").isHidden()).toBe(true)
    const codeUrl = ((await shop.locator("#qr-code-url").textContent()) ?? "").trim()
    expect(codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=\S+$/)
    expect(await shop.locator("#qr-image").getAttribute("src")).toBe(`/qr.svg?text=${encodeURIComponent(codeUrl)}`)
    await eventually(
      () => shop.locator("#qr-image").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      (width) => expect(width).toBeGreaterThan(0)
    )
    const qr = await fetch(`${env.storefrontUrl}/qr.svg?text=${encodeURIComponent(codeUrl)}`)
    expect(qr.headers.get("content-type")).toBe("image/svg+xml")
    expect(await qr.text()).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/) // a square QR matrix
    const walletLink = await shop.locator("#qr-wallet-link").getAttribute("href")
    expect(walletLink).toBe(`${env.sandboxUrl}/v1/scan?code=${encodeURIComponent(codeUrl)}`)
    await expectVisible(shop.locator("#qr h2").getByText("$28.24"))
    // The kit polls while nothing is paid: no order yet.
    await expectVisible(shop.locator("#qr-status").getByText(/checked \d+ time/), 20_000)
    expect((await adminApiOrders()).filter((o) => o.email === EMAIL)).toEqual([])
    await shot(shop, "wechat-storefront-qr-code")

    const atSandbox = await payInSandboxWallet(shop, "wechat", "CAD 28.24", { amount: 2824, currency: "CAD" })

    const { displayId, total } = await qrOrderShown(shop, "wechat")
    expect([shop.url(), total]).toEqual([`${env.storefrontUrl}/`, "$28.24"])
    const payment = await sandboxV1Order(atSandbox.mchOrderNo)
    expect([2, 3]).toContain(payment.status)
    expect(payment).toMatchObject({ amount: 2824, channelId: "WX_NATIVE", sandbox: { kind: "payment", refunded: 0 } })
    // Exactly one order for the shopper (the kit's polling and IOTPay's notify both complete the same cart).
    const orders = (await adminApiOrders()).filter((o) => o.email === EMAIL)
    expect(orders.map((o) => [o.display_id, o.total])).toEqual([[displayId, 28.2387]])
    paid = { displayId, payOrderId: payment.payOrderId, mchOrderNo: atSandbox.mchOrderNo }
  }
)

step(
  "2. an admin captures and refunds 10.00 of the WeChat Pay order on Medusa's order screen; IOTPay has that one refund",
  async () => {
    if (!paid) throw new Error("test 1 did not place the order this test refunds")
    const admin = await adminLogin(browser(), "wechat-refund")
    await openOrderFromList(admin, paid.displayId, "wechat-refund")
    await expectVisible(admin.getByText(EMAIL))
    const payments = section(admin, "Payments")
    await expectVisible(payments.getByText("Authorized"))
    await eventually(
      () => panelValues(admin),
      (v) => expect(v.payOrderId).toBe(paid!.payOrderId)
    )

    // Capture: v1 payments are sales, nothing is sent to IOTPay.
    await captureFromOrderPage(admin, "28.24", "wechat")
    expect(await sandboxV1Refunds(paid.payOrderId)).toEqual([])

    // Refund 10.00 of 28.2387 (prefilled with what is left, shown to the cent).
    await refundFromOrderPage(admin, { prefilled: "28.24", amount: "10.00", label: "wechat" })
    await expectVisible(payments.getByText("Partially refunded"))

    // IOTPay: one refund_order of exactly 10.00 against that payOrderId, and 10.00 refunded on the payment.
    const refunds = await eventually(
      () => sandboxV1Refunds(paid!.payOrderId),
      (r) => expect(r).toHaveLength(1)
    )
    expect(refunds[0]).toMatchObject({ payOrderId: paid.payOrderId, refundAmount: 1000, currency: "CAD", status: 2 })
    expect(await sandboxV1Order(paid.mchOrderNo)).toMatchObject({
      amount: 2824,
      sandbox: { refunded: 1000, refunds: [refunds[0].refundOrderId] },
    })

    // The IOTPay panel says the same.
    const panel = await eventually(
      () => panelValues(admin),
      (v) => {
        expect(v.reversals).toHaveLength(1)
        expect(v.refundable).toBe(cad(2824 - 1000))
      }
    )
    expect(panel.reversals[0]).toBe(`${cad(1000)} · success · ${refunds[0].mchRefundNo}`)
    await iotpayPanel(admin).scrollIntoViewIfNeeded()
    await shot(admin, "wechat-refund-admin-iotpay-panel")
  }
)

step(
  "3. Alipay: the shopper goes to the sandbox cashier, pays, comes back, and the return page shows the order",
  async () => {
    const email = "alipay-shopper@example.ca"
    const shop = await newPage(browser())
    await checkoutToReview(shop, { email, items: { "Canoe Paddle Keychain": 2 }, label: "alipay" })
    await shop.locator("#providers").getByText("Alipay", { exact: true }).click()
    expect((await shop.locator("#pay").textContent())?.trim()).toBe("Pay $6.78 with Alipay") // (2 × 0.50 + 5.00) × 1.13
    await shop.locator("#pay").click()

    await shop.waitForURL((url) => url.href.startsWith(`${env.sandboxUrl}/v1/cashier/`))
    await expectVisible(shop.getByRole("heading", { name: "Alipay (sandbox cashier)" }))
    await expectVisible(shop.getByText("CAD 6.78"))
    await shot(shop, "alipay-sandbox-cashier")
    await shop.locator("#approve").click()

    // Back on the storefront: /wallet-return/alipay/<cart id> (no query string of ours: IOTPay v1 adds its own).
    await shop.waitForURL((url) => url.href.startsWith(`${env.storefrontUrl}/wallet-return/alipay/cart_`))
    const back = new URL(shop.url())
    const mchOrderNo = back.searchParams.get("mchOrderNo")
    if (!mchOrderNo) throw new Error(`the cashier came back without mchOrderNo: ${shop.url()}`)
    await expectVisible(shop.locator("#order"), 60_000)
    const message = ((await shop.locator("#message").textContent()) ?? "").trim()
    const match = message.match(/^Thank you! Order #(\d+) is placed and paid with Alipay \((\S+)\)\.$/)
    if (!match) throw new Error(`unexpected confirmation: ${message}`)
    expect(match[2]).toBe("$6.78")
    await shot(shop, "alipay-storefront-confirmation")

    const payment = await sandboxV1Order(mchOrderNo)
    expect(payment).toMatchObject({ channelId: "ALIPAY_PC", amount: 678, currency: "CAD" })
    expect([2, 3]).toContain(payment.status)
    const orders = (await adminApiOrders()).filter((o) => o.email === email)
    expect(orders.map((o) => o.display_id)).toEqual([Number(match[1])])
  }
)

step(
  "4. in the CNY region (?currency=CNY) the shopper pays a WeChat Pay QR in yuan: a CNY order at IOTPay, and the order",
  async () => {
    const email = "wechat-cny-shopper@example.ca"
    const shop = await newPage(browser())
    const { payLabel } = await checkoutToReview(shop, {
      email,
      items: { "Maple Mug": 1 },
      label: "wechat-cny",
      currency: "CNY",
    })
    // 138.88 + 35.00 shipping to China (no tax region there) = 173.88 yuan → 17388 fen. Cards are CAD only: WeChat
    // Pay comes first.
    expect(payLabel).toMatch(/^Pay \D*173\.88 with WeChat Pay$/)
    expect(await shop.locator("#providers").getByText("Credit card (IOTPay)").count()).toBe(0)
    await shop.locator("#pay").click()
    await expectVisible(shop.locator("#qr"))
    const atSandbox = await payInSandboxWallet(shop, "wechat-cny", "CNY 173.88", { amount: 17388, currency: "CNY" })
    const { displayId, total } = await qrOrderShown(shop, "wechat-cny")
    expect(total).toMatch(/173\.88$/)
    expect(await sandboxV1Order(atSandbox.mchOrderNo)).toMatchObject({ amount: 17388, currency: "CNY" })
    const orders = (await adminApiOrders()).filter((o) => o.email === email)
    expect(orders.map((o) => [o.display_id, o.total])).toEqual([[displayId, 173.88]])
  }
)
