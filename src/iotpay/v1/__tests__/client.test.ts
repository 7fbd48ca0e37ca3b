import {
  IotpayBadResponseError,
  IotpayInvalidRequestError,
  IotpayNotFoundError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  IotpayUnreachableError,
} from "../../errors"
import { signParams, verifySignature } from "../../sign"
import { IotpayV1Client, type IotpayV1ClientOptions, type V1CreateOrderInput } from "../client"
import { classifyV1Status } from "../status"
import { hang, reply, reset, useStubGateway, type StubHandler } from "../../__tests__/stub-gateway"
import { QUERY_ANSWER, V1_KEY } from "./vectors"

const MCH = "10000701"

const signed = (o: Record<string, unknown>) => ({ ...o, sign: signParams(o, V1_KEY) })
const ok =
  (fields: Record<string, unknown>, sign = true): StubHandler<unknown> =>
  (_r, res) =>
    reply(
      res,
      (sign ? signed : (o: Record<string, unknown>) => o)({
        retCode: "SUCCESS",
        retMsg: "",
        resCode: "SUCCESS",
        ...fields,
      })
    )

/** v1 requests are forms carrying `params=<JSON>`: the stub records that JSON as the body. */
const stub = useStubGateway<Record<string, any>>(
  "/v1",
  (text) => JSON.parse(new URLSearchParams(text).get("params") ?? "{}") as Record<string, any>,
  () => ok({})
)
const { received, handlers } = stub

function client(over: Partial<IotpayV1ClientOptions> = {}) {
  const c = new IotpayV1Client({
    merchantId: MCH,
    loginName: "jack123",
    secretKey: V1_KEY,
    apiBase: stub.url,
    headersTimeoutMs: 300,
    bodyTimeoutMs: 300,
    connectTimeoutMs: 300,
    retryBackoffMs: 1,
    ...over,
  })
  return stub.closeAfter(c)
}

const order = (over: Partial<V1CreateOrderInput> = {}): V1CreateOrderInput => ({
  mchOrderNo: "ORD20240101A001",
  channelId: "WX_NATIVE",
  amount: 1999,
  currency: "cad",
  clientIp: "::ffff:203.0.113.7",
  notifyUrl: "https://shop.example.com/iotpay/notify",
  subject: "Order 1001",
  body: "2 items",
  ...over,
})

