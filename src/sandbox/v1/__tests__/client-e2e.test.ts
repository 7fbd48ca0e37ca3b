/** The v1 client against the v1 sandbox, over HTTP, end to end. */
import {
  classifyV1Status,
  IotpayNotFoundError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  IotpayV1Client,
  readV1Notify,
  SANDBOX_V1_REFUND_QUERY_PATH,
  V1_NOTIFY_ACK,
} from "../../../iotpay"
import { actOnV1Page, startSandbox, v1ScanUrl, type RunningSandbox } from "../../index"
import { KEY, LOGIN, MCH, startReceiver, uid, waitFor } from "./helpers"

let sb: RunningSandbox
let client: IotpayV1Client
let receiver: Awaited<ReturnType<typeof startReceiver>>

beforeEach(async () => {
  sb = await startSandbox({ merchantId: MCH, loginName: LOGIN, secretKey: KEY, notifyRetryDelaysMs: [0, 30, 60] })
  receiver = await startReceiver()
  client = new IotpayV1Client({
    merchantId: MCH,
    loginName: LOGIN,
    secretKey: KEY,
    apiBase: sb.v1.apiBase,
    refundQueryPath: SANDBOX_V1_REFUND_QUERY_PATH,
    retryBackoffMs: 1,
  })
})
afterEach(async () => {
  await client.close()
  await sb.close()
  await receiver.close()
})

const qrOrder = (mchOrderNo = uid("E")) => ({
  mchOrderNo,
  channelId: "WX_NATIVE" as const,
  amount: 1999,
  currency: "cad",
  clientIp: "2001:0db8:0000:0000:0000:0000:0000:0007",
  notifyUrl: receiver.url,
  subject: "Order 1001",
  body: "2 items",
})

it("QR order → wallet approves → query paid → partial refund → over-refund refused → notify verified", async () => {
  const created = await client.createOrder(qrOrder())
  expect(created.action.type).toBe("qr")
  const codeUrl = (created.action as { codeUrl: string }).codeUrl
  expect(sb.v1.order(created.payOrderId as string)).toMatchObject({
    clientIp: "2001:db8::7",
    extra: expect.stringContaining("productId"),
  })
  expect(classifyV1Status((await client.queryOrder({ mchOrderNo: created.mchOrderNo })).status)).toBe("pending")

  await actOnV1Page(v1ScanUrl(sb.url, codeUrl), "approve")
  const paid = await client.queryOrder({ payOrderId: created.payOrderId as string })
  expect(classifyV1Status(paid.status)).toBe("paid")
  expect(paid).toMatchObject({ amount: 1999, currency: "CAD", mchOrderNo: created.mchOrderNo })

  const refund = await client.refundOrder({
    payOrderId: paid.payOrderId as string,
    mchRefundNo: uid("R"),
    refundAmount: 1500,
    clientIp: "10.0.0.1",
  })
  expect(refund).toMatchObject({ refundAmount: 1500, status: 2, refundOrderId: expect.any(String) })
  const over = await client
    .refundOrder({
      payOrderId: paid.payOrderId as string,
      mchRefundNo: uid("R"),
      refundAmount: 500,
      clientIp: "10.0.0.1",
    })
    .catch((e: unknown) => e)
  expect(over).toBeInstanceOf(IotpayRejectedError)
  expect(over).toMatchObject({ errorCode: "REFUND_AMOUNT_EXCEEDED" })
  expect(await client.queryRefund({ mchRefundNo: refund.mchRefundNo as string })).toMatchObject({ refundAmount: 1500 })

  // The notify as it reached the shop, handed to the client's parser exactly as received.
  const hit = await waitFor(() => receiver.hits[0])
  const read = readV1Notify(
    { method: hit.method, query: hit.url.search, body: hit.body, contentType: hit.contentType },
    { merchantId: MCH, secretKey: KEY }
  )
  expect(read).toMatchObject({
    ok: true,
    notify: { payOrderId: created.payOrderId, amount: 1999, status: 2, backType: 2 },
  })
  const forged = readV1Notify(
    { method: "POST", query: hit.url.search.replace("amount=1999", "amount=1") },
    { merchantId: MCH, secretKey: KEY }
  )
  expect(forged.ok).toBe(false)
  expect(V1_NOTIFY_ACK).toBe("success")
})

