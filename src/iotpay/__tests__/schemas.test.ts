import { PAY_RECORD } from "./fixtures"
import {
  addCardRequestSchema,
  cardInfoSchema,
  classifyStatus,
  directAddCardRequestSchema,
  IOTPAY_STATUS,
  isSuccessStatus,
  notifySchema,
  orderRecordSchema,
  purchaseRequestSchema,
  purchaseWithTokenRequestSchema,
  purchaseWithWalletRequestSchema,
  queryCardRequestSchema,
  queryRequestSchema,
  redirectResultSchema,
  refundRequestSchema,
  responseEnvelopeSchema,
  toIssues,
  voidRequestSchema,
} from "../schemas"
import type { z } from "zod"

const ULID = "01JD8ZP3XG0B5Q2M7Y4T9K6WAE"
const base = { mchId: "10000701", loginName: "jack123" }

function badFields(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value)
  expect(r.success).toBe(false)
  return r.success ? [] : toIssues(r.error).map((i) => i.field)
}

const purchase = {
  ...base,
  mchOrderNo: `${ULID}-1`,
  mchUserId: "cus_1",
  amount: 1999,
  currency: "CAD",
  channel: "PF_CC",
  notifyUrl: "https://shop.example.com/hooks/iotpay/notify",
  returnUrl: "https://shop.example.com/checkout/return?cart=1",
}

