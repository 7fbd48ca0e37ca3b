import { PAY_RECORD } from "./fixtures"
import http from "node:http"
import type { AddressInfo } from "node:net"
import { failure } from "../../__tests__/support"
import { IotpayClient, responseSignatureMode, type IotpayClientOptions } from "../client"
import {
  IotpayBadResponseError,
  IotpayInvalidRequestError,
  IotpayNotFoundError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  IotpayUnreachableError,
  isIotpayError,
  isNotFound,
  isNotFoundRejection,
} from "../errors"
import { verifySignature, withSignature } from "../sign"
import { reply, useStubGateway, type StubHandler } from "./stub-gateway"

const KEY = "TESTKEY123"
const MCH = "10000701"
const ULID = "01JD8ZP3XG0B5Q2M7Y4T9K6WAE"
const PAN = "4223456789564532"

const stub = useStubGateway<Record<string, any>>(
  "/v3",
  (text) => (text ? JSON.parse(text) : {}),
  () => success(withSignature(record(), KEY))
)
const { received, handlers } = stub

function record(over: Record<string, unknown> = {}) {
  return { ...PAY_RECORD, mchId: MCH, mchOrderNo: `${ULID}-1`, ...over }
}

const success =
  (retData: unknown): StubHandler<unknown> =>
  (_req, res) =>
    reply(res, { retCode: "SUCCESS", retMsg: "", retData })

function client(over: Partial<IotpayClientOptions> = {}) {
  const c = new IotpayClient({
    merchantId: MCH,
    loginName: "jack123",
    secretKey: KEY,
    apiBase: stub.url,
    headersTimeoutMs: 300,
    bodyTimeoutMs: 300,
    connectTimeoutMs: 300,
    retryBackoffMs: 10,
    ...over,
  })
  return stub.closeAfter(c)
}

const purchaseInput = {
  mchOrderNo: `${ULID}-1`,
  mchUserId: "cus_01",
  amount: 1999,
  currency: "CAD",
  notifyUrl: "https://shop.example.com/hooks/iotpay/notify",
  returnUrl: "https://shop.example.com/checkout/return",
}