describe("IotpayV1Client: each endpoint over HTTP", () => {
  it("create_order WX_NATIVE: form body params=<JSON>, signed, jobNo/device/extra filled, QR from codeUrl", async () => {
    handlers.push(ok({ payOrderId: "WN1", mchOrderNo: "ORD20240101A001", codeUrl: "weixin://wxpay/bizpayurl?pr=abc" }))
    const r = await client().createOrder(order())
    expect(r).toMatchObject({
      payOrderId: "WN1",
      channelId: "WX_NATIVE",
      action: { type: "qr", codeUrl: "weixin://wxpay/bizpayurl?pr=abc" },
    })
    const sent = received[0]
    expect(sent.path).toBe("/v1/create_order")
    expect(sent.contentType).toMatch(/^application\/x-www-form-urlencoded/)
    expect(sent.body).toMatchObject({
      mchId: MCH,
      jobNo: "jack123",
      currency: "CAD",
      clientIp: "203.0.113.7",
      device: "WEB",
      extra: '{"productId":"ORD20240101A001"}',
    })
    expect(verifySignature(sent.body, V1_KEY)).toBe(true)
  })

  it.each([
    ["qr_code", { qr_code: "https://qr.alipay.com/x" }, "ALIPAY_QR"],
    ["code_url", { code_url: "weixin://x" }, "WX_NATIVE"],
    ["payParams.codeUrl", { payParams: { codeUrl: "weixin://y" } }, "WX_NATIVE"],
  ] as const)("QR content under %s is found", async (_n, fields, channelId) => {
    handlers.push(ok(fields, false))
    const r = await client().createOrder(order({ channelId, extra: { productId: "p" } }))
    expect(r.action.type).toBe("qr")
  })

  it("ALIPAY_PC: retParams as an object or as a JSON string; an HTML form is handed back as a form", async () => {
    const redirect = { channelId: "ALIPAY_PC" as const, returnUrl: "https://shop.example.com/back" }
    handlers.push(ok({ retParams: { alipayUrl: "https://alipay.example/pay?x=1" } }, false))
    expect((await client().createOrder(order(redirect))).action).toEqual({
      type: "redirect",
      url: "https://alipay.example/pay?x=1",
    })
    handlers.push(ok({ retParams: JSON.stringify({ alipayUrl: "https://alipay.example/2" }) }))
    expect((await client().createOrder(order(redirect))).action).toEqual({
      type: "redirect",
      url: "https://alipay.example/2",
    })
    handlers.push(ok({ retParams: { alipayUrl: "<form action='x'></form>" } }, false))
    expect((await client().createOrder(order(redirect))).action.type).toBe("form")
  })

  it("UPI_SEQ reads retParams.unionpayUrl; a redirect channel without a URL is a bad response", async () => {
    handlers.push(ok({ retParams: { unionpayUrl: "https://upi.example/pay" } }, false))
    const r = await client().createOrder(order({ channelId: "UPI_SEQ" }))
    expect(r.action).toEqual({ type: "redirect", url: "https://upi.example/pay" })
    handlers.push(ok({ payOrderId: "X" }))
    await expect(client().createOrder(order({ channelId: "UPI_SEQ" }))).rejects.toThrow(IotpayBadResponseError)
  })

  it("payForSubmit (WX_JSAPI): url, or code_url with qrMode (qrcode_pay=1 sent)", async () => {
    const input = { ...order(), returnUrl: "https://shop.example.com/back" }
    const { channelId: _c, ...jsapi } = input
    handlers.push(ok({ url: "https://iotpay.example/jsapi/1" }))
    expect((await client().payForSubmit(jsapi)).action).toEqual({
      type: "redirect",
      url: "https://iotpay.example/jsapi/1",
    })
    expect(received[0].path).toBe("/v1/payForSubmit")
    expect(received[0].body).toMatchObject({ channelId: "WX_JSAPI" })
    expect(received[0].body).not.toHaveProperty("qrcode_pay")
    handlers.push(ok({ code_url: "weixin://wxpay/x" }))
    expect((await client().payForSubmit({ ...jsapi, qrMode: true })).action).toEqual({
      type: "qr",
      codeUrl: "weixin://wxpay/x",
    })
    expect(received[1].body.qrcode_pay).toBe(1)
  })

  it("query_order: the signed §13.6 answer is verified and read; status via classifyV1Status", async () => {
    const { sign: _s, ...fields } = { ...QUERY_ANSWER.input, sign: QUERY_ANSWER.sign }
    handlers.push((_r, res) => reply(res, { ...fields, sign: QUERY_ANSWER.sign }))
    const o = await client().queryOrder({ mchOrderNo: "ORD20240101A001" })
    expect(o).toMatchObject({
      payOrderId: "WN20240101003753223310135049",
      amount: 1999,
      status: 2,
      paySuccTime: 1704145809000,
    })
    expect(classifyV1Status(o.status)).toBe("paid")
    expect(received[0].body).toEqual({
      mchId: MCH,
      mchOrderNo: "ORD20240101A001",
      sign: "4E046EE20E8522EC357D520859F51172",
    })
  })

  it("refund_order: loginName and normalized clientIp sent; the answer is checked against the request", async () => {
    handlers.push(ok({ mchRefundNo: "RF1", payOrderId: "WN1", refundAmount: 500, refundOrderId: "R1", status: 2 }))
    const r = await client().refundOrder({
      payOrderId: "WN1",
      mchRefundNo: "RF1",
      refundAmount: 500,
      clientIp: "10.0.0.1",
    })
    expect(r).toMatchObject({ refundOrderId: "R1", refundAmount: 500 })
    expect(received[0].body).toMatchObject({ loginName: "jack123", clientIp: "10.0.0.1", device: "WEB" })
    expect(received[0].body).not.toHaveProperty("jobNo")
    handlers.push(ok({ mchRefundNo: "RF1", refundAmount: 400 }))
    await expect(
      client().refundOrder({ payOrderId: "WN1", mchRefundNo: "RF1", refundAmount: 500, clientIp: "10.0.0.1" })
    ).rejects.toThrow(IotpayBadResponseError)
  })

  it("refund query: only when refundQueryPath is configured; then at that path", async () => {
    await expect(client().queryRefund({ mchRefundNo: "RF1" })).rejects.toThrow(IotpayInvalidRequestError)
    expect(received).toHaveLength(0)
    handlers.push(ok({ mchRefundNo: "RF1", refundAmount: 500, status: 2 }))
    const r = await client({ refundQueryPath: "query_refund_order" }).queryRefund({ mchRefundNo: "RF1" })
    expect(r.status).toBe(2)
    expect(received[0].path).toBe("/v1/query_refund_order")
  })
})

