// Endpoint fault injection, seen through the gateway client: what each fault looks like to a caller.
import { IotpayBadResponseError, IotpayClient, IotpayOutcomeUnknownError, IotpayRejectedError } from "../../iotpay"
import { TEST_CARDS } from "../index"
import { control, MERCHANT, payHosted, startHarness, uid, waitFor, type Harness } from "./helpers"

let h: Harness
beforeAll(async () => {
  h = await startHarness({}, { headersTimeoutMs: 500, bodyTimeoutMs: 500, queryRetries: 0 })
})
afterAll(() => h.close())
afterEach(async () => {
  await control(h.sb, "DELETE", "faults")
})

async function paidPayOrderId(): Promise<string> {
  const { mchOrderNo } = await payHosted(h, TEST_CARDS.visa.number)
  return (await h.client.query({ mchOrderNo })).payOrderId
}

it("validates fault specs", async () => {
  expect((await control(h.sb, "POST", "faults", { endpoint: "cc_nope", http500: true })).status).toBe(400)
  expect((await control(h.sb, "POST", "faults", { endpoint: "cc_query" })).status).toBe(400)
  expect((await control(h.sb, "POST", "faults", { notify: "explode" })).status).toBe(400)
  expect((await control(h.sb, "POST", "faults", { endpoint: "cc_query", latencyMs: -1 })).status).toBe(400)
  const ok = await control(h.sb, "POST", "faults", { endpoint: "cc_query", latencyMs: 1, times: 0 })
  expect(ok.json.endpoints).toEqual([{ endpoint: "cc_query", latencyMs: 1, remaining: null }])
  expect((await control(h.sb, "DELETE", "faults")).json).toEqual({ endpoints: [], notify: [] })
})

it("latencyMs delays the answer, for `times` requests only", async () => {
  const payOrderId = await paidPayOrderId()
  await control(h.sb, "POST", "faults", { endpoint: "cc_query", latencyMs: 300 })
  let t = Date.now()
  await h.client.query({ payOrderId })
  expect(Date.now() - t).toBeGreaterThanOrEqual(290)
  t = Date.now()
  await h.client.query({ payOrderId })
  expect(Date.now() - t).toBeLessThan(200)
})

it("latency past the client's timeout on a refund: outcome unknown, and the refund did happen", async () => {
  const payOrderId = await paidPayOrderId()
  // Well past the 500 ms timeout: undici's timers are coarse (up to ~1 s late).
  await control(h.sb, "POST", "faults", { endpoint: "cc_refund", latencyMs: 4000 })
  const mchRefundNo = uid("R")
  const err = await h.client.refund({ payOrderId, mchRefundNo, refundAmount: 100 }).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(IotpayOutcomeUnknownError)
  expect(h.sb.order(mchRefundNo)).toBeUndefined() // still sleeping: the client left before the work was done
  await waitFor(() => h.sb.order(mchRefundNo), 8000, "the delayed refund")
  expect(await h.client.query({ mchOrderNo: mchRefundNo })).toMatchObject({ amount: 100, payType: "refund" })
}, 15_000)

it("http500: HTTP 500 and nothing committed", async () => {
  const payOrderId = await paidPayOrderId()
  await control(h.sb, "POST", "faults", { endpoint: "cc_refund", http500: true })
  const mchRefundNo = uid("R")
  const err = await h.client.refund({ payOrderId, mchRefundNo, refundAmount: 100 }).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(IotpayBadResponseError)
  expect((err as IotpayBadResponseError).status).toBe(500)
  const missing = await h.client.query({ mchOrderNo: mchRefundNo }).catch((e: unknown) => e)
  expect((missing as IotpayRejectedError).retMsg).toBe("merchant order id does not exist")
  expect((await h.client.query({ payOrderId })).refundable).toBe(1500)
  // The fault was for one request: the retry with the same mchRefundNo goes through.
  expect((await h.client.refund({ payOrderId, mchRefundNo, refundAmount: 100 })).refundable).toBe(1400)
})

it("http500 on cc_query is absorbed by the client's read-only retry", async () => {
  const payOrderId = await paidPayOrderId()
  const retrying = new IotpayClient({ ...MERCHANT, apiBase: h.sb.apiBase, queryRetries: 1, retryBackoffMs: 10 })
  try {
    await control(h.sb, "POST", "faults", { endpoint: "cc_query", http500: true })
    expect((await retrying.query({ payOrderId })).status).toBe(2)
  } finally {
    await retrying.close()
  }
})

it("invalidJson: the refund is committed but the answer is unparsable", async () => {
  const payOrderId = await paidPayOrderId()
  await control(h.sb, "POST", "faults", { endpoint: "cc_refund", invalidJson: true })
  const mchRefundNo = uid("R")
  const err = await h.client.refund({ payOrderId, mchRefundNo, refundAmount: 200 }).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(IotpayBadResponseError)
  expect(await h.client.query({ mchOrderNo: mchRefundNo })).toMatchObject({ amount: 200 })
  // The caller's safe recovery: retry with the same mchRefundNo → the same refund, no second one.
  const retried = await h.client.refund({ payOrderId, mchRefundNo, refundAmount: 200 })
  expect(retried.mchOrderNo).toBe(mchRefundNo)
  expect((await h.client.query({ payOrderId })).refundable).toBe(1300)
})

it("commitThenHang: the client gives up (outcome unknown) and a later query by mchRefundNo shows the refund", async () => {
  const payOrderId = await paidPayOrderId()
  await control(h.sb, "POST", "faults", { endpoint: "cc_refund", commitThenHang: true })
  const mchRefundNo = uid("R")
  const err = await h.client.refund({ payOrderId, mchRefundNo, refundAmount: 300 }).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(IotpayOutcomeUnknownError)
  expect(await h.client.query({ mchOrderNo: mchRefundNo })).toMatchObject({
    payType: "refund",
    amount: 300,
    originalOrderId: payOrderId,
    refundable: 1200,
  })
})

it("commitThenHang on cc_void, `times: 0` until cleared", async () => {
  await control(h.sb, "POST", "faults", { endpoint: "cc_void", commitThenHang: true, times: 0 })
  for (let i = 0; i < 2; i++) {
    const payOrderId = await paidPayOrderId()
    const mchRefundNo = uid("V")
    await expect(h.client.void({ payOrderId, mchRefundNo })).rejects.toBeInstanceOf(IotpayOutcomeUnknownError)
    expect((await h.client.query({ payOrderId })).refundable).toBe(0)
  }
  await control(h.sb, "DELETE", "faults")
  const payOrderId = await paidPayOrderId()
  expect((await h.client.void({ payOrderId, mchRefundNo: uid("V") })).refundable).toBe(0)
})

it("faults on one endpoint leave the others alone", async () => {
  await control(h.sb, "POST", "faults", { endpoint: "cc_void", http500: true })
  const payOrderId = await paidPayOrderId()
  expect((await h.client.refund({ payOrderId, mchRefundNo: uid("R"), refundAmount: 1 })).refundable).toBe(1499)
  expect((await control(h.sb, "GET", "faults")).json.endpoints).toHaveLength(1)
})
