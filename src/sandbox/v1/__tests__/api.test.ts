import { helpText } from "../../cli"
import { actOnV1Page, startSandbox, v1ScanUrl, type RunningSandbox } from "../../index"
import { sign, verify } from "../../sign"
import { KEY, LOGIN, MCH, orderFields, startReceiver, uid, waitFor, v1Call } from "./helpers"

let sb: RunningSandbox
let receiver: Awaited<ReturnType<typeof startReceiver>>

beforeEach(async () => {
  sb = await startSandbox({ merchantId: MCH, loginName: LOGIN, secretKey: KEY, notifyRetryDelaysMs: [0, 30, 60] })
  receiver = await startReceiver()
})
afterEach(async () => {
  await sb.close()
  await receiver.close()
})

const create = (over: Record<string, unknown> = {}) =>
  v1Call(sb, "create_order", orderFields({ notifyUrl: receiver.url, ...over }))
const query = (fields: Record<string, unknown>) => v1Call(sb, "query_order", { mchId: MCH, ...fields })

describe("sandbox v1: create_order per channel", () => {
  it("WX_NATIVE: a signed answer with a weixin:// codeUrl; the wallet page approves; notify then status 3", async () => {
    const { json } = await create()
    expect(json).toMatchObject({
      retCode: "SUCCESS",
      resCode: "SUCCESS",
      codeUrl: expect.stringMatching(/^weixin:\/\/wxpay\/bizpayurl\?pr=[0-9a-f]{32}$/),
    })
    expect(verify(json, KEY)).toBe(true)
    expect((await query({ payOrderId: json.payOrderId })).json).toMatchObject({ status: 0, amount: 1999 })

    const paid = await actOnV1Page(v1ScanUrl(sb.url, json.codeUrl as string), "approve")
    expect(paid.status).toBe(200)
    expect(paid.html).toContain('data-status="2"')
    const hit = await waitFor(() => receiver.hits[0])
    // POST to notifyUrl?<signed fields>, the same fields as a form body, backType 2.
    expect(hit.method).toBe("POST")
    expect(hit.url.pathname).toBe("/iotpay/notify")
    const fields = Object.fromEntries(hit.url.searchParams)
    expect(Object.fromEntries(new URLSearchParams(hit.body))).toEqual(fields)
    expect(fields).toMatchObject({
      payOrderId: json.payOrderId,
      mchId: MCH,
      amount: "1999",
      status: "2",
      backType: "2",
      channelId: "WX_NATIVE",
    })
    expect(verify(fields, KEY)).toBe(true)
    await waitFor(() => sb.v1.order(json.payOrderId as string)?.status === 3)
    expect((await query({ mchOrderNo: json.mchOrderNo })).json).toMatchObject({
      status: 3,
      channelOrderNo: expect.stringMatching(/^42\d{26}$/),
    })
  })

  it("ALIPAY_PC / ALIPAY_WAP: retParams.alipayUrl, a cashier page that returns the shopper; decline → 9", async () => {
    const { json } = await create({ channelId: "ALIPAY_PC", returnUrl: "https://shop.example/back" })
    const url = (json.retParams as { alipayUrl: string }).alipayUrl
    expect(url).toMatch(/\/v1\/cashier\/[0-9a-f]{32}$/)
    const back = await actOnV1Page(url, "approve")
    expect(back).toMatchObject({
      status: 303,
      location: expect.stringMatching(/^https:\/\/shop\.example\/back\?mchOrderNo=/),
    })

    const wap = await create({ channelId: "ALIPAY_WAP", osType: "ANDROID", returnUrl: "https://shop.example/back" })
    await actOnV1Page((wap.json.retParams as { alipayUrl: string }).alipayUrl, "decline")
    expect((await query({ payOrderId: wap.json.payOrderId })).json.status).toBe(9)
    expect(receiver.hits.filter((h) => h.url.searchParams.get("payOrderId") === wap.json.payOrderId)).toHaveLength(0)
  })

  it("UPI_SEQ: retParams.unionpayUrl; leaving the page leaves the order unpaid and the page usable", async () => {
    const { json } = await create({ channelId: "UPI_SEQ" })
    const url = (json.retParams as { unionpayUrl: string }).unionpayUrl
    expect((await actOnV1Page(url, "leave")).html).toContain("Left without paying")
    expect((await query({ payOrderId: json.payOrderId })).json.status).toBe(0)
    expect((await actOnV1Page(url, "approve")).status).toBe(200) // no returnUrl given: the result page
  })

  it("ALIPAY_QR / UPI_QR answer qr_code; app channels payParams; a paid page cannot be used again", async () => {
    for (const channelId of ["ALIPAY_QR", "UPI_QR"]) {
      const { json } = await create({ channelId })
      expect(json.qr_code).toMatch(/^https:\/\/qr\./)
    }
    const app = await create({ channelId: "WX_APP" })
    expect(app.json.payParams).toMatchObject({
      appId: expect.any(String),
      package: expect.stringMatching(/^prepay_id=/),
    })
    const { json } = await create()
    await actOnV1Page(v1ScanUrl(sb.url, json.codeUrl as string), "approve")
    await expect(actOnV1Page(v1ScanUrl(sb.url, json.codeUrl as string), "approve")).rejects.toThrow(/409/)
  })

  it("payForSubmit (WX_JSAPI): url to the in-WeChat page, or code_url with qrcode_pay=1; param1 = mchOrderNo", async () => {
    const base = {
      ...orderFields({ notifyUrl: receiver.url, channelId: "WX_JSAPI", returnUrl: "https://shop.example/r" }),
    }
    const page = await v1Call(sb, "payForSubmit", base)
    expect(page.json.url).toMatch(/\/v1\/jsapi\/[0-9a-f]{32}$/)
    expect(sb.v1.order(page.json.payOrderId as string)).toMatchObject({
      param1: base.mchOrderNo,
      sandbox: { via: "payForSubmit" },
    })
    const qr = await v1Call(sb, "payForSubmit", { ...base, mchOrderNo: uid("J"), qrcode_pay: 1 })
    expect(qr.json.code_url).toMatch(/^weixin:\/\//)
    const back = await actOnV1Page(page.json.url as string, "approve")
    expect(back.location).toMatch(/^https:\/\/shop\.example\/r\?/)
    const { returnUrl: _r, ...noReturn } = base
    expect((await v1Call(sb, "payForSubmit", { ...noReturn, mchOrderNo: uid("J") })).json).toMatchObject({
      retCode: "FAIL",
      errCode: "0014",
    })
  })
})

describe("sandbox v1: refusals", () => {
  it.each([
    ["a wrong key", {}, { key: "WRONG" }, { retCode: "FAIL", retMsg: "signature error", errCode: "0013" }],
    ["another merchant", { mchId: "999" }, {}, { retCode: "FAIL", errCode: "0015" }],
    [
      "no clientIp",
      { clientIp: "" },
      {},
      { retCode: "FAIL", retMsg: "parameter error: clientIp is required", errCode: "0014" },
    ],
    ["a notifyUrl with ?", { notifyUrl: "https://s.example/n?x=1" }, {}, { retCode: "FAIL", errCode: "0014" }],
    ["EUR", { currency: "EUR" }, {}, { retCode: "FAIL", errCode: "0014" }],
    [
      "CNY on ALIPAY_QR (CNY only on the web channels)",
      { channelId: "ALIPAY_QR", currency: "CNY" },
      {},
      {
        retCode: "FAIL",
        retMsg: "parameter error: currency CNY is not supported on ALIPAY_QR (only CAD, USD)",
        errCode: "0014",
      },
    ],
    ["ALIPAY_PC without returnUrl", { channelId: "ALIPAY_PC" }, {}, { retCode: "FAIL", errCode: "0014" }],
    ["WX_NATIVE without extra", { extra: undefined }, {}, { retCode: "FAIL", errCode: "0014" }],
    ["a wrong jobNo", { jobNo: "other" }, {}, { retCode: "FAIL", retMsg: "parameter error: jobNo does not exist" }],
  ])("%s", async (_n, over, opts, expected) => {
    const { json } = await v1Call(sb, "create_order", orderFields(over), opts)
    expect(json).toMatchObject(expected)
    expect(json).not.toHaveProperty("sign")
    expect(sb.v1.orders()).toHaveLength(0)
  })

  it("a repeated mchOrderNo: resCode FAIL (0113 once paid)", async () => {
    const fields = orderFields({ amount: 9951 })
    await v1Call(sb, "create_order", fields)
    expect((await v1Call(sb, "create_order", fields)).json).toMatchObject({
      retCode: "SUCCESS",
      resCode: "FAIL",
      errCode: "0113",
    })
    const open = orderFields()
    await v1Call(sb, "create_order", open)
    expect((await v1Call(sb, "create_order", open)).json).toMatchObject({ resCode: "FAIL", errCode: "ORDER_EXISTS" })
  })

  it("query of an unknown order: resCode FAIL 0112 'merchant order id does not exist'", async () => {
    expect((await query({ mchOrderNo: "nope" })).json).toMatchObject({
      retCode: "SUCCESS",
      resCode: "FAIL",
      errCode: "0112",
      errCodeDes: "merchant order id does not exist",
    })
  })

  it("transport: GET is refused (0011); no params (0012); raw JSON and params in the query string are accepted", async () => {
    expect(await v1Call(sb, "query_order", {}, { method: "GET" })).toMatchObject({
      status: 405,
      json: { errCode: "0011" },
    })
    expect((await v1Call(sb, "query_order", {}, { body: "a=1" })).json).toMatchObject({
      retCode: "FAIL",
      errCode: "0012",
    })
    const raw = JSON.stringify(signed({ mchId: MCH, mchOrderNo: "nope" }))
    expect((await v1Call(sb, "query_order", {}, { body: `params=${raw}` })).json).toMatchObject({ errCode: "0112" })
    const q = `?params=${encodeURIComponent(raw)}`
    expect((await v1Call(sb, "query_order", {}, { body: "", query: q })).json).toMatchObject({ errCode: "0112" })
  })
})

const signed = (o: Record<string, unknown>) => ({ ...o, sign: sign(o, KEY) })

describe("sandbox v1: refunds", () => {
  const refund = (payOrderId: unknown, mchRefundNo: string, refundAmount: number, over: Record<string, unknown> = {}) =>
    v1Call(sb, "refund_order", {
      mchId: MCH,
      mchRefundNo,
      refundAmount,
      clientIp: "10.0.0.1",
      loginName: LOGIN,
      payOrderId,
      ...over,
    })

  it("partial, again, over-refund refused, replay idempotent, reused number refused, refund query", async () => {
    const { json } = await create()
    sb.v1.act(json.payOrderId as string, "approve")
    const first = await refund(json.payOrderId, "R1", 500)
    expect(first.json).toMatchObject({
      retCode: "SUCCESS",
      resCode: "SUCCESS",
      refundAmount: 500,
      status: 2,
      refundOrderId: expect.stringMatching(/^RF/),
    })
    expect(verify(first.json, KEY)).toBe(true)
    expect((await refund(json.payOrderId, "R2", 1000)).json.resCode).toBe("SUCCESS")
    expect((await refund(json.payOrderId, "R3", 500)).json).toMatchObject({
      resCode: "FAIL",
      errCode: "REFUND_AMOUNT_EXCEEDED",
      errCodeDes: expect.stringContaining("499 cents left"),
    })
    expect((await refund(json.payOrderId, "R1", 500)).json.refundOrderId).toBe(first.json.refundOrderId)
    expect((await refund(json.payOrderId, "R1", 400)).json).toMatchObject({
      resCode: "FAIL",
      errCode: "REFUND_NO_REUSED",
    })
    expect(sb.v1.order(json.payOrderId as string)).toMatchObject({
      sandbox: { refunded: 1500, refunds: [expect.any(String), expect.any(String)] },
    })
    const q = await v1Call(sb, "query_refund_order", { mchId: MCH, mchRefundNo: "R2" })
    expect(q.json).toMatchObject({ resCode: "SUCCESS", refundAmount: 1000, payOrderId: json.payOrderId, status: 2 })
    expect((await v1Call(sb, "query_refund_order", { mchId: MCH, mchRefundNo: "R9" })).json).toMatchObject({
      resCode: "FAIL",
      errCode: "0112",
    })
  })

  it("resultStatus 3 fails the refund, moving nothing; 1 reserves it until settled (2 completes, 3 gives it back)", async () => {
    const { json } = await create()
    sb.v1.act(json.payOrderId as string, "approve")
    sb.addFault({ endpoint: "refund_order", resultStatus: 3 })
    expect((await refund(json.payOrderId, "S1", 500)).json).toMatchObject({ resCode: "SUCCESS", status: 3 })
    expect((await refund(json.payOrderId, "S1", 500)).json).toMatchObject({ status: 3 }) // a repeat: as it stands
    expect(sb.v1.order(json.payOrderId as string)!.sandbox.refunded).toBe(0)
    sb.addFault({ endpoint: "refund_order", resultStatus: 1, times: 2 })
    expect((await refund(json.payOrderId, "S2", 700)).json).toMatchObject({ status: 1 })
    expect((await refund(json.payOrderId, "S3", 300)).json).toMatchObject({ status: 1 })
    expect(sb.v1.order(json.payOrderId as string)!.sandbox.refunded).toBe(1000)
    expect(sb.v1.settleRefund("S2", 2)).toMatchObject({ status: 2, refundSuccTime: expect.any(Number) })
    expect(sb.v1.settleRefund("S3", 3)).toMatchObject({ status: 3 })
    expect(sb.v1.order(json.payOrderId as string)!.sandbox.refunded).toBe(700)
    expect(() => sb.v1.settleRefund("S3", 2)).toThrow("refund is not pending (status 3)")
    const settle = (body: unknown) =>
      fetch(`${sb.url}/_sandbox/v1/refunds/settle`, { method: "POST", body: JSON.stringify(body) })
    expect((await settle({ mchRefundNo: "S2", status: 9 })).status).toBe(400)
    expect((await settle({ mchRefundNo: "S2", status: 3 })).status).toBe(409)
  })

  it("an unpaid order, an unknown payOrderId, a wrong loginName, a wrong currency", async () => {
    const { json } = await create()
    expect((await refund(json.payOrderId, "U1", 1)).json).toMatchObject({ resCode: "FAIL", errCode: "ORDER_NOT_PAID" })
    expect((await refund("WNnope", "U2", 1)).json).toMatchObject({ resCode: "FAIL", errCode: "0112" })
    expect((await refund(json.payOrderId, "U3", 1, { loginName: "x" })).json).toMatchObject({ retCode: "FAIL" })
    const paid = await create({ amount: 9951 })
    expect((await refund(paid.json.payOrderId, "U4", 1, { currency: "USD" })).json).toMatchObject({ retCode: "FAIL" })
    expect(
      (await refund(paid.json.payOrderId, "U5", 1, { currency: "CAD", channelId: "WX_NATIVE" })).json.resCode
    ).toBe("SUCCESS")
  })
})

describe("sandbox v1: test amounts, notify retries, control", () => {
  it.each([
    [9951, 2, 1],
    [9952, 9, 0],
    [9953, 4, 0],
    [9954, 2, 0],
  ])("amount %d → status %d, %d notify", async (amount, status, notifies) => {
    const { json } = await create({ amount })
    // A notify, when the amount has one, moves the order to 3 once acknowledged; the others are never scheduled
    // (decided at create_order), so nothing can still arrive for them.
    if (notifies) await waitFor(() => sb.v1.order(json.payOrderId as string)?.status === 3)
    expect((await query({ payOrderId: json.payOrderId })).json.status).toBe(notifies ? 3 : status)
    expect(receiver.hits).toHaveLength(notifies)
    expect(sb.notifications().filter((a) => a.payOrderId === json.payOrderId)).toHaveLength(notifies)
  })

  it("notify is resent until the receiver answers success (any case)", async () => {
    await receiver.close()
    receiver = await startReceiver(["fail", "SUCCESS"])
    const { json } = await create({ amount: 9951 })
    await waitFor(() => receiver.hits.length === 2)
    await waitFor(() => sb.v1.order(json.payOrderId as string)?.status === 3)
    await new Promise((r) => setTimeout(r, 150))
    expect(receiver.hits).toHaveLength(2)
    expect(sb.notifications().map((a) => a.ok)).toEqual([false, true])
  })

  it("GET /_sandbox/orders lists v1 orders; /orders/:id and /_sandbox/v1/act; reset forgets them", async () => {
    const { json } = await create()
    const list = (await (await fetch(`${sb.url}/_sandbox/orders`)).json()) as {
      orders: unknown[]
      v1Orders: { payOrderId: string }[]
    }
    expect(list.orders).toEqual([])
    expect(list.v1Orders.map((o) => o.payOrderId)).toEqual([json.payOrderId])
    const one = await (await fetch(`${sb.url}/_sandbox/orders/${json.mchOrderNo as string}`)).json()
    expect(one).toMatchObject({
      payOrderId: json.payOrderId,
      sandbox: { api: "v1", walletPage: expect.stringContaining("/v1/wallet/") },
    })
    const act = await fetch(`${sb.url}/_sandbox/v1/act`, {
      method: "POST",
      body: JSON.stringify({ mchOrderNo: json.mchOrderNo, action: "close" }),
    })
    expect(await act.json()).toMatchObject({ status: 4 })
    const again = await fetch(`${sb.url}/_sandbox/v1/act`, {
      method: "POST",
      body: JSON.stringify({ payOrderId: json.payOrderId, action: "approve" }),
    })
    expect(again.status).toBe(409)
    await fetch(`${sb.url}/_sandbox/reset`, { method: "POST" })
    expect(sb.v1.orders()).toEqual([])
  })
})

describe("sandbox v1: faults (same spec as V3)", () => {
  it("http500 and systemError do nothing; badSignature answers a wrong sign; invalidJson commits", async () => {
    sb.addFault({ endpoint: "create_order", http500: true })
    expect((await fetch(`${sb.v1.apiBase}/create_order`, { method: "POST", body: "" })).status).toBe(500)
    sb.addFault({ endpoint: "create_order", systemError: true })
    expect((await create()).json).toMatchObject({ retCode: "FAIL", errCode: "0010" })
    expect(sb.v1.orders()).toHaveLength(0)
    sb.addFault({ endpoint: "query_order", badSignature: true })
    const { json } = await create()
    const q = await query({ payOrderId: json.payOrderId })
    expect(q.json.sign).toMatch(/^[0-9A-F]{32}$/)
    expect(verify(q.json, KEY)).toBe(false)
    sb.addFault({ endpoint: "refund_order", invalidJson: true })
    const paid = await create({ amount: 9951 })
    const res = await fetch(`${sb.v1.apiBase}/refund_order`, {
      method: "POST",
      body: new URLSearchParams({
        params: JSON.stringify(
          signed({
            mchId: MCH,
            mchRefundNo: "F1",
            refundAmount: 5,
            clientIp: "1.2.3.4",
            loginName: LOGIN,
            payOrderId: paid.json.payOrderId,
          })
        ),
      }),
    })
    await expect(res.json()).rejects.toThrow()
    expect(sb.v1.order("F1")).toMatchObject({ refundAmount: 5 })
  })

  it("an unknown endpoint in a fault spec names both APIs' endpoints", () => {
    expect(() => sb.addFault({ endpoint: "nope", http500: true })).toThrow(/cc_query, create_order, payForSubmit/)
  })
})

describe("sandbox v1: --help", () => {
  it("lists the v1 endpoints, test amounts, pages and control routes", () => {
    const text = helpText()
    for (const t of [
      "/v1/create_order",
      "payForSubmit",
      "query_refund_order",
      "/v1/scan?code=",
      "/_sandbox/v1/act",
      "REFUND_AMOUNT_EXCEEDED",
    ]) {
      expect(text).toContain(t)
    }
    for (const amount of [9951, 9952, 9953, 9954]) expect(text).toContain(String(amount))
  })
})