describe("IotpayClient: each endpoint over HTTP", () => {
  it("cc_purchase: signs, fills mchId/loginName/channel, returns the redirect", async () => {
    const redirect = { redirectUrl: "https://ccapi.iotpaycloud.com/pay/x", secureId: "a".repeat(64) }
    handlers.push(success(redirect))
    const out = await client().purchase({ ...purchaseInput, subject: "Order #1" })
    expect(out.redirectUrl).toBe(redirect.redirectUrl)
    expect(out.secureId).toBe(redirect.secureId)
    expect(out.raw).toMatchObject({ retCode: "SUCCESS", retData: redirect })

    const [req] = received
    expect(req.path).toBe("/v3/cc_purchase")
    expect(req.headers["content-type"]).toBe("application/json;charset=UTF-8")
    expect(req.body).toMatchObject({ ...purchaseInput, mchId: MCH, loginName: "jack123", channel: "PF_CC" })
    expect(verifySignature(req.body, KEY)).toBe(true)
  })

  it("cc_addcard", async () => {
    handlers.push(success({ redirectUrl: "https://ccapi.iotpaycloud.com/card/x", secureId: "b".repeat(64) }))
    const out = await client().addCard({ cardId: "CD1", returnUrl: "https://shop.example.com/r" })
    expect(out.secureId).toBe("b".repeat(64))
    expect(received[0].path).toBe("/v3/cc_addcard")
    expect(received[0].body).toMatchObject({ cardId: "CD1", loginName: "jack123", channel: "PF_CC" })
    expect(verifySignature(received[0].body, KEY)).toBe(true)
  })

  it("cc_directaddcard: never returns the CVV or full number", async () => {
    handlers.push(success({ cardId: "CD1", cardNum: PAN, expiryDate: "0727", holder: "Jo", cvv: "786" }))
    const card = await client().directAddCard({
      cardId: "CD1",
      cardNum: PAN,
      holder: "Jo",
      cvv: "786",
      expiryDate: "0727",
    })
    expect(card).toMatchObject({ cardId: "CD1", cardNum: "422345******4532", holder: "Jo" })
    expect(JSON.stringify(card)).not.toMatch(/786|4223456789564532/)
    expect(received[0].body).toMatchObject({ cardNum: PAN, cvv: "786", loginName: "jack123" })
  })

  it("cc_querycard: no loginName sent", async () => {
    handlers.push(success({ cardId: "CD1", cardNum: "422345******4532", expiryDate: "0727", holder: "Jo" }))
    const card = await client().queryCard({ cardId: "CD1" })
    expect(card.cardId).toBe("CD1")
    expect(received[0].path).toBe("/v3/cc_querycard")
    expect(received[0].body).not.toHaveProperty("loginName")
    expect(verifySignature(received[0].body, KEY)).toBe(true)
  })

  it("cc_purchasewithtoken", async () => {
    const r = await client().purchaseWithToken({
      mchOrderNo: `${ULID}-1`,
      mchUserId: "cus_01",
      cardId: "CD1",
      amount: 1999,
      currency: "CAD",
      clientIp: "192.77.33.56",
    })
    expect(r).toMatchObject({ payOrderId: "PC20240101215009579871439079", status: 2, amount: 1999, channel: "PF_CC" })
    expect(received[0].path).toBe("/v3/cc_purchasewithtoken")
    expect(received[0].body).toMatchObject({ cardId: "CD1", loginName: "jack123", clientIp: "192.77.33.56" })
  })

  it("cc_purchasewithwallet (channelId read as channel)", async () => {
    handlers.push(success({ ...record({ channel: undefined }), channelId: "CC_CA" }))
    const r = await client().purchaseWithWallet({
      mchOrderNo: `${ULID}-1`,
      amount: 1999,
      currency: "CAD",
      walletType: "ApplePay",
      walletData: "eyJhIjoxfQ==",
    })
    expect(r.channel).toBe("CC_CA")
    expect(received[0].body).toMatchObject({ walletType: "ApplePay", loginName: "jack123" })
  })

  it("cc_refund", async () => {
    handlers.push(success(withSignature(record({ payOrderId: "RP1", payType: "refund", amount: 100 }), KEY)))
    const r = await client().refund({ payOrderId: "PC1", mchRefundNo: `R${ULID}`, refundAmount: 100 })
    expect(r).toMatchObject({ payOrderId: "RP1", payType: "refund", amount: 100 })
    expect(received[0].path).toBe("/v3/cc_refund")
    expect(received[0].body).toEqual({
      mchId: MCH,
      loginName: "jack123",
      payOrderId: "PC1",
      mchRefundNo: `R${ULID}`,
      refundAmount: 100,
      sign: expect.stringMatching(/^[0-9A-F]{32}$/),
    })
    expect(verifySignature(received[0].body, KEY)).toBe(true)
  })

  it("cc_void", async () => {
    handlers.push(success(record({ payOrderId: "RP2", payType: "refund", refundable: "0", status: "2" })))
    const r = await client().void({ payOrderId: "PC1", mchRefundNo: `V${ULID}` })
    expect(r).toMatchObject({ refundable: 0, status: 2 })
    expect(received[0].path).toBe("/v3/cc_void")
    expect(received[0].body).not.toHaveProperty("refundAmount")
  })

  it("cc_query by either id, no loginName", async () => {
    const c = client()
    await c.query({ payOrderId: "PC20240101215009579871439079" })
    await c.query({ mchOrderNo: `${ULID}-1` })
    expect(received.map((r) => r.path)).toEqual(["/v3/cc_query", "/v3/cc_query"])
    expect(received[0].body).toEqual({
      mchId: MCH,
      payOrderId: "PC20240101215009579871439079",
      sign: expect.any(String),
    })
    expect(received[1].body).toEqual({ mchId: MCH, mchOrderNo: `${ULID}-1`, sign: expect.any(String) })
  })

  it("upper-cases Medusa's lower-case currency code", async () => {
    await client().purchaseWithToken({ mchOrderNo: "A-1", mchUserId: "u", cardId: "CD1", amount: 1, currency: "cad" })
    expect(received[0].body.currency).toBe("CAD")
  })

  it("sends channelId when configured so", async () => {
    handlers.push(success({ redirectUrl: "https://x.example/p", secureId: "s" }))
    await client({ channelField: "channelId" }).purchase(purchaseInput)
    expect(received[0].body).toHaveProperty("channelId", "PF_CC")
    expect(received[0].body).not.toHaveProperty("channel")
    expect(verifySignature(received[0].body, KEY)).toBe(true)
  })

  it("accepts apiBase with a trailing slash", async () => {
    await client({ apiBase: stub.url + "/" }).query({ payOrderId: "PC20240101215009579871439079" })
    expect(received[0].path).toBe("/v3/cc_query")
  })
})

