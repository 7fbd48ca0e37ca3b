// Card binding (hosted add-card page, direct add), token purchases, wallet purchases.
import { IotpayRejectedError, verifySignature } from "../../iotpay"
import { TEST_CARDS, TEST_WALLET_TOKENS } from "../index"
import { MERCHANT, queryOf, rawCall, startHarness, submitCard, uid, type Harness } from "./helpers"

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const returnUrl = "https://shop.example.com/cards/return"

async function bindViaPage(cardNum: string): Promise<{ cardId: string; result: Record<string, string> }> {
  const cardId = uid("C")
  const { redirectUrl, secureId } = await h.client.addCard({ cardId, returnUrl })
  expect(secureId).toMatch(/^[0-9a-f]{64}$/)
  expect(redirectUrl).toContain("/hosted/card/")
  const res = await submitCard(redirectUrl, { cardNum, expiryDate: "1130", holder: "Ada Lovelace" })
  expect(res.status).toBe(303)
  expect(res.location?.startsWith(`${returnUrl}?`)).toBe(true)
  return { cardId, result: queryOf(res.location) }
}

const tokenPurchase = (cardId: string, amount = 1234) =>
  h.client.purchaseWithToken({ mchOrderNo: uid("T"), mchUserId: "u1", cardId, amount, currency: "CAD" })

describe("cc_addcard page + cc_purchasewithtoken", () => {
  it("binds the card (retCode=SUCCESS), cc_querycard shows it masked, token purchases charge it synchronously", async () => {
    const { cardId, result } = await bindViaPage(TEST_CARDS.mastercard.number)
    expect(result).toEqual({ retCode: "SUCCESS" })
    expect(await h.client.queryCard({ cardId })).toMatchObject({
      cardId,
      cardNum: "555555******4444",
      expiryDate: "1130",
      holder: "Ada Lovelace",
    })
    const paid = await tokenPurchase(cardId)
    expect(paid).toMatchObject({
      status: 2,
      amount: 1234,
      refundable: 1234,
      cardType: "M",
      channel: "PF_CC",
      payType: "pay",
    })
    expect(paid.payOrderId).toMatch(/^PC/)
    expect(await h.client.query({ payOrderId: paid.payOrderId })).toMatchObject({ status: 2 })
    // Cards are reusable.
    expect((await tokenPurchase(cardId, 50)).status).toBe(2)
  })

  it("a declining card cannot be bound: retCode=FAIL&retMsg=card declined", async () => {
    const { cardId, result } = await bindViaPage(TEST_CARDS.declined.number)
    expect(result).toEqual({ retCode: "FAIL", retMsg: "card declined" })
    const err = await h.client.queryCard({ cardId }).catch((e: unknown) => e)
    expect((err as IotpayRejectedError).retMsg).toBe("cardId is not binding")
  })

  it("an insufficient-funds card binds, and its token purchase declines with status 9", async () => {
    const { cardId, result } = await bindViaPage(TEST_CARDS.insufficientFunds.number)
    expect(result.retCode).toBe("SUCCESS")
    const declined = await tokenPurchase(cardId)
    expect(declined).toMatchObject({ status: 9, refundable: 0 })
    const raw = await rawCall(h.sb, "cc_query", { mchId: MERCHANT.merchantId, payOrderId: declined.payOrderId })
    expect((raw.json.retData as Record<string, unknown>).status).toBe(9)
  })

  it("refuses a token purchase on an unbound cardId and a second binding of the same cardId", async () => {
    const err = await tokenPurchase("nobody-here").catch((e: unknown) => e)
    expect((err as IotpayRejectedError).retMsg).toBe("cardId is not binding")
    const { cardId } = await bindViaPage(TEST_CARDS.visa.number)
    const again = await h.client.addCard({ cardId, returnUrl }).catch((e: unknown) => e)
    expect((again as IotpayRejectedError).retMsg).toBe("cardId is already binding a card")
  })

  it("a repeated mchOrderNo on a token purchase: 'order already paid'", async () => {
    const { cardId } = await bindViaPage(TEST_CARDS.visa.number)
    const mchOrderNo = uid("T")
    await h.client.purchaseWithToken({ mchOrderNo, mchUserId: "u1", cardId, amount: 100, currency: "CAD" })
    const err = await h.client
      .purchaseWithToken({ mchOrderNo, mchUserId: "u1", cardId, amount: 100, currency: "CAD" })
      .catch((e: unknown) => e)
    expect((err as IotpayRejectedError).retMsg).toBe("order already paid")
  })
})

