// The shopper's words in English, French and Simplified Chinese for every outcome the kit reports.
import { completeCart } from "../complete"
import { shopperLocale, shopperMessage, SHOPPER_LOCALES, type MessageKey, type QrKey } from "../messages"
import { FAILURES, failure, type FailureReason } from "../outcome"
import { stubStore } from "./stub-store"

const REASONS = Object.keys(FAILURES) as FailureReason[]

it("every failure reason the kit reports has a message in each language, all different", () => {
  expect(REASONS.sort()).toEqual(["cancelled", "closed", "declined", "expired", "failed", "network", "pending"])
  for (const locale of SHOPPER_LOCALES) {
    const texts = REASONS.map((reason) => failure(reason, undefined, locale).message)
    expect(new Set(texts).size).toBe(REASONS.length)
    for (const text of texts) expect(text.length).toBeGreaterThan(20)
  }
  for (const reason of REASONS) {
    const [en, fr, zh] = SHOPPER_LOCALES.map((locale) => shopperMessage(reason as MessageKey, locale))
    expect(new Set([en, fr, zh]).size).toBe(3)
    expect(zh).toMatch(/[\u4e00-\u9fff]/)
    expect(fr).not.toMatch(/[\u4e00-\u9fff]/)
    expect(FAILURES[reason].message).toBe(en)
  }
})

it.each<[QrKey, string, string, RegExp]>([
  ["wechatScan", "Scan with WeChat to pay", "Scannez avec WeChat pour payer", /微信扫码/],
  ["wechatSteps", "Open WeChat on your phone", "Ouvrez WeChat sur votre téléphone", /扫一扫/],
  ["wechatWaiting", "Waiting for your payment…", "En attente de votre paiement…", /等待您付款/],
])("the WeChat Pay QR code's %s in each language", (key, en, fr, zh) => {
  expect(shopperMessage(key)).toContain(en)
  expect(shopperMessage(key, "fr-CA")).toContain(fr)
  expect(shopperMessage(key, "zh-CN")).toMatch(zh)
})

it.each([
  ["fr", "fr"],
  ["fr-CA", "fr"],
  ["FR_ca", "fr"],
  ["zh", "zh"],
  ["zh-CN", "zh"],
  ["zh-Hans-CN", "zh"],
  ["en-CA", "en"],
  ["de", "en"],
  ["", "en"],
  [undefined, "en"],
  [null, "en"],
])("shopperLocale(%p) → %p", (tag, locale) => {
  expect(shopperLocale(tag)).toBe(locale)
})

it.each([
  ["en-CA", /^Your payment did not go through.*Your card was declined/],
  ["fr-CA", /^Votre paiement n’a pas abouti.*Votre carte a été refusée/],
  ["zh-CN", /^您的付款未成功.*银行卡被拒绝/],
])("a decline in %s: the kit's own sentence; Medusa's English text stays in detail", async (locale, expected) => {
  const detail = "IOTPay declined payment P123: card declined; nothing was charged."
  const { store } = stubStore({
    "POST /store/carts/cart_1/complete": { body: { type: "cart", error: { message: detail } } },
  })
  const outcome = await completeCart(store, "cart_1", { locale })
  expect(outcome).toEqual({
    ok: false,
    reason: "declined",
    nextStep: "try_another_card",
    message: expect.stringMatching(expected),
    detail,
  })
})

it("a network failure in French keeps its next step (retry)", async () => {
  const { store } = stubStore({ "POST /store/carts/cart_1/complete": new TypeError("Failed to fetch") })
  expect(await completeCart(store, "cart_1", { locale: "fr" })).toMatchObject({
    reason: "network",
    nextStep: "retry",
    message: expect.stringMatching(/^Nous n’avons pas pu joindre la boutique/),
  })
})
