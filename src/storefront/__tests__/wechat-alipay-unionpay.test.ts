// WeChat Pay / Alipay / UnionPay (IOTPay v1): what the session step sends and answers, opening redirect and form
// payments, and polling a QR payment until the cart completes.
import { isIotpayProvider, v1ProviderId, v1WalletOf } from "../ids"
import {
  isInWechat,
  openV1Payment,
  pollUntilPaid,
  startV1Payment,
  v1PaymentOf,
  type V1Payment,
} from "../wechat-alipay-unionpay"
import { fakeBrowser } from "./fake-browser"
import { collectionWith, stubStore, type Answer } from "./stub-store"

const WECHAT = "pp_iotpay-wechat_iotpay"
const ALIPAY = "pp_iotpay-alipay_iotpay"
const COMPLETE = "POST /store/carts/cart_1/complete"
const CART = "GET /store/carts/cart_1"
const SESSIONS = "POST /store/payment-collections/pay_col_1/payment-sessions"
const order = { id: "order_1", display_id: 9, total: 28.2387, currency_code: "cad" }
const returnUrl = "https://shop.test/checkout/iotpay-return/cart_1"

const notAuthorized: Answer = {
  status: 400,
  body: { type: "not_allowed", message: "Session: payses_1 was not authorized with the provider." },
}
const sessionPending: Answer = {
  body: { cart: { id: "cart_1", payment_collection: { payment_sessions: [{ status: "pending" }] } } },
}
const ordered: Answer = { body: { type: "order", order } }

function sessionRoutes(providerId: string, data: Record<string, unknown>) {
  return {
    "POST /store/payment-collections": { body: { payment_collection: { id: "pay_col_1" } } },
    [SESSIONS]: { body: collectionWith(providerId, data) },
  }
}

describe("provider ids", () => {
  it("names the v1 providers of an entry and recognises them", () => {
    expect(v1ProviderId("wechat")).toBe(WECHAT)
    expect(v1ProviderId("unionpay", "iotpay-eu")).toBe("pp_iotpay-unionpay_iotpay-eu")
    expect(v1WalletOf(ALIPAY)).toBe("alipay")
    expect(v1WalletOf("pp_iotpay_iotpay")).toBeUndefined()
    expect(v1WalletOf("pp_stripe_stripe")).toBeUndefined()
    expect(isIotpayProvider(WECHAT)).toBe(true)
    expect(isIotpayProvider("pp_system_default")).toBe(false)
  })

  it("tells WeChat's own browser by its user agent", () => {
    expect(isInWechat("Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI")).toBe(
      true
    )
    expect(isInWechat("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0")).toBe(false)
    expect(isInWechat(undefined)).toBe(false)
  })
})

