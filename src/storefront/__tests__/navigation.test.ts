// Where the kit sends the browser: only http(s) pages, and a wallet's form only as a fresh form posted to a known
// payment host (never its HTML written into the storefront's page), whatever an unsigned v1 answer carries.
import { hostedPaymentOf } from "../hosted"
import { httpUrl, payFormOf } from "../navigation"
import { openV1Payment, v1PaymentOf, type V1Payment } from "../wechat-alipay-unionpay"
import { fakeBrowser } from "./fake-browser"
import { collectionWith } from "./stub-store"

const ALIPAY = "pp_iotpay-alipay_iotpay"
const base = { wallet: "alipay", providerId: ALIPAY } as const
const HOSTILE = [
  "javascript:alert(document.cookie)",
  " JavaScript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "//evil.test/x",
  "/relative/page",
  "weixin://wxpay/bizpayurl?pr=x",
]

describe("redirects", () => {
  it("httpUrl keeps http(s) URLs only", () => {
    expect(httpUrl("https://cashier.test/p?a=1")).toBe("https://cashier.test/p?a=1")
    expect(httpUrl("http://127.0.0.1:4848/v1/cashier/t")).toBe("http://127.0.0.1:4848/v1/cashier/t")
    for (const url of HOSTILE) expect(httpUrl(url)).toBeUndefined()
    expect(httpUrl(undefined)).toBeUndefined()
    expect(httpUrl({ href: "https://x.test" })).toBeUndefined()
  })

  it.each(HOSTILE)("a v1 redirectUrl %p is refused when read and when opened; the browser goes nowhere", (url) => {
    expect(() => v1PaymentOf(collectionWith(ALIPAY, { redirectUrl: url }).payment_collection, ALIPAY)).toThrow(
      /not an http\(s\) URL/
    )
    const browser = fakeBrowser()
    expect(() => openV1Payment({ ...base, kind: "redirect", redirectUrl: url }, { target: browser.target })).toThrow(
      /not an http\(s\) URL: nothing was opened/
    )
    expect(browser.seen).toEqual([])
  })

  it("the hosted card page must be http(s) too", () => {
    const card = "pp_iotpay_iotpay"
    expect(() => hostedPaymentOf(collectionWith(card, { redirectUrl: HOSTILE[0] }).payment_collection)).toThrow(
      /not an http\(s\) URL/
    )
    expect(hostedPaymentOf(collectionWith(card, { redirectUrl: "https://ccdev.test/p" }).payment_collection)).toEqual(
      expect.objectContaining({ redirectUrl: "https://ccdev.test/p" })
    )
  })
})

describe("a wallet's form", () => {
  // Alipay's auto-submitting form as xxpay (IOTPay v1's origin) hands it over: single quotes, entities, a script.
  const alipayForm =
    "<form id='alipaysubmit' name='alipaysubmit' action='https://mapi.alipay.com/gateway.do?_input_charset=utf-8' method='POST'>" +
    "<input type='hidden' name='out_trade_no' value='M01&amp;2'/>" +
    '<input type="hidden" name="subject" value="Order &#35;7 &quot;caf&#xe9;&quot;">' +
    "<input type=hidden name=total_fee value=28.24>" +
    "<input type='submit' value='ok' style='display:none;'></form>" +
    "<script>document.forms['alipaysubmit'].submit();</script>"

  it("is posted as a fresh hidden form with the same fields to the wallet's host; its HTML never reaches the page", () => {
    const browser = fakeBrowser()
    openV1Payment({ ...base, kind: "form", formHtml: alipayForm }, { target: browser.target })
    expect(browser.seen).toEqual(["submit POST https://mapi.alipay.com/gateway.do?_input_charset=utf-8"])
    expect(browser.postedFields()).toEqual([
      ["out_trade_no", "M01&2", "hidden"],
      ["subject", 'Order #7 "café"', "hidden"],
      ["total_fee", "28.24", "hidden"],
    ])
    expect(browser.appended).toHaveLength(1)
    expect(browser.appended[0].style.display).toBe("none")
  })

  it.each([
    ["an unknown host", "<form action='https://evil.test/collect' method='post'></form>"],
    ["a look-alike host", "<form action='https://alipay.com.evil.test/gateway.do'></form>"],
    ["a known host over plain http", "<form action='http://mapi.alipay.com/gateway.do'></form>"],
    ["a javascript: action", "<form action='javascript:alert(1)'></form>"],
    ["a relative action (the storefront's own origin)", "<form action='/api/steal'></form>"],
    ["no action", "<form method='post'><input name='a' value='b'></form>"],
  ])("posting to %s is refused; nothing is opened", (_what, html) => {
    const browser = fakeBrowser()
    expect(() => openV1Payment({ ...base, kind: "form", formHtml: html }, { target: browser.target })).toThrow(
      /not a known payment host; nothing was opened/
    )
    expect(browser.seen).toEqual([])
    expect(browser.appended).toEqual([])
  })

  it("no <form> at all (only a script) is refused", () => {
    const browser = fakeBrowser()
    const html = "<script>location='https://evil.test'</script>"
    expect(() => openV1Payment({ ...base, kind: "form", formHtml: html }, { target: browser.target })).toThrow(
      /holds no <form>/
    )
    expect(browser.seen).toEqual([])
  })

  it("IOTPay's and UnionPay's hosts (and subdomains) are known; another origin only when listed exactly", () => {
    expect(payFormOf("<form action='https://api.iotpaycloud.com/v1/payForSubmit'></form>").action).toBe(
      "https://api.iotpaycloud.com/v1/payForSubmit"
    )
    expect(payFormOf("<form action='https://gateway.95516.com/gateway/api/frontTransReq.do'></form>").method).toBe(
      "POST"
    )
    const sandbox = "<form action='http://127.0.0.1:4848/v1/cashier/t' method='get'></form>"
    expect(() => payFormOf(sandbox)).toThrow(/not a known payment host/)
    expect(() => payFormOf(sandbox, ["http://127.0.0.1:4849"])).toThrow(/not a known payment host/)
    expect(payFormOf(sandbox, ["http://127.0.0.1:4848"])).toEqual({
      action: "http://127.0.0.1:4848/v1/cashier/t",
      method: "GET",
      fields: [],
    })
  })

  it("a QR payment's codeUrl is never opened", () => {
    const qr: V1Payment = { wallet: "wechat", providerId: "pp_iotpay-wechat_iotpay", kind: "qr", codeUrl: "weixin://x" }
    const browser = fakeBrowser()
    expect(() => openV1Payment(qr, { target: browser.target })).toThrow(/not opened/)
    expect(browser.seen).toEqual([])
  })
})
