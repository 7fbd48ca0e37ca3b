// Envelope and field checks of the /v3/ endpoints: what a broken client gets back (never a crash).
import { IotpayClient, IotpayRejectedError, verifySignature, withSignature } from "../../iotpay"
import { MERCHANT, rawCall, startHarness, uid, type Harness } from "./helpers"

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const purchase = (over: Record<string, unknown> = {}) => ({
  mchId: MERCHANT.merchantId,
  loginName: MERCHANT.loginName,
  mchOrderNo: uid("A"),
  mchUserId: "u1",
  amount: 1500,
  currency: "CAD",
  channel: "PF_CC",
  notifyUrl: "https://shop.example.com/notify",
  returnUrl: "https://shop.example.com/return",
  ...over,
})

describe("envelope", () => {
  it("answers 'signature error' to a request signed with another key (through the client)", async () => {
    const wrong = new IotpayClient({ ...MERCHANT, secretKey: "WRONGKEY", apiBase: h.sb.apiBase })
    try {
      const err = await wrong.query({ mchOrderNo: "x1" }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(IotpayRejectedError)
      expect((err as IotpayRejectedError).retMsg).toBe("signature error")
      expect((err as IotpayRejectedError).errorCode).toBe("0013")
    } finally {
      await wrong.close()
    }
  })

  it("refuses a field changed after signing", async () => {
    const signed = withSignature(purchase(), MERCHANT.secretKey)
    const { json } = await rawCall(h.sb, "cc_purchase", { ...signed, amount: 1 }, { unsigned: true })
    expect(json).toMatchObject({ retCode: "FAIL", retMsg: "signature error" })
  })

  it("answers 'merchant does not exist' for an unknown mchId", async () => {
    const { json } = await rawCall(h.sb, "cc_query", { mchId: "99999", mchOrderNo: "x" })
    expect(json).toEqual({ retCode: "FAIL", retMsg: "merchant does not exist", errCode: "0015" })
  })

  it("refuses a wrong loginName", async () => {
    const { json } = await rawCall(h.sb, "cc_purchase", purchase({ loginName: "someone" }))
    expect(json).toMatchObject({ retCode: "FAIL", retMsg: "loginName does not exist" })
  })

  it.each([
    ["invalid JSON", "{not json", "invalid JSON body"],
    ["an empty body", "", "empty body"],
    ["a JSON array", "[1,2]", "request body must be a JSON object"],
  ])("answers FAIL (HTTP 200) to %s", async (_what, body, retMsg) => {
    const res = await fetch(`${h.sb.apiBase}/cc_query`, { method: "POST", body })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ retCode: "FAIL", retMsg })
  })

  it("answers 405 to GET and 404 to an unknown endpoint, in IOTPay's envelope", async () => {
    const get = await fetch(`${h.sb.apiBase}/cc_query`)
    expect(get.status).toBe(405)
    expect(await get.json()).toMatchObject({ retCode: "FAIL", retMsg: "POST required" })
    const unknown = await rawCall(h.sb, "cc_nothing", { mchId: MERCHANT.merchantId })
    expect(unknown.status).toBe(404)
    expect(unknown.json.retCode).toBe("FAIL")
  })

  it("refuses an oversized body without reading it all", async () => {
    const res = await fetch(`${h.sb.apiBase}/cc_query`, { method: "POST", body: "x".repeat(2 * 1024 * 1024) })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ retCode: "FAIL", retMsg: "request body too large" })
  })
})

