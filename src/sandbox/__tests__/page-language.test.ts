// The shopper pages (hosted card page, v1 wallet and cashier) speak the browser's language: English, French,
// Simplified Chinese, chosen from Accept-Language, since IOTPay's create calls carry no language.
import { pageLocaleOf } from "../page-locale"
import { orderFields, v1Call } from "../v1/__tests__/helpers"
import { purchaseInput, startHarness, type Harness } from "./helpers"

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

const get = async (url: string, language?: string) => {
  const res = await fetch(url, { headers: language ? { "accept-language": language } : {} })
  return { status: res.status, html: await res.text() }
}

describe("pageLocaleOf (Accept-Language)", () => {
  it.each([
    [undefined, "en"],
    ["", "en"],
    ["fr-CA", "fr"],
    ["fr-CA,fr;q=0.9,en;q=0.8", "fr"],
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh"],
    ["zh_TW", "zh"],
    ["de-DE,de;q=0.9", "en"], // none of ours: English
    ["de-DE,fr;q=0.5,en;q=0.7", "en"], // the preferred one of ours wins, by q
    ["en;q=0.2,zh;q=0.9", "zh"],
    ["fr;q=0,en", "en"], // q=0: not acceptable
    ["*", "en"],
  ])("%j → %s", (header, locale) => {
    expect(pageLocaleOf(header)).toBe(locale)
  })
})

describe("the hosted card page", () => {
  it.each([
    [undefined, 'lang="en"', ["Pay by card", "Pay CAD 25.99", "Card number", "no real money moves"]],
    ["fr-CA,fr;q=0.9", 'lang="fr"', ["Payer par carte", "Payer CAD 25.99", "Numéro de carte", "aucun argent réel"]],
    ["zh-CN,zh;q=0.9", 'lang="zh-Hans"', ["银行卡支付", "支付 CAD 25.99", "卡号", "不涉及真实资金"]],
  ])("Accept-Language %j: %s", async (language, lang, texts) => {
    const { redirectUrl } = await h.client.purchase(purchaseInput({ amount: 2599 }))
    const { status, html } = await get(redirectUrl, language)
    expect(status).toBe(200)
    expect(html).toContain(`<html ${lang}>`)
    for (const text of texts) expect(html).toContain(text)
    expect(html).toContain('name="cardNum" id="cardNum"') // the form's fields do not change with the language
  })

  it("a mistyped card is named in the shopper's language, and nothing is charged", async () => {
    const input = purchaseInput()
    const { redirectUrl } = await h.client.purchase(input)
    const res = await fetch(redirectUrl, {
      method: "POST",
      headers: { "accept-language": "zh-CN" },
      body: new URLSearchParams({ cardNum: "4242424242424241", expiryDate: "1239", cvv: "123", holder: "A B" }),
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain("卡号无效")
    expect(await h.client.query({ mchOrderNo: input.mchOrderNo })).toMatchObject({ status: 0 })
  })

  it("an unknown page answers in the shopper's language", async () => {
    const { status, html } = await get(`${h.sb.url}/hosted/pay/${"0".repeat(64)}`, "fr")
    expect(status).toBe(404)
    expect(html).toContain("Cette page de paiement n’existe pas.")
  })
})

describe("the v1 wallet and cashier pages", () => {
  const create = async (over: Record<string, unknown>) => (await v1Call(h.sb, "create_order", orderFields(over))).json

  it.each([
    [undefined, ["UnionPay (sandbox cashier)", "Pay CAD 19.99", "Cancel payment"]],
    ["fr-CA", ["UnionPay (caisse du bac à sable)", "Payer CAD 19.99", "Annuler le paiement"]],
    ["zh-CN", ["银联（沙箱收银台）", "支付 CAD 19.99", "取消支付", "暂不支付"]],
  ])("UnionPay cashier, Accept-Language %j", async (language, texts) => {
    const json = await create({ channelId: "UPI_SEQ", returnUrl: "https://shop.example/back" })
    const { status, html } = await get((json.retParams as { unionpayUrl: string }).unionpayUrl, language)
    expect(status).toBe(200)
    for (const text of texts) expect(html).toContain(text)
  })

  it("the WeChat Pay wallet page after scanning, and the page of a paid order, in Chinese", async () => {
    const json = await create({ channelId: "WX_NATIVE" })
    const scan = `${h.sb.url}/v1/scan?code=${encodeURIComponent(json.codeUrl as string)}`
    const wallet = await fetch(scan, { headers: { "accept-language": "zh-CN" } })
    const html = await wallet.text()
    expect(html).toContain("微信支付（沙箱钱包）")
    expect(html).toContain('<html lang="zh-Hans">')

    const page = wallet.url
    const paid = await fetch(page, {
      method: "POST",
      headers: { "accept-language": "zh-CN" },
      body: new URLSearchParams({ action: "approve" }),
    })
    expect(await paid.text()).toContain("已支付")
    const again = await get(page, "fr")
    expect(again.status).toBe(409)
    expect(again.html).toContain("Cette commande ne peut plus être payée.")
  })

  it("a QR code the sandbox never issued, in French", async () => {
    const { status, html } = await get(`${h.sb.url}/v1/scan?code=weixin%3A%2F%2Fnope`, "fr")
    expect(status).toBe(404)
    expect(html).toContain("Code QR inconnu")
  })
})