describe("request schemas", () => {
  it("cc_purchase", () => {
    expect(purchaseRequestSchema.safeParse(purchase).success).toBe(true)
    expect(purchaseRequestSchema.safeParse({ ...purchase, subject: "Order", body: "x".repeat(250) }).success).toBe(true)
    expect(badFields(purchaseRequestSchema, { ...purchase, mchOrderNo: "x".repeat(31) })).toEqual(["mchOrderNo"])
    expect(badFields(purchaseRequestSchema, { ...purchase, amount: 19.99 })).toEqual(["amount"])
    expect(badFields(purchaseRequestSchema, { ...purchase, amount: 0 })).toEqual(["amount"])
    expect(badFields(purchaseRequestSchema, { ...purchase, amount: "1999" })).toEqual(["amount"])
    expect(badFields(purchaseRequestSchema, { ...purchase, currency: "USD" })).toEqual(["currency"])
    expect(badFields(purchaseRequestSchema, { ...purchase, loginName: "thirteenchars" })).toEqual(["loginName"])
    expect(badFields(purchaseRequestSchema, { ...purchase, subject: "x".repeat(65) })).toEqual(["subject"])
    expect(badFields(purchaseRequestSchema, { ...purchase, body: "x".repeat(251) })).toEqual(["body"])
    expect(badFields(purchaseRequestSchema, { ...purchase, notifyUrl: "https://a.example/n?x=1" })).toEqual([
      "notifyUrl",
    ])
    expect(badFields(purchaseRequestSchema, { ...purchase, notifyUrl: "ftp://a.example/n" })).toEqual(["notifyUrl"])
    expect(badFields(purchaseRequestSchema, { ...purchase, returnUrl: "/relative" })).toEqual(["returnUrl"])
    expect(
      badFields(purchaseRequestSchema, { ...purchase, returnUrl: "https://a.example/" + "x".repeat(200) })
    ).toEqual(["returnUrl"])
    expect(badFields(purchaseRequestSchema, { ...purchase, channel: "WX_NATIVE" })).toEqual(["channel"])
    expect(badFields(purchaseRequestSchema, { ...purchase, mchOrderNo: "a&b=c" })).toEqual(["mchOrderNo"])
    expect(badFields(purchaseRequestSchema, { ...purchase, extra: 1 })).toEqual(["extra"])
    const { mchUserId: _m, ...missing } = purchase
    expect(badFields(purchaseRequestSchema, missing)).toEqual(["mchUserId"])
    expect(purchaseRequestSchema.safeParse({ ...purchase, channel: "UPI_EX" }).success).toBe(true)
  })

  it("cc_addcard", () => {
    const ok = { ...base, cardId: "CD123", channel: "PF_CC", returnUrl: "https://shop.example.com/r" }
    expect(addCardRequestSchema.safeParse(ok).success).toBe(true)
    expect(badFields(addCardRequestSchema, { ...ok, cardId: "" })).toEqual(["cardId"])
    expect(badFields(addCardRequestSchema, { ...ok, returnUrl: "nope" })).toEqual(["returnUrl"])
  })

  it("cc_directaddcard", () => {
    const ok = { ...base, cardId: "CD1", cardNum: "4223456789564532", holder: "Jo", cvv: "786", channel: "PF_CC" }
    expect(directAddCardRequestSchema.safeParse(ok).success).toBe(true)
    expect(directAddCardRequestSchema.safeParse({ ...ok, expiryDate: "0727" }).success).toBe(true)
    expect(badFields(directAddCardRequestSchema, { ...ok, expiryDate: "1327" })).toEqual(["expiryDate"])
    expect(badFields(directAddCardRequestSchema, { ...ok, cardNum: "4223 4567" })).toEqual(["cardNum"])
    expect(badFields(directAddCardRequestSchema, { ...ok, cvv: "78" })).toEqual(["cvv"])
    expect(badFields(directAddCardRequestSchema, { ...ok, holder: "" })).toEqual(["holder"])
    // Issue messages never echo the value.
    const r = directAddCardRequestSchema.safeParse({ ...ok, cardNum: "4223456789564532999999", cvv: "78901" })
    expect(JSON.stringify(r.success ? null : toIssues(r.error))).not.toMatch(/4223456789564532|78901/)
  })

  it("cc_querycard", () => {
    expect(queryCardRequestSchema.safeParse({ mchId: "1", cardId: "CD1" }).success).toBe(true)
    expect(badFields(queryCardRequestSchema, { mchId: "1", cardId: "x".repeat(31) })).toEqual(["cardId"])
    expect(badFields(queryCardRequestSchema, { mchId: "1", cardId: "CD1", loginName: "a" })).toEqual(["loginName"])
  })

  it("cc_purchasewithtoken", () => {
    const ok = { ...base, mchOrderNo: "A-1", mchUserId: "u", cardId: "CD1", amount: 1, currency: "CAD" }
    expect(purchaseWithTokenRequestSchema.safeParse(ok).success).toBe(true)
    expect(purchaseWithTokenRequestSchema.safeParse({ ...ok, clientIp: "192.77.33.56" }).success).toBe(true)
    expect(badFields(purchaseWithTokenRequestSchema, { ...ok, clientIp: "1".repeat(51) })).toEqual(["clientIp"])
    expect(badFields(purchaseWithTokenRequestSchema, { ...ok, amount: -5 })).toEqual(["amount"])
  })

  it("cc_purchasewithwallet", () => {
    const ok = {
      ...base,
      mchOrderNo: "A-1",
      amount: 1,
      currency: "CAD",
      walletType: "ApplePay",
      walletData: "eyJhIjoxfQ==",
    }
    expect(purchaseWithWalletRequestSchema.safeParse(ok).success).toBe(true)
    expect(purchaseWithWalletRequestSchema.safeParse({ ...ok, walletType: "GooglePay" }).success).toBe(true)
    expect(badFields(purchaseWithWalletRequestSchema, { ...ok, walletType: "SamsungPay" })).toEqual(["walletType"])
    expect(badFields(purchaseWithWalletRequestSchema, { ...ok, walletData: "" })).toEqual(["walletData"])
    expect(badFields(purchaseWithWalletRequestSchema, { ...ok, walletData: "not base64!" })).toEqual(["walletData"])
  })

  it("cc_refund", () => {
    const ok = { ...base, mchRefundNo: `R${ULID}`, refundAmount: 100, payOrderId: "PC20240101215009579871439079" }
    expect(refundRequestSchema.safeParse(ok).success).toBe(true)
    expect(badFields(refundRequestSchema, { ...ok, refundAmount: 0 })).toEqual(["refundAmount"])
    expect(badFields(refundRequestSchema, { ...ok, payOrderId: "x".repeat(31) })).toEqual(["payOrderId"])
  })

  it("cc_void", () => {
    const ok = { ...base, mchRefundNo: `V${ULID}`, payOrderId: "PC1" }
    expect(voidRequestSchema.safeParse(ok).success).toBe(true)
    expect(badFields(voidRequestSchema, { ...ok, refundAmount: 1 })).toEqual(["refundAmount"])
    expect(badFields(voidRequestSchema, { ...ok, mchRefundNo: undefined })).toEqual(["mchRefundNo"])
  })

  it("cc_query needs exactly one of payOrderId / mchOrderNo", () => {
    expect(queryRequestSchema.safeParse({ mchId: "1", payOrderId: "PC1" }).success).toBe(true)
    expect(queryRequestSchema.safeParse({ mchId: "1", mchOrderNo: "A-1" }).success).toBe(true)
    expect(badFields(queryRequestSchema, { mchId: "1" })).toEqual(["payOrderId"])
    expect(badFields(queryRequestSchema, { mchId: "1", payOrderId: "PC1", mchOrderNo: "A-1" })).toEqual(["payOrderId"])
  })
})