describe("IotpayClient: failures", () => {
  it("retCode FAIL → IotpayRejectedError with retMsg and code", async () => {
    handlers.push((_r, res) => reply(res, { retCode: "FAIL", retMsg: "0013 signature error" }))
    const e = await failure(client().refund({ payOrderId: "PC1", mchRefundNo: "R1", refundAmount: 1 }))
    expect(e).toBeInstanceOf(IotpayRejectedError)
    expect(e).toMatchObject({
      kind: "rejected",
      endpoint: "cc_refund",
      retMsg: "0013 signature error",
      errorCode: "0013",
    })
  })

  it("HTTP 500 on a mutating call → IotpayBadResponseError, not retried", async () => {
    stub.fallback = (_r, res) => reply(res, "oops", 500)
    const e = await failure(client().void({ payOrderId: "PC1", mchRefundNo: "V1" }))
    expect(e).toBeInstanceOf(IotpayBadResponseError)
    expect(e).toMatchObject({ kind: "bad_response", status: 500 })
    expect(received).toHaveLength(1)
  })

  it("body that is not JSON → IotpayBadResponseError", async () => {
    handlers.push((_r, res) => {
      res.writeHead(200, { "content-type": "text/html" })
      res.end("<html>gateway</html>")
    })
    const e = await failure(client().purchase(purchaseInput))
    expect(e).toBeInstanceOf(IotpayBadResponseError)
    expect((e as IotpayBadResponseError).reason).toMatch(/not JSON/)
  })

  it("schema mismatch → IotpayBadResponseError naming the field", async () => {
    handlers.push(success(record({ status: "paid" })))
    const e = await failure(client().query({ payOrderId: "PC20240101215009579871439079" }))
    expect(e).toBeInstanceOf(IotpayBadResponseError)
    expect(e.message).toMatch(/status/)
  })

  it("bad response signature → IotpayBadResponseError; can be switched off", async () => {
    const forged = { ...withSignature(record(), KEY), amount: 1 }
    handlers.push(success(forged), success(forged))
    const e = await failure(client().query({ payOrderId: "PC20240101215009579871439079" }))
    expect(e).toBeInstanceOf(IotpayBadResponseError)
    expect(e.message).toMatch(/sign/)
    const r = await client({ verifyResponseSignatures: false }).query({ payOrderId: "PC20240101215009579871439079" })
    expect(r.amount).toBe(1)
  })

  it("a record for another order or merchant is refused", async () => {
    handlers.push(success(record({ payOrderId: "PC_OTHER" })), success(record({ mchId: "999" })))
    const c = client()
    expect(await failure(c.query({ payOrderId: "PC20240101215009579871439079" }))).toBeInstanceOf(
      IotpayBadResponseError
    )
    expect(await failure(c.refund({ payOrderId: "PC1", mchRefundNo: "R1", refundAmount: 1 }))).toBeInstanceOf(
      IotpayBadResponseError
    )
  })

  it("a hang past the timeout on a mutating call → IotpayOutcomeUnknownError, sent once", async () => {
    stub.fallback = () => undefined // never answers
    const started = Date.now()
    const e = await failure(client().refund({ payOrderId: "PC1", mchRefundNo: "R1", refundAmount: 100 }))
    expect(e).toBeInstanceOf(IotpayOutcomeUnknownError)
    expect(e).toMatchObject({ kind: "outcome_unknown", endpoint: "cc_refund" })
    expect(e.message).toMatch(/outcome is unknown/)
    expect(e.message).toMatch(/cc_query/)
    expect((e as IotpayOutcomeUnknownError).cause).toBeDefined()
    expect(Date.now() - started).toBeLessThan(3000)
    expect(received).toHaveLength(1)
  })

  it("a reset after sending a mutating call → IotpayOutcomeUnknownError, not retried", async () => {
    stub.fallback = (_r, res) => res.socket?.destroy()
    const e = await failure(
      client().purchaseWithToken({ mchOrderNo: "A-1", mchUserId: "u", cardId: "CD1", amount: 1, currency: "CAD" })
    )
    expect(e).toBeInstanceOf(IotpayOutcomeUnknownError)
    expect(received).toHaveLength(1)
  })

  it("cc_query is retried after a 500 and after a reset", async () => {
    handlers.push(
      (_r, res) => reply(res, "busy", 500),
      (_r, res) => res.socket?.destroy()
    )
    const r = await client().query({ payOrderId: "PC20240101215009579871439079" })
    expect(r.status).toBe(2)
    expect(received).toHaveLength(3)
  })

  it("cc_query gives up after queryRetries", async () => {
    stub.fallback = (_r, res) => reply(res, "busy", 503)
    const e = await failure(client({ queryRetries: 1 }).query({ payOrderId: "PC1" }))
    expect(e).toMatchObject({ kind: "bad_response", status: 503 })
    expect(received).toHaveLength(2)
  })

  it("cc_query is retried after a timeout", async () => {
    handlers.push(() => undefined)
    const r = await client().query({ payOrderId: "PC20240101215009579871439079" })
    expect(r.status).toBe(2)
    expect(received).toHaveLength(2)
  })

  it("connection refused → IotpayUnreachableError", async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const c = client({ apiBase: `http://127.0.0.1:${port}/v3` })
    const e = await failure(c.refund({ payOrderId: "PC1", mchRefundNo: "R1", refundAmount: 1 }))
    expect(e).toBeInstanceOf(IotpayUnreachableError)
    expect(e.message).toMatch(/safe to retry/)
    const q = await failure(c.query({ payOrderId: "PC1" }))
    expect(q).toBeInstanceOf(IotpayUnreachableError)
  })

  it("reuses one connection for sequential calls", async () => {
    const c = client()
    for (let i = 0; i < 5; i++) await c.query({ payOrderId: "PC20240101215009579871439079" })
    await c.refund({ payOrderId: "PC1", mchRefundNo: "R1", refundAmount: 1 })
    expect(received).toHaveLength(6)
    expect(stub.connections).toBe(1)
  })
})

