// The answer no sandbox mode gives: a gateway that does NOT deduplicate mchRefundNo (a repeat refunds again). A proxy
// in front of the sandbox makes every cc_refund number unique, as such a gateway would behave; the doctor must call
// it a problem and still give every cent back.
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { withSignature } from "../../iotpay"
import { MERCHANT, doctorAgainst, finding, withSandbox } from "./helpers"

function nonDeduplicatingProxy(target: string): Promise<Server> {
  let n = 0
  const server = createServer(async (req, res) => {
    let body = ""
    for await (const chunk of req) body += chunk
    const fields = JSON.parse(body) as Record<string, unknown>
    const forwarded = req.url!.endsWith("/cc_refund")
      ? withSignature(
          { ...fields, mchRefundNo: `${String(fields.mchRefundNo).slice(0, 26)}X${++n}` },
          MERCHANT.secretKey
        )
      : fields
    const answer = await fetch(`${target}${req.url}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(forwarded),
    })
    res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text())
  })
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)))
}

it("a repeated mchRefundNo that refunds again is a problem with no option to set, and the money still comes back", async () => {
  await withSandbox({}, async (sandbox) => {
    const proxy = await nonDeduplicatingProxy(sandbox.url)
    try {
      const apiBase = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v3`
      const report = await doctorAgainst(sandbox, { apiBase })
      const repeated = finding(report, "repeated-refund-no")
      expect(repeated.status).toBe("problem")
      expect(repeated.answer).toMatch(/A SECOND reversal/)
      expect(report.options.repeatedRefundNo).toBeUndefined()
      expect(finding(report, "money-returned").status).toBe("ok")
      expect(sandbox.order(report.testPayment!.payOrderId!)!.refundable).toBe(0)
    } finally {
      proxy.closeAllConnections()
      proxy.close()
    }
  })
})