const record = { ...PAY_RECORD, mchOrderNo: `${ULID}-1` }

describe("response schemas", () => {
  it("order record: exact doc shape", () => {
    const r = orderRecordSchema.parse(record)
    expect(r.amount).toBe(1999)
    expect(r.originalOrderId).toBeUndefined() // "" means absent
    expect(r.channel).toBe("PF_CC")
  })
  it("order record: numbers as strings, unknown fields kept, channelId read as channel, fields missing", () => {
    const r = orderRecordSchema.parse({
      payOrderId: "RP1",
      amount: "1500",
      status: "3",
      refundable: "",
      channelId: "CC_CA",
      newField: "kept",
    })
    expect(r).toMatchObject({ amount: 1500, status: 3, channel: "CC_CA", newField: "kept" })
    expect(r.refundable).toBeUndefined()
    expect(isSuccessStatus(r.status)).toBe(true)
  })
  it("order record: rejects what cannot be an order", () => {
    expect(orderRecordSchema.safeParse({ ...record, status: "paid" }).success).toBe(false)
    expect(orderRecordSchema.safeParse({ ...record, amount: "19.99" }).success).toBe(false)
    expect(orderRecordSchema.safeParse({ ...record, payOrderId: "" }).success).toBe(false)
    expect(orderRecordSchema.safeParse("x").success).toBe(false)
  })
  it("notify requires sign and mchId", () => {
    expect(notifySchema.safeParse({ ...record, sign: "67FEE6F413EDE8720BB06227AA53648E" }).success).toBe(true)
    expect(notifySchema.safeParse(record).success).toBe(false)
    expect(notifySchema.safeParse({ ...record, mchId: "", sign: "67FEE6F413EDE8720BB06227AA53648E" }).success).toBe(
      false
    )
  })
  it("card info drops the CVV and masks the number", () => {
    const c = cardInfoSchema.parse({
      cardId: "CD1",
      cardNum: "4223456789564532",
      holder: "Jo",
      cvv: "786",
      expiryDate: "",
    })
    expect(c).toEqual({
      cardId: "CD1",
      cardNum: "422345******4532",
      holder: "Jo",
      expiryDate: undefined,
      cardType: undefined,
    })
    expect(JSON.stringify(c)).not.toContain("786")
    expect(cardInfoSchema.safeParse({ holder: "Jo" }).success).toBe(false)
  })
  it("redirect result", () => {
    const ok = { redirectUrl: "https://ccapi.iotpaycloud.com/pay/abc", secureId: "a".repeat(64) }
    expect(redirectResultSchema.parse(ok)).toEqual(ok)
    expect(redirectResultSchema.parse({ redirectUrl: ok.redirectUrl }).secureId).toBe("")
    expect(redirectResultSchema.safeParse({ secureId: "x" }).success).toBe(false)
    expect(redirectResultSchema.safeParse({ redirectUrl: "javascript:alert(1)" }).success).toBe(false)
  })
  it("envelope", () => {
    expect(responseEnvelopeSchema.parse({ retCode: "success" }).retCode).toBe("SUCCESS")
    expect(responseEnvelopeSchema.safeParse({ retCode: "MAYBE" }).success).toBe(false)
    expect(responseEnvelopeSchema.safeParse({}).success).toBe(false)
  })
  it("status constants", () => {
    expect(IOTPAY_STATUS).toEqual({ PENDING: 0, UNKNOWN: 1, SUCCESS: 2, SUCCESS_NOTIFIED: 3, FAILED: 9 })
    expect([0, 1, 2, 3, 9, "2", "x"].map(isSuccessStatus)).toEqual([false, false, true, true, false, true, false])
  })
  it("classifyStatus: 0/1 pending, 2/3 paid, 9 failed, anything else pending", () => {
    expect([0, 1, 2, 3, 9].map(classifyStatus)).toEqual(["pending", "pending", "paid", "paid", "failed"])
    expect([4, 5, -1, 99, 2.5, NaN].map(classifyStatus)).toEqual(Array(6).fill("pending"))
    expect(["2", "3", "9", "0", "x", ""].map(classifyStatus)).toEqual([
      "paid",
      "paid",
      "failed",
      "pending",
      "pending",
      "pending",
    ])
    expect(classifyStatus(undefined)).toBe("pending")
    expect(classifyStatus(null)).toBe("pending")
    for (const s of [0, 1, 2, 3, 4, 9, "2", "x"]) expect(isSuccessStatus(s)).toBe(classifyStatus(s) === "paid")
  })
})