describe("startV1Payment", () => {
  it("WeChat Pay: sends the return URL and browser hints (never an IP: Medusa's side knows it); answers the QR", async () => {
    const { store, calls } = stubStore(
      sessionRoutes(WECHAT, {
        codeUrl: "weixin://wxpay/bizpayurl?pr=abc",
        mchOrderNo: "M01ABC_1",
        amountCents: 2824,
        channel: "WX_NATIVE",
      })
    )
    const payment = await startV1Payment(store, {
      cartId: "cart_1",
      wallet: "wechat",
      returnUrl,
      inWechat: false,
      userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
    })
    expect(payment).toEqual({
      wallet: "wechat",
      providerId: WECHAT,
      kind: "qr",
      codeUrl: "weixin://wxpay/bizpayurl?pr=abc",
      mchOrderNo: "M01ABC_1",
      amountCents: 2824,
      channel: "WX_NATIVE",
    })
    expect(calls[0].body).toEqual({ cart_id: "cart_1" })
    expect(calls[1].body).toEqual({
      provider_id: WECHAT,
      data: {
        return_url: returnUrl,
        in_wechat: false,
        user_agent: "Mozilla/5.0 (X11; Linux x86_64)",
      },
    })
  })

  it("sends no hint it was not given", async () => {
    const { store, calls } = stubStore(sessionRoutes(v1ProviderId("unionpay"), { redirectUrl: "https://upi.test/c" }))
    const payment = await startV1Payment(store, { cartId: "cart_1", wallet: "unionpay", returnUrl })
    expect(payment).toMatchObject({ kind: "redirect", redirectUrl: "https://upi.test/c", wallet: "unionpay" })
    expect(calls[1].body.data).toEqual({ return_url: returnUrl })
  })

  it("Alipay: a redirect, or IOTPay's auto-submitting form; device chosen by the storefront", async () => {
    const redirect = stubStore(sessionRoutes(ALIPAY, { redirectUrl: "https://alipay.test/cashier" }))
    const r = await startV1Payment(redirect.store, { cartId: "cart_1", wallet: "alipay", returnUrl, device: "mobile" })
    expect(r).toMatchObject({ kind: "redirect", redirectUrl: "https://alipay.test/cashier" })
    expect(redirect.calls[1].body.data.device).toBe("mobile")

    const html = '<form id="alipaysubmit" action="https://alipay.test/gateway.do"></form><script>submit()</script>'
    const form = stubStore(sessionRoutes(ALIPAY, { payForm: html }))
    expect(await startV1Payment(form.store, { cartId: "cart_1", wallet: "alipay", returnUrl })).toMatchObject({
      kind: "form",
      formHtml: html,
    })
  })

  it("another entry's provider id", async () => {
    const providerId = v1ProviderId("wechat", "iotpay-eu")
    const { store, calls } = stubStore(sessionRoutes(providerId, { codeUrl: "weixin://x" }))
    const payment = await startV1Payment(store, { cartId: "cart_1", wallet: "wechat", returnUrl, providerId })
    expect(payment).toMatchObject({ kind: "qr", providerId })
    expect(calls[1].body.provider_id).toBe(providerId)
  })

  it("a return URL with a query string (IOTPay v1 appends its own) throws before anything is sent", async () => {
    const { store, calls } = stubStore(sessionRoutes(ALIPAY, { redirectUrl: "https://a.test" }))
    await expect(
      startV1Payment(store, { cartId: "cart_1", wallet: "alipay", returnUrl: "https://shop.test/r?cart_id=cart_1" })
    ).rejects.toThrow(/refuses a return URL with a query string .* in the path/)
    expect(calls).toEqual([])
  })

  it("Medusa's refusal (the shopper's IP is not known) rejects with its StoreApiError; nothing is shown", async () => {
    const message =
      "IOTPay requires the shopper's IP address, and this request's is not known: X-Forwarded-For is missing"
    const { store } = stubStore({
      "POST /store/payment-collections": { body: { payment_collection: { id: "pay_col_1" } } },
      [SESSIONS]: { status: 400, body: { type: "invalid_data", message } },
    })
    await expect(startV1Payment(store, { cartId: "cart_1", wallet: "wechat", returnUrl })).rejects.toMatchObject({
      name: "StoreApiError",
      status: 400,
      message,
    })
  })
})

describe("v1PaymentOf", () => {
  it("reads a collection from the js-sdk; the wallet from the provider id", () => {
    expect(v1PaymentOf(collectionWith(ALIPAY, { redirectUrl: "https://a.test" }).payment_collection, ALIPAY)).toEqual(
      expect.objectContaining({ wallet: "alipay", kind: "redirect" })
    )
  })

  it("throws, saying what to do, when there is nothing to show", () => {
    expect(() => v1PaymentOf(collectionWith(WECHAT, {}).payment_collection, WECHAT)).toThrow(
      /no QR code, payment page or form .* start the payment again/
    )
    expect(() => v1PaymentOf({ id: "c", payment_sessions: [] }, WECHAT)).toThrow(/holds no pp_iotpay-wechat_iotpay/)
    expect(() => v1PaymentOf(null, "pp_iotpay_iotpay")).toThrow(/not an IOTPay WeChat Pay, Alipay or UnionPay/)
  })
})

describe("openV1Payment", () => {
  const base = { wallet: "alipay", providerId: ALIPAY } as const

  it("redirects to an http(s) page", () => {
    const t = fakeBrowser()
    openV1Payment({ ...base, kind: "redirect", redirectUrl: "https://a.test/c" }, { target: t.target })
    expect(t.seen).toEqual(["assign https://a.test/c"])
  })

  it("refuses a QR payment (nothing to open)", () => {
    const qr: V1Payment = { wallet: "wechat", providerId: WECHAT, kind: "qr", codeUrl: "weixin://x" }
    expect(() => openV1Payment(qr, { target: fakeBrowser().target })).toThrow(/show its codeUrl as a QR code and poll/)
  })
})