describe("IotpayV1Client: results and failures", () => {
  const fail =
    (fields: Record<string, unknown>): StubHandler<unknown> =>
    (_r, res) =>
      reply(res, fields)

  it("retCode FAIL → IotpayRejectedError with the code", async () => {
    handlers.push(fail({ retCode: "FAIL", retMsg: "signature error", errCode: "0013" }))
    const e = await client()
      .createOrder(order())
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(IotpayRejectedError)
    expect(e).toMatchObject({ errorCode: "0013" })
  })

  it("retCode SUCCESS + resCode FAIL → refused with errCodeDes", async () => {
    handlers.push(fail({ retCode: "SUCCESS", resCode: "FAIL", errCode: "0113", errCodeDes: "order already paid" }))
    await expect(client().createOrder(order())).rejects.toThrow(/order already paid/)
  })

  it("query: 0112 / 'does not exist' → IotpayNotFoundError; the same on a refund is a plain refusal", async () => {
    handlers.push(
      fail({ retCode: "SUCCESS", resCode: "FAIL", errCode: "0112", errCodeDes: "merchant order id does not exist" })
    )
    await expect(client().queryOrder({ mchOrderNo: "nope" })).rejects.toThrow(IotpayNotFoundError)
    handlers.push(fail({ retCode: "SUCCESS", resCode: "FAIL", errCode: "0112", errCodeDes: "order does not exist" }))
    const e = await client()
      .refundOrder({ payOrderId: "X", mchRefundNo: "R", refundAmount: 1, clientIp: "1.2.3.4" })
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(IotpayRejectedError)
    expect(e).not.toBeInstanceOf(IotpayNotFoundError)
  })

  it("a mid-way system error on a refund is an unknown outcome, on a query a refusal", async () => {
    handlers.push(fail({ retCode: "SUCCESS", resCode: "FAIL", errCode: "0110", errCodeDes: "upstream timeout" }))
    await expect(
      client().refundOrder({ payOrderId: "X", mchRefundNo: "R", refundAmount: 1, clientIp: "1.2.3.4" })
    ).rejects.toThrow(IotpayOutcomeUnknownError)
    handlers.push(fail({ retCode: "SUCCESS", resCode: "FAIL", errCode: "SYSTEMERROR", errCodeDes: "busy" }))
    await expect(client({ queryRetries: 0 }).queryOrder({ mchOrderNo: "A" })).rejects.toThrow(IotpayRejectedError)
  })

  it("a refund answer without resCode is not taken as done", async () => {
    handlers.push(fail({ retCode: "SUCCESS", retMsg: "" }))
    await expect(
      client().refundOrder({ payOrderId: "X", mchRefundNo: "R", refundAmount: 1, clientIp: "1.2.3.4" })
    ).rejects.toThrow(/resCode/)
  })

  it("a wrong sign on a flat answer is a bad response; nested answers are not checked", async () => {
    handlers.push(fail({ retCode: "SUCCESS", resCode: "SUCCESS", amount: 1, status: 2, sign: "0".repeat(32) }))
    await expect(client().queryOrder({ mchOrderNo: "A" })).rejects.toThrow(/sign does not match/)
    handlers.push(
      fail({
        retCode: "SUCCESS",
        resCode: "SUCCESS",
        retParams: { alipayUrl: "https://a.example" },
        sign: "0".repeat(32),
      })
    )
    const r = await client().createOrder(order({ channelId: "ALIPAY_PC", returnUrl: "https://s.example/b" }))
    expect(r.action.type).toBe("redirect")
    handlers.push(fail({ retCode: "SUCCESS", resCode: "SUCCESS", amount: 1, status: 2 }))
    await expect(client({ verifyResponseSignatures: "required" }).queryOrder({ mchOrderNo: "A" })).rejects.toThrow(
      /required/
    )
  })

  it("currencies per channel (channels.ts): USD and CNY on WX_NATIVE; CNY on ALIPAY_QR refused, nothing sent", async () => {
    handlers.push(ok({ codeUrl: "weixin://wxpay/bizpayurl?pr=a" }), ok({ codeUrl: "weixin://wxpay/bizpayurl?pr=b" }))
    await client().createOrder(order({ currency: "usd" }))
    await client().createOrder(order({ currency: "CNY", mchOrderNo: "ORD2" }))
    expect(received.map((r) => r.body.currency)).toEqual(["USD", "CNY"])
    const refused = client().createOrder(order({ channelId: "ALIPAY_QR", currency: "cny" }))
    await expect(refused).rejects.toThrow(IotpayInvalidRequestError)
    await expect(refused).rejects.toThrow(/currency: CNY is not taken on ALIPAY_QR \(IOTPay takes CAD, USD there\)/)
    expect(received).toHaveLength(2)
  })

  it("a record for another order or merchant is refused", async () => {
    handlers.push(ok({ mchOrderNo: "OTHER", amount: 1, status: 2 }))
    await expect(client().queryOrder({ mchOrderNo: "A" })).rejects.toThrow(/different order/)
    handlers.push(ok({ mchId: "999", amount: 1, status: 2 }))
    await expect(client().queryOrder({ mchOrderNo: "A" })).rejects.toThrow(/different merchant/)
  })

  it("a hang on create_order → IotpayOutcomeUnknownError, sent once; query_order is retried", async () => {
    handlers.push(hang)
    await expect(client().createOrder(order())).rejects.toThrow(IotpayOutcomeUnknownError)
    expect(received).toHaveLength(1)
    handlers.push(reset, (_r, res) => reply(res, "oops", 500), ok({ amount: 1, status: 0 }))
    expect((await client().queryOrder({ mchOrderNo: "A" })).status).toBe(0)
    expect(received).toHaveLength(4)
  })

  it("v1 errors send the caller to query_order, never to V3's cc_query", async () => {
    handlers.push(
      hang,
      (_r, res) => reply(res, "err", 502),
      (_r, res) => reply(res, { retCode: "SUCCESS", resCode: "FAIL", errCode: "0010" })
    )
    const errors = [
      await client()
        .createOrder(order())
        .catch((e: unknown) => e),
      await client()
        .createOrder(order({ mchOrderNo: "B" }))
        .catch((e: unknown) => e),
      await client()
        .refundOrder({ payOrderId: "X", mchRefundNo: "R", refundAmount: 1, clientIp: "1.2.3.4" })
        .catch((e: unknown) => e),
    ] as Error[]
    for (const e of errors) {
      expect(e.message).toContain("query_order")
      expect(e.message).not.toContain("cc_query")
    }
  })

  it("HTTP 500 on refund_order → bad response, not retried", async () => {
    handlers.push((_r, res) => reply(res, "err", 500))
    await expect(
      client().refundOrder({ payOrderId: "X", mchRefundNo: "R", refundAmount: 1, clientIp: "1.2.3.4" })
    ).rejects.toThrow(IotpayBadResponseError)
    expect(received).toHaveLength(1)
  })

  it("connection refused → IotpayUnreachableError", async () => {
    const c = client({ apiBase: "http://127.0.0.1:1/v1", queryRetries: 0 })
    await expect(c.queryOrder({ mchOrderNo: "A" })).rejects.toThrow(IotpayUnreachableError)
  })
})