describe("IotpayClient: input validation and secrets", () => {
  it("rejects bad input before sending anything", async () => {
    const c = client()
    const bad: Promise<unknown>[] = [
      c.purchase({ ...purchaseInput, amount: 19.99 }),
      c.purchase({ ...purchaseInput, currency: "USD" }),
      c.purchase({ ...purchaseInput, notifyUrl: "https://shop.example.com/n?x=1" }),
      c.refund({ payOrderId: "PC1", mchRefundNo: "R".repeat(31), refundAmount: 1 }),
      c.query({} as { payOrderId: string }),
      c.query({ payOrderId: "PC1", mchOrderNo: "A" } as unknown as { payOrderId: string }),
      c.purchaseWithWallet({ mchOrderNo: "A", amount: 1, currency: "CAD", walletType: "ApplePay", walletData: "" }),
    ]
    for (const p of bad) {
      const e = await failure(p)
      expect(e).toBeInstanceOf(IotpayInvalidRequestError)
      expect((e as IotpayInvalidRequestError).issues.length).toBeGreaterThan(0)
      expect(e.message).toMatch(/nothing was sent/)
    }
    const e = (await failure(c.purchase({ ...purchaseInput, amount: 0 }))) as IotpayInvalidRequestError
    expect(e.issues).toEqual([{ field: "amount", message: expect.any(String) }])
    expect(e.message).toMatch(/amount: must be greater than 0/)
    expect(received).toHaveLength(0)
    expect(stub.connections).toBe(0)
  })

  it("rejects bad options", () => {
    expect(() => new IotpayClient({ merchantId: "", loginName: "x", secretKey: "" })).toThrow(IotpayInvalidRequestError)
    expect(() => new IotpayClient({ merchantId: "1", loginName: "x".repeat(13), secretKey: "k" })).toThrow(/loginName/)
    expect(() => new IotpayClient({ merchantId: "1", loginName: "x", secretKey: "k", apiBase: "ftp://x" })).toThrow(
      /apiBase/
    )
  })

  it("no card number, CVV or secret in any error message", async () => {
    const c = client()
    const card = { cardId: "CD1", cardNum: PAN, holder: "Jo", cvv: "786" }
    handlers.push(
      (_r, res) => reply(res, { retCode: "FAIL", retMsg: `card ${PAN} cvv rejected` }),
      (_r, res) => reply(res, `<html>${PAN}</html>`),
      success({ cardId: "CD1", cardNum: PAN, cvv: "786", sign: "0".repeat(32) }),
      () => undefined
    )
    const errors = [
      await failure(c.directAddCard(card)),
      await failure(c.directAddCard(card)),
      await failure(c.directAddCard(card)),
      await failure(c.directAddCard(card)),
      await failure(c.directAddCard({ ...card, cvv: "78" })),
      await failure(c.directAddCard({ ...card, cardNum: PAN + "123456" })),
    ]
    expect(errors.map((e) => isIotpayError(e) && e.kind)).toEqual([
      "rejected",
      "bad_response",
      "bad_response",
      "outcome_unknown",
      "invalid_request",
      "invalid_request",
    ])
    for (const e of errors) {
      const text = `${e.message} ${JSON.stringify(e)} ${String((e as { cause?: unknown }).cause ?? "")}`
      expect(text).not.toContain(PAN)
      expect(text).not.toContain(KEY)
      expect(text).not.toMatch(/\b786\b/)
    }
  })
})