describe("cc_purchase fields", () => {
  it.each([
    ["missing mchOrderNo", { mchOrderNo: undefined }, "mchOrderNo is required"],
    ["mchOrderNo over 30", { mchOrderNo: "x".repeat(31) }, "mchOrderNo exceeds 30 characters"],
    ["mchUserId over 30", { mchUserId: "u".repeat(31) }, "mchUserId exceeds 30 characters"],
    ["loginName over 12", { loginName: "l".repeat(13) }, "loginName exceeds 12 characters"],
    ["subject over 64", { subject: "s".repeat(65) }, "subject exceeds 64 characters"],
    ["body over 250", { body: "b".repeat(251) }, "body exceeds 250 characters"],
    ["returnUrl over 200", { returnUrl: `https://x.example/${"r".repeat(190)}` }, "returnUrl exceeds 200 characters"],
    ["notifyUrl not a URL", { notifyUrl: "not a url" }, "notifyUrl is not a valid URL"],
    ["notifyUrl with a query", { notifyUrl: "https://x.example/n?a=1" }, "notifyUrl must not contain '?'"],
    ["USD", { currency: "USD" }, "currency not supported, only CAD"],
    ["amount 0", { amount: 0 }, "amount must be greater than 0"],
    ["amount -5", { amount: -5 }, "amount must be greater than 0"],
    ["amount 10.5", { amount: 10.5 }, "amount must be an integer (cents)"],
    ["amount as a string", { amount: "1500" }, "amount must be an integer (cents)"],
    ["no channel", { channel: undefined }, "channel is required"],
    ["channel WX", { channel: "WX_NATIVE" }, "channel must be PF_CC or UPI_EX"],
  ])("FAIL on %s", async (_what, over, retMsg) => {
    const { status, json } = await rawCall(h.sb, "cc_purchase", purchase(over))
    expect(status).toBe(200)
    expect(json).toEqual({ retCode: "FAIL", retMsg })
  })

  it("accepts the channel as channelId (IOTPay's SDK spelling)", async () => {
    const { json } = await rawCall(h.sb, "cc_purchase", purchase({ channel: undefined, channelId: "PF_CC" }))
    expect(json.retCode).toBe("SUCCESS")
  })

  it("answers a signed redirect with a 64-hex secureId", async () => {
    const { json } = await rawCall(h.sb, "cc_purchase", purchase())
    const retData = json.retData as Record<string, string>
    expect(retData.secureId).toMatch(/^[0-9a-f]{64}$/)
    expect(retData.redirectUrl).toBe(`${h.sb.url}/hosted/pay/${retData.secureId}`)
    expect(verifySignature(retData, MERCHANT.secretKey)).toBe(true)
  })
})

describe("other endpoints' fields", () => {
  const base = { mchId: MERCHANT.merchantId, loginName: MERCHANT.loginName }
  it.each([
    ["cc_refund", { payOrderId: "PC1", mchRefundNo: "R1", refundAmount: 0 }, "refundAmount must be greater than 0"],
    [
      "cc_refund",
      { payOrderId: "PC1", mchRefundNo: "R".repeat(31), refundAmount: 1 },
      "mchRefundNo exceeds 30 characters",
    ],
    ["cc_refund", { payOrderId: "PC1", mchRefundNo: "R1", refundAmount: 1 }, "order does not exist"],
    ["cc_void", { payOrderId: "PC1" }, "mchRefundNo is required"],
    ["cc_query", {}, "payOrderId or mchOrderNo is required"],
    ["cc_query", { payOrderId: "PC000" }, "merchant order id does not exist"],
    [
      "cc_addcard",
      { cardId: "c".repeat(31), channel: "PF_CC", returnUrl: "https://x.example/r" },
      "cardId exceeds 30 characters",
    ],
    ["cc_addcard", { cardId: "c1", channel: "UPI_EX", returnUrl: "https://x.example/r" }, "channel must be PF_CC"],
    ["cc_querycard", { cardId: "never-bound" }, "cardId is not binding"],
    [
      "cc_purchasewithtoken",
      { mchOrderNo: "T1", mchUserId: "u", cardId: "never-bound", amount: 100, currency: "CAD" },
      "cardId is not binding",
    ],
    [
      "cc_purchasewithtoken",
      { mchOrderNo: "T1", mchUserId: "u", cardId: "c", amount: 100, currency: "EUR" },
      "currency not supported, only CAD",
    ],
    [
      "cc_purchasewithtoken",
      { mchOrderNo: "T1", mchUserId: "u", cardId: "c", amount: 100, currency: "CAD", clientIp: "1".repeat(51) },
      "clientIp exceeds 50 characters",
    ],
    [
      "cc_purchasewithwallet",
      { mchOrderNo: "W1", amount: 100, currency: "CAD", walletType: "ApplePay", walletData: "not base64!" },
      "walletData must be base64",
    ],
    [
      "cc_purchasewithwallet",
      { mchOrderNo: "W1", amount: 100, currency: "CAD", walletType: "SamsungPay", walletData: "YQ==" },
      "walletType must be ApplePay or GooglePay",
    ],
    [
      "cc_directaddcard",
      { cardId: "d1", cardNum: "4242424242424241", holder: "A", cvv: "123", channel: "PF_CC" },
      "invalid card number",
    ],
    [
      "cc_directaddcard",
      { cardId: "d1", cardNum: "4242424242424242", holder: "A", cvv: "12", channel: "PF_CC" },
      "invalid cvv",
    ],
    [
      "cc_directaddcard",
      { cardId: "d1", cardNum: "4242424242424242", expiryDate: "0120", holder: "A", cvv: "123", channel: "PF_CC" },
      "card expired",
    ],
  ])("%s: FAIL %#", async (endpoint, fields, retMsg) => {
    const { json } = await rawCall(h.sb, endpoint, { ...base, ...fields })
    expect(json).toMatchObject({ retCode: "FAIL", retMsg })
  })
})