describe("IotpayV1Client: input validation", () => {
  it.each([
    ["no clientIp", { clientIp: "" }, /clientIp: is required/],
    ["USD is fine, EUR is not", { currency: "EUR" }, /currency: must be one of CAD, USD, CNY/],
    ["ALIPAY_PC needs returnUrl", { channelId: "ALIPAY_PC" }, /returnUrl: is required for ALIPAY_PC/],
    ["ALIPAY_WAP needs osType", { channelId: "ALIPAY_WAP", returnUrl: "https://s.example/b" }, /osType: is required/],
    ["notifyUrl without ?", { notifyUrl: "https://s.example/n?x=1" }, /notifyUrl: must not contain '\?'/],
    ["extra is a JSON object", { extra: "not json" }, /extra: must be a JSON object/],
    ["unknown channel", { channelId: "PF_CC" }, /channelId: must be one of/],
    ["amount in cents", { amount: 19.99 }, /amount: must be a whole number/],
  ] as [string, Partial<V1CreateOrderInput>, RegExp][])("%s: refused before sending", async (_n, over, message) => {
    await expect(client().createOrder(order(over))).rejects.toThrow(message)
    expect(received).toHaveLength(0)
  })

  it("bad options are refused", () => {
    expect(
      () =>
        new IotpayV1Client({
          merchantId: "",
          loginName: "",
          secretKey: "",
          apiBase: "ftp://x",
          refundQueryPath: "/a?b",
        })
    ).toThrow(/merchantId.*loginName.*secretKey.*apiBase.*refundQueryPath/)
  })
})
