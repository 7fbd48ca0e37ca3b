// Endpoint fault injection, seen through the gateway client: what each fault looks like to a caller.
import { IotpayBadResponseError, IotpayClient, IotpayOutcomeUnknownError, IotpayRejectedError } from "../../iotpay"
import { FaultSpecError } from "../index"
import { verify } from "../sign"
import { control, MERCHANT, paidPayOrderId as paid, startHarness, uid, v3, waitFor, type Harness } from "./helpers"

let h: Harness
/** For the calls whose answer is late or lost: gives up after 0.3 s (h.client waits as long as a merchant would). */
let quick: IotpayClient
beforeAll(async () => {
  h = await startHarness({}, { queryRetries: 0 })
  quick = new IotpayClient({ ...MERCHANT, apiBase: h.sb.apiBase, headersTimeoutMs: 300, bodyTimeoutMs: 300 })
})
afterAll(async () => {
  await quick.close()
  await h.close()
})
afterEach(async () => {
  await control(h.sb, "DELETE", "faults")
})

const paidPayOrderId = () => paid(h, 1500)

it("validates fault specs", async () => {
  expect((await control(h.sb, "POST", "faults", { endpoint: "cc_nope", http500: true })).status).toBe(400)
  expect((await control(h.sb, "POST", "faults", { endpoint: "cc_query" })).status).toBe(400)
  expect((await control(h.sb, "POST", "faults", { notify: "explode" })).status).toBe(400)
  expect((await control(h.sb, "POST", "faults", { endpoint: "cc_query", latencyMs: -1 })).status).toBe(400)
  const ok = await control(h.sb, "POST", "faults", { endpoint: "cc_query", latencyMs: 1, times: 0 })
  expect(ok.json.endpoints).toEqual([{ endpoint: "cc_query", latencyMs: 1, remaining: null }])
  expect((await control(h.sb, "DELETE", "faults")).json).toEqual({ endpoints: [], notify: [] })
})

it.each([
  [{ endpoint: "cc_query", resultStatus: 9 }, "resultStatus applies to cc_refund, cc_void and refund_order only"],
  [{ endpoint: "refund_order", resultStatus: 9 }, "resultStatus must be one of 0, 1, 3"],
  [{ endpoint: "cc_refund", resultStatus: 2 }, "resultStatus must be one of 0, 1, 9"],
  [{ endpoint: "cc_void", resultStatus: "9" }, "resultStatus must be one of 0, 1, 9"],
  [{ endpoint: "cc_query", systemError: "yes" }, "systemError must be a boolean"],
  [{ endpoint: "cc_query", badSignature: 1 }, "badSignature must be a boolean"],
  [
    { endpoint: "cc_query", systemError: false },
    "endpoint fault needs one of latencyMs, http500, invalidJson, commitThenHang, systemError, badSignature, resultStatus",
  ],
])("refuses the fault spec %j", async (spec, error) => {
  expect(await control(h.sb, "POST", "faults", spec)).toEqual({ status: 400, json: { error } })
})

it("the in-process API adds, lists and clears the same faults", () => {
  expect(h.sb.addFault({ endpoint: "cc_void", resultStatus: 0, times: 2 })).toMatchObject({
    resultStatus: 0,
    remaining: 2,
  })
  expect(() => h.sb.addFault({ endpoint: "cc_void" })).toThrow(FaultSpecError)
  expect(h.sb.faults().endpoints).toHaveLength(1)
  h.sb.clearFaults()
  expect(h.sb.faults()).toEqual({ endpoints: [], notify: [] })
})

it("systemError on cc_query: FAIL 'system error' errCode 0010 (not 'does not exist'), once", async () => {
  const payOrderId = await paidPayOrderId()
  await control(h.sb, "POST", "faults", { endpoint: "cc_query", systemError: true })
  expect(await v3(h.sb, "cc_query", { payOrderId })).toEqual({
    retCode: "FAIL",
    retMsg: "system error",
    errCode: "0010",
  })
  expect((await v3(h.sb, "cc_query", { payOrderId })).retCode).toBe("SUCCESS")
})

it("systemError on cc_refund commits nothing", async () => {
  const payOrderId = await paidPayOrderId()
  h.sb.addFault({ endpoint: "cc_refund", systemError: true })
  const mchRefundNo = uid("R")
  expect((await v3(h.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 100 })).retMsg).toBe("system error")
  expect(h.sb.order(mchRefundNo)).toBeUndefined()
  expect(h.sb.order(payOrderId)?.refundable).toBe(1500)
})

it("badSignature: the refund is committed, the answer's retData carries a well-formed wrong sign", async () => {
  const payOrderId = await paidPayOrderId()
  await control(h.sb, "POST", "faults", { endpoint: "cc_refund", badSignature: true })
  const mchRefundNo = uid("R")
  const answer = await v3(h.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 100 })
  expect(answer).toMatchObject({ retCode: "SUCCESS", retData: { mchOrderNo: mchRefundNo, refundable: 1400 } })
  expect(answer.retData?.sign).toMatch(/^[0-9A-F]{32}$/)
  expect(verify(answer.retData!, MERCHANT.secretKey)).toBe(false)
  expect(h.sb.order(payOrderId)?.refundable).toBe(1400)
  const next = await v3(h.sb, "cc_query", { mchOrderNo: mchRefundNo })
  expect(verify(next.retData!, MERCHANT.secretKey)).toBe(true) // one request only
})

it("badSignature works on any endpoint, e.g. cc_query, through the client: it refuses the answer", async () => {
  const payOrderId = await paidPayOrderId()
  h.sb.addFault({ endpoint: "cc_query", badSignature: true })
  await expect(h.client.query({ payOrderId })).rejects.toBeInstanceOf(IotpayBadResponseError)
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
  // Well past the client's 300 ms timeout, so the client has left before the sandbox does the work.
  await control(h.sb, "POST", "faults", { endpoint: "cc_refund", latencyMs: 700 })
  const mchRefundNo = uid("R")
  const err = await quick.refund({ payOrderId, mchRefundNo, refundAmount: 100 }).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(IotpayOutcomeUnknownError)
  expect(h.sb.order(mchRefundNo)).toBeUndefined() // still sleeping: the client left before the work was done
  await waitFor(() => h.sb.order(mchRefundNo), "the delayed refund")
  expect(await h.client.query({ mchOrderNo: mchRefundNo })).toMatchObject({ amount: 100, payType: "refund" })
})

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
  const err = await quick.refund({ payOrderId, mchRefundNo, refundAmount: 300 }).catch((e: unknown) => e)
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
    await expect(quick.void({ payOrderId, mchRefundNo })).rejects.toBeInstanceOf(IotpayOutcomeUnknownError)
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