describe("IotpayClient: 'no such order' vs other refusals", () => {
  const Q = { payOrderId: "PC20240101215009579871439079" }
  const fail =
    (body: Record<string, unknown>): StubHandler<unknown> =>
    (_r, res) =>
      reply(res, { retCode: "FAIL", ...body })

  it.each([
    [{ retMsg: "merchant order id does not exist" }],
    [{ retMsg: "Merchant Order ID Does Not Exist" }],
    [{ retMsg: "order not exist" }],
    [{ retMsg: "order not found" }],
    [{ retMsg: "0112 merchant order id does not exist" }],
    [{ retMsg: "something odd", errCode: "0112" }],
    [{ retMsg: "", errCode: 112 }],
  ])("cc_query %p → IotpayNotFoundError (still an IotpayRejectedError)", async (body) => {
    handlers.push(fail(body))
    const e = await failure(client().query(Q))
    expect(e).toBeInstanceOf(IotpayNotFoundError)
    expect(e).toBeInstanceOf(IotpayRejectedError)
    expect(isNotFound(e)).toBe(true)
    expect(e).toMatchObject({ kind: "rejected", endpoint: "cc_query", name: "IotpayNotFoundError" })
    expect(received).toHaveLength(1) // not retried
  })

  it.each([
    [{ retMsg: "system error", errCode: "0010" }],
    [{ retMsg: "0010 system error" }],
    [{ retMsg: "signature error", errCode: "0013" }],
    [{ retMsg: "0013 signature error" }],
    [{ retMsg: "merchant does not exist" }],
    [{ retMsg: "merchant does not exist", errCode: "0015" }],
    [{ retMsg: "order does not exist", errCode: "0010" }],
    [{ retMsg: "database error", errCode: "0118" }],
    [{ retMsg: "" }],
  ])("cc_query %p → a plain IotpayRejectedError, not 'not found'", async (body) => {
    handlers.push(fail(body))
    const e = await failure(client().query(Q))
    expect(e).toBeInstanceOf(IotpayRejectedError)
    expect(e).not.toBeInstanceOf(IotpayNotFoundError)
    expect(isNotFound(e)).toBe(false)
  })

  it("cc_querycard: an unknown card is not found; a signature error is not", async () => {
    handlers.push(
      fail({ retMsg: "cardId is not binding" }),
      fail({ retMsg: "card not exist" }),
      fail({ retMsg: "0013 signature error" })
    )
    const c = client()
    expect(isNotFound(await failure(c.queryCard({ cardId: "CD1" })))).toBe(true)
    expect(isNotFound(await failure(c.queryCard({ cardId: "CD1" })))).toBe(true)
    const other = await failure(c.queryCard({ cardId: "CD1" }))
    expect(other).toBeInstanceOf(IotpayRejectedError)
    expect(isNotFound(other)).toBe(false)
  })

  it("mutating calls never throw IotpayNotFoundError (a refund of an unknown order is a refusal)", async () => {
    handlers.push(fail({ retMsg: "merchant order id does not exist", errCode: "0112" }))
    const e = await failure(client().refund({ payOrderId: "PC1", mchRefundNo: "R1", refundAmount: 1 }))
    expect(e).toBeInstanceOf(IotpayRejectedError)
    expect(isNotFound(e)).toBe(false)
  })

  it("isNotFound is false for anything else", () => {
    expect(isNotFound(new IotpayRejectedError("cc_query", "merchant order id does not exist"))).toBe(false)
    expect(isNotFound(new Error("not found"))).toBe(false)
    expect(isNotFound(undefined)).toBe(false)
    expect(isNotFound(new IotpayNotFoundError("cc_query", "x"))).toBe(true)
  })

  it("isNotFoundRejection", () => {
    expect(isNotFoundRejection("merchant order id does not exist")).toBe(true)
    expect(isNotFoundRejection("anything", "0112")).toBe(true)
    expect(isNotFoundRejection("merchant order id does not exist", "0013")).toBe(false)
    expect(isNotFoundRejection("merchant does not exist")).toBe(false)
    expect(isNotFoundRejection("system error")).toBe(false)
    expect(isNotFoundRejection("cardId is not binding")).toBe(false)
    expect(isNotFoundRejection("cardId is not binding", undefined, { notBinding: true })).toBe(true)
  })
})

