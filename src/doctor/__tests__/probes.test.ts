// The safe probes: what the doctor says when the address, the credentials or the test payment are not right, and
// that the secret key never appears in what it prints.
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { runDoctor, formatReport } from "../index"
import { CARDS, MERCHANT, doctorAgainst, finding, withSandbox } from "./helpers"

const quick = { pollIntervalMs: 20, paymentTimeoutMs: 300, timeoutMs: 1000 }

it("an address where nothing listens is unreachable (exit 3)", async () => {
  const report = await runDoctor({ ...MERCHANT, ...quick, apiBase: "http://127.0.0.1:9/v3" })
  expect(report.exitCode).toBe(3)
  expect(finding(report, "reachable").status).toBe("problem")
})

it("a server that is not IOTPay is reported as such (exit 3)", async () => {
  const server = createServer((_req, res) => res.end("<html>hello</html>")).listen(0, "127.0.0.1")
  await new Promise((resolve) => server.once("listening", resolve))
  try {
    const port = (server.address() as AddressInfo).port
    const report = await runDoctor({ ...MERCHANT, ...quick, apiBase: `http://127.0.0.1:${port}/v3` })
    expect(report.exitCode).toBe(3)
    expect(finding(report, "reachable").answer).toMatch(/not with IOTPay's retCode envelope/)
  } finally {
    server.close()
  }
})

it.each([
  ["secret key", { secretKey: "NOT-THE-KEY-123456" }, /signature/],
  ["merchant id", { merchantId: "10000000" }, /does not know merchant/],
  ["login name", { loginName: "nobody" }, /login-name/],
])("a wrong %s is refused credentials (exit 2)", async (_what, wrong, answer) => {
  await withSandbox({}, async (sandbox) => {
    const report = await runDoctor({ ...MERCHANT, ...quick, apiBase: sandbox.apiBase, ...wrong })
    expect(report.exitCode).toBe(2)
    expect(report.findings.map((f) => f.answer).join("\n")).toMatch(answer)
  })
})

it("without a test payment: credentials, IOTPay's 'no such order' and the query signature check; no money", async () => {
  await withSandbox({}, async (sandbox) => {
    const report = await runDoctor({ ...MERCHANT, ...quick, apiBase: sandbox.apiBase })
    expect(report.exitCode).toBe(0)
    expect(finding(report, "credentials").status).toBe("ok")
    expect(finding(report, "not-found-answer").answer).toMatch(/errCode 0112/)
    expect(finding(report, "query-signature-checked").status).toBe("ok")
    expect(finding(report, "response-signing").status).toBe("unanswered")
    expect(sandbox.orders()).toEqual([])
    const printed = formatReport(report, MERCHANT.secretKey) + JSON.stringify(report)
    expect(printed).not.toContain(MERCHANT.secretKey)
  })
})

it("answers whose sign does not verify are a problem, and the option is 'off'", async () => {
  await withSandbox({}, async (sandbox) => {
    sandbox.addFault({ endpoint: "cc_query", badSignature: true, times: 0 })
    const report = await doctorAgainst(sandbox, { notifyUrl: `${sandbox.url}/_sink` })
    expect(finding(report, "response-signing").status).toBe("problem")
    expect(report.options.verifyResponseSignatures).toBe("off")
    expect(finding(report, "money-returned").status).toBe("ok")
  })
})

it("a declined test payment, or one never paid, ends with exit 4 and nothing to give back", async () => {
  await withSandbox({}, async (sandbox) => {
    const declined = await doctorAgainst(sandbox, {}, CARDS.declined)
    expect(declined.exitCode).toBe(4)
    expect(finding(declined, "test-payment").answer).toMatch(/declined/)
    const unpaid = await doctorAgainst(sandbox, { paymentTimeoutMs: 100 }, null)
    expect(unpaid.exitCode).toBe(4)
    expect(finding(unpaid, "test-payment").answer).toMatch(/Not paid within/)
  })
})

it("the evidence and the printed report never hold the secret key, even if IOTPay echoed it", async () => {
  await withSandbox({}, async (sandbox) => {
    const report = await doctorAgainst(sandbox)
    report.findings[0].answer += ` echo ${MERCHANT.secretKey}`
    expect(formatReport(report, MERCHANT.secretKey)).not.toContain(MERCHANT.secretKey)
    expect(JSON.stringify(report.findings.slice(1))).not.toContain(MERCHANT.secretKey)
    expect(JSON.stringify(report)).toContain('"sign":"[redacted]"')
  })
})
