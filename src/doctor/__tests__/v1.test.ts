// The v1 questions (WeChat Pay, Alipay, UnionPay through IOTPay's v1 API) against the sandbox's /v1/: the safe
// probes' answers for right and wrong credentials, and the WX_NATIVE test payment in every sandbox mode that changes
// a v1 answer (signed answers, a repeated mchRefundNo, the refund query's path), each mapped to its option.
import { runDoctor, formatReport } from "../index"
import { MERCHANT, doctorAgainst, finding, withSandbox } from "./helpers"

const quick = { pollIntervalMs: 20, paymentTimeoutMs: 300, timeoutMs: 1000 }

it("safe probes: query_order of an impossible number is 'no such order' (credentials accepted); nothing is created", async () => {
  await withSandbox({}, async (sandbox) => {
    const report = await runDoctor({ ...MERCHANT, ...quick, apiBase: sandbox.apiBase, v1ApiBase: sandbox.v1.apiBase })
    expect(report.exitCode).toBe(0)
    expect(report.v1ApiBase).toBe(sandbox.v1.apiBase)
    expect(finding(report, "v1-reachable").status).toBe("ok")
    const credentials = finding(report, "v1-credentials")
    expect(credentials.status).toBe("ok")
    expect(credentials.answer).toMatch(
      /^Yes, credentials accepted: answered retCode SUCCESS, resCode FAIL, errCode 0112/
    )
    expect(credentials.answer).toMatch(/unsigned/) // a refusal carries no sign (docs/iotpay-v1-protocol.md §2)
    expect(finding(report, "v1-query-signature-checked").status).toBe("ok")
    expect(finding(report, "v1-response-signing").status).toBe("unanswered")
    for (const id of ["notify-delivery", "v1-notify-delivery"]) {
      expect(finding(report, id)).toMatchObject({ status: "unanswered" })
      expect(finding(report, id).answer).toMatch(/^Not asked: run with --with-test-payment --notify-listen PORT/)
    }
    expect(report.options).toEqual({ v1ApiBase: sandbox.v1.apiBase })
    expect(sandbox.v1.orders()).toEqual([])
    expect(sandbox.orders()).toEqual([])
    const printed = formatReport(report, MERCHANT.secretKey) + JSON.stringify(report)
    expect(printed).not.toContain(MERCHANT.secretKey)
  })
})

it("a wrong secret key is 'signature refused' on v1 too (retCode FAIL, errCode 0013; exit 2)", async () => {
  await withSandbox({}, async (sandbox) => {
    const report = await runDoctor({
      ...MERCHANT,
      ...quick,
      secretKey: "NOT-THE-KEY-123456",
      apiBase: sandbox.apiBase,
      v1ApiBase: sandbox.v1.apiBase,
    })
    expect(report.exitCode).toBe(2)
    const credentials = finding(report, "v1-credentials")
    expect(credentials.status).toBe("problem")
    expect(credentials.answer).toMatch(/^No, signature refused: answered retCode FAIL, resCode -, errCode 0013/)
    expect(JSON.stringify(report)).not.toContain("NOT-THE-KEY-123456")
  })
})

it("a v1 address where nothing listens is unreachable (exit 3), whatever V3 answered", async () => {
  await withSandbox({}, async (sandbox) => {
    const report = await runDoctor({
      ...MERCHANT,
      ...quick,
      apiBase: sandbox.apiBase,
      v1ApiBase: "http://127.0.0.1:9/v1",
    })
    expect(finding(report, "credentials").status).toBe("ok")
    expect(finding(report, "v1-reachable")).toMatchObject({ status: "problem" })
    expect(finding(report, "v1-reachable").answer).toMatch(/Check --v1-api-base/)
    expect(report.exitCode).toBe(3)
  })
})

const MODES = [true, false].flatMap((signResponses) =>
  (["replay", "refuse"] as const).flatMap((repeatedRefundNo) =>
    ["query_refund_order", "no_such_refund_query"].map((v1RefundQueryPath) => ({
      signResponses,
      repeatedRefundNo,
      v1RefundQueryPath,
    }))
  )
)