describe("IotpayClient: response signature modes", () => {
  const Q = { payOrderId: "PC20240101215009579871439079" }
  const signed = () => withSignature(record(), KEY)
  const forged = () => ({ ...withSignature(record(), KEY), amount: 1 })

  it("option values: booleans map to modes; junk is refused", () => {
    expect(responseSignatureMode(undefined)).toBe("if-present")
    expect(responseSignatureMode(true)).toBe("if-present")
    expect(responseSignatureMode(false)).toBe("off")
    expect(responseSignatureMode("required")).toBe("required")
    expect(responseSignatureMode("yes")).toBeUndefined()
    expect(() => client({ verifyResponseSignatures: "always" as never })).toThrow(/verifyResponseSignatures/)
  })

  it('"if-present" (default, and true): unsigned passes, signed is checked', async () => {
    handlers.push(success(record()), success(signed()), success(forged()), success(forged()))
    const c = client()
    expect((await c.query(Q)).status).toBe(2)
    expect((await c.query(Q)).status).toBe(2)
    expect(await failure(c.query(Q))).toBeInstanceOf(IotpayBadResponseError)
    expect(await failure(client({ verifyResponseSignatures: "if-present" }).query(Q))).toBeInstanceOf(
      IotpayBadResponseError
    )
    handlers.push(success(forged()))
    expect(await failure(client({ verifyResponseSignatures: true }).query(Q))).toBeInstanceOf(IotpayBadResponseError)
  })

  it('"off" (and false): nothing checked', async () => {
    handlers.push(success(forged()), success(forged()))
    expect((await client({ verifyResponseSignatures: "off" }).query(Q)).amount).toBe(1)
    expect((await client({ verifyResponseSignatures: false }).query(Q)).amount).toBe(1)
  })

  it('"required": an unsigned retData is refused on every endpoint, as a bad response', async () => {
    const c = client({ verifyResponseSignatures: "required" })
    handlers.push(
      success(signed()),
      success(record()),
      success({ ...record(), sign: "" }),
      success(forged()),
      success(record({ payOrderId: "RP1", payType: "refund", amount: 100 })),
      success({ cardId: "CD1", holder: "Jo" })
    )
    expect((await c.query(Q)).status).toBe(2)
    for (let i = 0; i < 3; i++) {
      const e = await failure(c.query(Q))
      expect(e).toBeInstanceOf(IotpayBadResponseError)
      expect(e).not.toBeInstanceOf(IotpayRejectedError)
      expect(isNotFound(e)).toBe(false)
      expect(e.message).toMatch(/sign/)
    }
    // A mutating call: bad_response, which the provider settles by querying (the outcome is unknown).
    const refund = await failure(c.refund({ payOrderId: "PC1", mchRefundNo: "R1", refundAmount: 100 }))
    expect(refund).toMatchObject({ kind: "bad_response", endpoint: "cc_refund" })
    expect(refund.message).toMatch(/no sign.*required/)
    expect(refund.message).toMatch(/query the order/)
    expect(await failure(c.queryCard({ cardId: "CD1" }))).toBeInstanceOf(IotpayBadResponseError)
    expect(received).toHaveLength(6) // a signature failure is not retried
  })
})