it("redirect channels and payForSubmit through the client", async () => {
  const alipay = await client.createOrder({
    ...qrOrder(),
    channelId: "ALIPAY_WAP",
    osType: "IOS",
    returnUrl: "https://shop.example/back",
  })
  expect(alipay.action).toEqual({ type: "redirect", url: expect.stringContaining("/v1/cashier/") })
  const upi = await client.createOrder({ ...qrOrder(), channelId: "UPI_SEQ" })
  expect(upi.action.type).toBe("redirect")
  const { channelId: _c, ...base } = qrOrder()
  const jsapi = await client.payForSubmit({ ...base, returnUrl: "https://shop.example/back" })
  expect(jsapi.action).toEqual({ type: "redirect", url: expect.stringContaining("/v1/jsapi/") })
  const jsapiQr = await client.payForSubmit({
    ...base,
    mchOrderNo: uid("J"),
    returnUrl: "https://shop.example/back",
    qrMode: true,
  })
  expect(jsapiQr.action.type).toBe("qr")
})

it("a lost create_order answer is an unknown outcome, settled by query; a lost refund is replayed by its mchRefundNo", async () => {
  // The calls whose answer is lost go through a client that gives up after 0.3 s; the rest through the patient one.
  const quick = new IotpayV1Client({
    merchantId: MCH,
    loginName: LOGIN,
    secretKey: KEY,
    apiBase: sb.v1.apiBase,
    headersTimeoutMs: 300,
  })
  try {
    sb.addFault({ endpoint: "create_order", commitThenHang: true })
    const input = qrOrder()
    await expect(quick.createOrder(input)).rejects.toThrow(IotpayOutcomeUnknownError)
    expect((await client.queryOrder({ mchOrderNo: input.mchOrderNo })).status).toBe(0)
    await expect(client.queryOrder({ mchOrderNo: "never-made" })).rejects.toThrow(IotpayNotFoundError)

    const paid = await client.createOrder({ ...qrOrder(), amount: 9954 }) // paid at once, no notify
    sb.addFault({ endpoint: "refund_order", commitThenHang: true })
    const ask = {
      payOrderId: paid.payOrderId as string,
      mchRefundNo: uid("R"),
      refundAmount: 100,
      clientIp: "10.0.0.1",
    }
    await expect(quick.refundOrder(ask)).rejects.toThrow(IotpayOutcomeUnknownError)
    const replay = await client.refundOrder(ask)
    expect(replay.refundAmount).toBe(100)
    expect(sb.v1.order(paid.payOrderId as string)).toMatchObject({ sandbox: { refunded: 100 } })
  } finally {
    await quick.close()
  }
})

it("query_order is retried through a 500; a system error on a refund is an unknown outcome", async () => {
  const o = await client.createOrder(qrOrder())
  sb.addFault({ endpoint: "query_order", http500: true })
  expect((await client.queryOrder({ payOrderId: o.payOrderId as string })).status).toBe(0)
  sb.addFault({ endpoint: "refund_order", systemError: true })
  await expect(
    client.refundOrder({
      payOrderId: o.payOrderId as string,
      mchRefundNo: uid("R"),
      refundAmount: 1,
      clientIp: "10.0.0.1",
    })
  ).rejects.toThrow(IotpayOutcomeUnknownError)
  sb.addFault({ endpoint: "query_order", badSignature: true })
  await expect(client.queryOrder({ payOrderId: o.payOrderId as string })).rejects.toThrow(/sign does not match/)
})
