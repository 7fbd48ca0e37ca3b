import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { startSandbox, type RunningSandbox } from "../../../sandbox"
import { parseProviderOptions } from "../../config/options"
import { checkConnection, modeOf, probeOrderNo, providerSummary } from "../provider-settings"

const MERCHANT = { merchantId: "10000701", loginName: "unit", secretKey: "unit-secret-key" }
const options = (over: Record<string, unknown>) =>
  parseProviderOptions({ ...MERCHANT, backendUrl: "https://api.shop.example", ...over })

describe("Settings → IOTPay: mode and summary", () => {
  it("LIVE only for https://ccapi.iotpaycloud.com, TEST only for https://ccdev.iotpaycloud.com, SANDBOX otherwise", () => {
    expect(modeOf("https://ccapi.iotpaycloud.com/v3")).toBe("live")
    expect(modeOf("https://ccdev.iotpaycloud.com/v3")).toBe("test")
    expect(modeOf("http://ccapi.iotpaycloud.com/v3")).toBe("sandbox") // not IOTPay's production endpoint
    expect(modeOf("https://ccapi.iotpaycloud.com:8443/v3")).toBe("sandbox")
    expect(modeOf("https://ccapi.iotpaycloud.com.evil.example/v3")).toBe("sandbox")
    expect(modeOf("http://127.0.0.1:4848/v3")).toBe("sandbox")
    expect(modeOf("not a url")).toBe("sandbox")
  })

  it("summarises an entry without its secret key; the default apiBase is LIVE", () => {
    const summary = providerSummary("iotpay-ca", options({}))
    expect(summary).toMatchObject({
      id: "iotpay-ca",
      mode: "live",
      notifyUrl: "https://api.shop.example/hooks/iotpay/iotpay-ca",
      secretKeySet: true,
      services: [{ providerId: "pp_iotpay_iotpay-ca" }, { providerId: "pp_iotpay-wallet_iotpay-ca" }],
    })
    expect(JSON.stringify(summary)).not.toContain(MERCHANT.secretKey)
  })

  it("probe numbers fit IOTPay's 30 characters and can never be a derived purchase or reversal number", () => {
    const n = probeOrderNo()
    expect(n.length).toBeLessThanOrEqual(30)
    // Derived numbers are a ULID (first character 0-7), or R/V/C followed by one.
    expect(n).not.toMatch(/^[RVC]?[0-7]/)
  })
})

describe("Test connection against the sandbox and stub servers", () => {
  let sandbox: RunningSandbox
  let hanging: Server
  beforeAll(async () => {
    sandbox = await startSandbox(MERCHANT)
    hanging = createServer(() => {}) // accepts, never answers
    await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r))
  })
  afterAll(async () => {
    await sandbox.close()
    hanging.closeAllConnections()
    await new Promise((r) => hanging.close(r))
  })

  it('credentials accepted: IOTPay answered "no such order" (0112)', async () => {
    const check = await checkConnection("iotpay", options({ apiBase: sandbox.apiBase }))
    expect(check).toMatchObject({ outcome: "accepted", errorCode: "0112", url: `${sandbox.apiBase}/cc_query` })
  })

  it("signature refused: wrong secret key (0013) or unknown merchant (0015)", async () => {
    expect(await checkConnection("x", options({ apiBase: sandbox.apiBase, secretKey: "wrong" }))).toMatchObject({
      outcome: "signature_refused",
      errorCode: "0013",
    })
    expect(await checkConnection("x", options({ apiBase: sandbox.apiBase, merchantId: "1" }))).toMatchObject({
      outcome: "signature_refused",
      errorCode: "0015",
    })
  })

  it("unreachable when the server never answers (timed out), with the URL", async () => {
    const { port } = hanging.address() as AddressInfo
    const apiBase = `http://127.0.0.1:${port}/v3`
    const check = await checkConnection("x", options({ apiBase, headersTimeoutMs: 300, bodyTimeoutMs: 300 }))
    expect(check).toMatchObject({ outcome: "unreachable", url: `${apiBase}/cc_query` })
    expect(check.ms).toBeLessThan(5_000)
  })

  it("an unexpected answer is shown redacted (a card number in retMsg is masked)", async () => {
    const odd = createServer((_req, res) => {
      res.setHeader("content-type", "application/json")
      res.end(JSON.stringify({ retCode: "FAIL", retMsg: "card 4242424242424242 blocked" }))
    })
    await new Promise<void>((r) => odd.listen(0, "127.0.0.1", r))
    try {
      const { port } = odd.address() as AddressInfo
      const check = await checkConnection("x", options({ apiBase: `http://127.0.0.1:${port}/v3` }))
      expect(check.outcome).toBe("unexpected")
      expect(check.detail).toContain("424242******4242")
      expect(JSON.stringify(check)).not.toContain("4242424242424242")
    } finally {
      odd.closeAllConnections()
      await new Promise((r) => odd.close(r))
    }
  })
})