describe.each(MODES)("v1 test payment, sandbox mode %o", ({ v1RefundQueryPath, ...mode }) => {
  it("reports the mode, recommends its options, reports the notify, and gives every cent back", async () => {
    await withSandbox(mode, async (sandbox) => {
      const report = await doctorAgainst(sandbox, { v1RefundQueryPath }, undefined, { action: "approve" })
      const queryFound = v1RefundQueryPath === "query_refund_order"
      expect(finding(report, "v1-test-payment").status).toBe("ok")
      expect(report.v1TestPayment).toMatchObject({ amountCents: 2, codeUrl: expect.stringMatching(/^weixin:\/\//) })
      expect(report.v1TestPayment!.walletPage).toBe(
        `${sandbox.url}/v1/scan?code=${encodeURIComponent(report.v1TestPayment!.codeUrl!)}`
      )
      // One option for both APIs: the sandbox signs V3 and v1 answers alike.
      expect(report.options).toEqual({
        verifyResponseSignatures: mode.signResponses ? "required" : "if-present",
        reversalLookup: "query-by-number",
        repeatedRefundNo: mode.repeatedRefundNo,
        v1ApiBase: sandbox.v1.apiBase,
        ...(queryFound ? { v1RefundQueryPath } : {}),
      })
      expect(finding(report, "v1-response-signing").status).toBe("ok")
      expect(finding(report, "v1-refund").status).toBe("ok")
      expect(finding(report, "v1-refund-query").answer).toMatch(
        queryFound ? /^Yes/ : /^No: .*Leave v1RefundQueryPath unset/
      )
      const repeated = finding(report, "v1-repeated-refund-no")
      if (mode.repeatedRefundNo === "replay") {
        expect(repeated).toMatchObject({ status: "ok", answer: expect.stringMatching(/^The original refund again/) })
      } else {
        expect(repeated.answer).toMatch(/^Refused \(retCode SUCCESS, resCode FAIL, errCode REFUND_NO_REUSED/)
        expect(repeated.status).toBe(queryFound ? "ok" : "warning")
      }
      expect(finding(report, "v1-money-returned")).toMatchObject({
        status: "ok",
        answer: "Yes: 1 + 1 cents refunded of 2.",
      })
      const notify = finding(report, "v1-notify-delivery")
      expect(notify.status).toBe("ok")
      expect(notify.answer).toMatch(
        /^POST \/notify; content type application\/x-www-form-urlencoded;charset=UTF-8; encoding UTF-8; fields in query string and form body; sign field "sign" verifies with the key/
      )
      expect(finding(report, "notify-delivery").answer).toMatch(
        /^POST \/notify; content type application\/json.*fields in JSON body/
      )
      const paid = sandbox.v1.order(report.v1TestPayment!.payOrderId!)!
      expect(paid).toMatchObject({ amount: 2, sandbox: { refunded: 2 } })
      expect(paid.sandbox.refunds).toHaveLength(2) // a repeated number never refunded twice
      expect(report.exitCode).toBe(0)
    })
  })
})

it("a v1 test payment the shopper cancels ends with exit 4 and nothing to give back", async () => {
  await withSandbox({}, async (sandbox) => {
    const report = await doctorAgainst(sandbox, {}, undefined, { action: "decline" })
    expect(report.exitCode).toBe(4)
    expect(finding(report, "v1-test-payment").answer).toMatch(/ended unpaid \(status 9/)
    expect(finding(report, "money-returned").status).toBe("ok") // the V3 part completed
  })
})

describe("v1 test payment in a US merchant's currency", () => {
  it("--v1-currency USD: the QR, both refunds and the give-back are in USD at IOTPay", async () => {
    await withSandbox({}, async (sandbox) => {
      const report = await doctorAgainst(sandbox, { v1Currency: "USD" }, undefined, { action: "approve" })
      expect(finding(report, "v1-test-payment")).toMatchObject({
        status: "ok",
        question: "Can a 0.02 USD WeChat Pay QR (WX_NATIVE) test payment be made and paid through v1?",
      })
      const paid = sandbox.v1.order(report.v1TestPayment!.payOrderId!)!
      expect(paid).toMatchObject({ amount: 2, currency: "USD", sandbox: { refunded: 2 } })
      expect(report.exitCode).toBe(0)
    })
  })
})