describe("pollUntilPaid", () => {
  /** A fake clock: sleeping moves it on. */
  function clock() {
    let t = 0
    const slept: number[] = []
    return {
      slept,
      now: () => t,
      sleep: async (ms: number) => {
        slept.push(ms)
        t += ms
      },
    }
  }

  it("completes the cart until the shopper paid: pending, pending, then the order", async () => {
    const { store, calls } = stubStore({
      [COMPLETE]: [notAuthorized, notAuthorized, ordered],
      [CART]: [sessionPending, sessionPending],
    })
    const c = clock()
    const pending: string[] = []
    const outcome = await pollUntilPaid(store, {
      cartId: "cart_1",
      intervalMs: 2000,
      ...c,
      onPending: (o) => pending.push(o.reason),
    })
    expect(outcome).toEqual({ ok: true, order })
    expect(c.slept).toEqual([2000, 2000])
    expect(pending).toEqual(["pending", "pending"])
    expect(calls.filter((call) => call.path.endsWith("/complete"))).toHaveLength(3)
  })

  it("IOTPay's notify is completing the cart right now (409), then the same order is answered", async () => {
    const { store } = stubStore({
      [COMPLETE]: [{ status: 409, body: { type: "conflict", message: "already being completed" } }, ordered],
    })
    expect(await pollUntilPaid(store, { cartId: "cart_1", ...clock() })).toEqual({ ok: true, order })
  })

  it("keeps going through network errors and 5xx (retrying is safe)", async () => {
    const { store } = stubStore({
      [COMPLETE]: [new TypeError("Failed to fetch"), { status: 502, body: {} }, ordered],
    })
    const c = clock()
    expect(await pollUntilPaid(store, { cartId: "cart_1", ...c })).toEqual({ ok: true, order })
    expect(c.slept).toEqual([2500, 2500])
  })

  it("the shopper cancelled in WeChat: stops with a failure to start again, Medusa's text as detail", async () => {
    const message =
      "IOTPay WeChat Pay payment M1 was not paid: the shopper cancelled it (status 9); nothing was charged. " +
      "Ask the shopper to pay again (start a new payment session)."
    const { store } = stubStore({ [COMPLETE]: { status: 400, body: { type: "payment_authorization_error", message } } })
    const c = clock()
    const outcome = await pollUntilPaid(store, { cartId: "cart_1", ...c })
    expect(outcome).toMatchObject({ ok: false, reason: "cancelled", nextStep: "start_again", detail: message })
    if (outcome.ok) throw new Error("unreachable")
    expect(outcome.message).toMatch(/cancelled in your wallet app and nothing was charged/)
    expect(outcome.message).not.toMatch(/shopper|IOTPay|status 9/)
    expect(c.slept).toEqual([])
  })

  it("IOTPay closed the unpaid QR order (closed): start again", async () => {
    const message =
      "IOTPay WeChat Pay payment M1 was not paid: IOTPay closed it unpaid (status 4, e.g. it expired); nothing was charged."
    const { store } = stubStore({ [COMPLETE]: { body: { type: "cart", cart: {}, error: { message } } } })
    expect(await pollUntilPaid(store, { cartId: "cart_1", ...clock(), locale: "zh-CN" })).toMatchObject({
      ok: false,
      reason: "closed",
      nextStep: "start_again",
      message: expect.stringContaining("二维码已过期"),
    })
  })

  it("the session was replaced (another tab started a new payment): expired", async () => {
    const { store } = stubStore({
      [COMPLETE]: {
        status: 400,
        body: { type: "invalid_data", message: "Payment collection has not been initiated for cart" },
      },
    })
    expect(await pollUntilPaid(store, { cartId: "cart_1", ...clock() })).toMatchObject({ reason: "expired" })
  })

  it("still unpaid at the timeout: pending (poll again later), after timeout / interval checks", async () => {
    const { store, calls } = stubStore({ [COMPLETE]: () => notAuthorized, [CART]: () => sessionPending })
    const outcome = await pollUntilPaid(store, { cartId: "cart_1", intervalMs: 1000, timeoutMs: 5000, ...clock() })
    expect(outcome).toMatchObject({ ok: false, reason: "pending", nextStep: "wait_and_retry" })
    if (outcome.ok) throw new Error("unreachable")
    expect(outcome.detail).toMatch(/^not paid within 5 s/)
    expect(calls.filter((call) => call.path.endsWith("/complete"))).toHaveLength(6)
  })

  it("an AbortSignal stops it, also in the middle of a wait; nothing more is sent", async () => {
    const { store, calls } = stubStore({ [COMPLETE]: () => notAuthorized, [CART]: () => sessionPending })
    const stop = new AbortController()
    const polling = pollUntilPaid(store, { cartId: "cart_1", intervalMs: 60_000, signal: stop.signal })
    await new Promise((r) => setTimeout(r, 20))
    const sent = calls.length
    stop.abort()
    await expect(polling).rejects.toMatchObject({ name: "AbortError" })
    await new Promise((r) => setTimeout(r, 20))
    expect(calls).toHaveLength(sent)

    const already = new AbortController()
    already.abort(new Error("the shopper chose Alipay"))
    await expect(pollUntilPaid(store, { cartId: "cart_1", signal: already.signal })).rejects.toThrow(
      "the shopper chose Alipay"
    )
    expect(calls).toHaveLength(sent)
  })
})