describe("cc_directaddcard", () => {
  it("binds a card from the server; the answer is signed and never carries the number or CVV", async () => {
    const cardId = uid("D")
    const raw = await rawCall(h.sb, "cc_directaddcard", {
      mchId: MERCHANT.merchantId,
      loginName: MERCHANT.loginName,
      channel: "PF_CC",
      cardId,
      cardNum: TEST_CARDS.visa.number,
      holder: "Grace Hopper",
      cvv: "321",
    })
    const retData = raw.json.retData as Record<string, string>
    expect(retData).toMatchObject({ cardId, cardNum: "424242******4242", cvv: "***", holder: "Grace Hopper" })
    expect(JSON.stringify(raw.json)).not.toContain(TEST_CARDS.visa.number)
    expect(Object.values(retData)).not.toContain("321")
    expect(verifySignature(retData, MERCHANT.secretKey)).toBe(true)
    expect((await tokenPurchase(cardId)).status).toBe(2)
  })

  it("through the client", async () => {
    const cardId = uid("D")
    const card = await h.client.directAddCard({
      cardId,
      cardNum: TEST_CARDS.mastercard.number,
      expiryDate: "0130",
      holder: "X",
      cvv: "999",
    })
    expect(card).toMatchObject({ cardId, cardNum: "555555******4444", expiryDate: "0130" })
  })
})

describe("cc_purchasewithwallet", () => {
  const wallet = (walletType: "ApplePay" | "GooglePay", walletData: string, mchOrderNo = uid("W")) =>
    h.client.purchaseWithWallet({ mchOrderNo, amount: 777, currency: "CAD", walletType, walletData })

  it("ApplePay approve token: status 2 on channel CC_CA", async () => {
    const paid = await wallet("ApplePay", TEST_WALLET_TOKENS.approve.walletData)
    expect(paid).toMatchObject({ status: 2, channel: "CC_CA", amount: 777, refundable: 777 })
    expect(await h.client.query({ payOrderId: paid.payOrderId })).toMatchObject({ status: 2, channel: "CC_CA" })
  })

  it("GooglePay: channel CC_CG; decline tokens give status 9", async () => {
    expect((await wallet("GooglePay", TEST_WALLET_TOKENS.approve.walletData)).channel).toBe("CC_CG")
    expect(await wallet("GooglePay", TEST_WALLET_TOKENS.decline.walletData)).toMatchObject({
      status: 9,
      channel: "CC_CG",
    })
    expect((await wallet("ApplePay", TEST_WALLET_TOKENS.insufficientFunds.walletData)).status).toBe(9)
    expect((await wallet("ApplePay", Buffer.from("anything else").toString("base64"))).status).toBe(9)
  })

  it("a declined wallet purchase says why in retMsg", async () => {
    const raw = await rawCall(h.sb, "cc_purchasewithwallet", {
      mchId: MERCHANT.merchantId,
      loginName: MERCHANT.loginName,
      mchOrderNo: uid("W"),
      amount: 100,
      currency: "CAD",
      walletType: "ApplePay",
      walletData: TEST_WALLET_TOKENS.insufficientFunds.walletData,
    })
    expect(raw.json).toMatchObject({ retCode: "SUCCESS", retMsg: "insufficient funds", retData: { status: 9 } })
  })

  it("wallet payments can be voided", async () => {
    const paid = await wallet("ApplePay", TEST_WALLET_TOKENS.approve.walletData)
    expect(await h.client.void({ payOrderId: paid.payOrderId, mchRefundNo: uid("V") })).toMatchObject({
      amount: 777,
      channel: "CC_CA",
    })
  })
})
