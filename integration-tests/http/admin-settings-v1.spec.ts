// Settings → IOTPay for the v1 wallets (WeChat Pay, Alipay, UnionPay): the v1 part of each entry, "Test connection"
// asking v1's query_order next to V3's cc_query, the inbox's paging, and "Run go-live check" (the doctor's safe
// probes) — over HTTP against real Medusa and the sandbox.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { adminHeaders } from "../helpers/admin"
import { postNotify, signed } from "../helpers/notify"
import { MERCHANT, useIotpayStack, waitFor } from "../helpers/stack"

jest.setTimeout(180_000)

const stack = useIotpayStack()

const WRONG_KEY = "not-the-v1-merchant-secret-key"
/** Port 9 (discard): nothing listens there on a test machine. */
const OFFLINE_V1 = "http://127.0.0.1:9/v1"

// More entries (medusa-config's IOTPAY_EXTRA_PROVIDERS) over the stack's options, set before Medusa boots: a wrong
// secret key, a v1 host nothing answers on (V3 still the sandbox), IOTPay's production v1 host (listed, never called).
beforeAll(() => {
  process.env.IOTPAY_EXTRA_PROVIDERS = JSON.stringify([
    { id: "v1-wrongkey", secretKey: WRONG_KEY },
    { id: "v1-offline", v1ApiBase: OFFLINE_V1 },
    { id: "v1-live", secretKey: "v1-live-key", v1ApiBase: "https://api.iotpaycloud.com/v1", currencies: "USD,CNY" },
  ])
})

afterAll(() => {
  delete process.env.IOTPAY_EXTRA_PROVIDERS
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }

    beforeEach(async () => {
      stack.sandbox.clearFaults()
      admin = await adminHeaders(getContainer())
    })

    const testConnection = async (id: string) =>
      (await api.post(`/admin/iotpay/providers/${id}/test-connection`, {}, admin)).data as { check: any; v1Check: any }

    it("lists each entry's v1 API base, refund query and the three v1 services with their channels, no secret", async () => {
      const { data } = await api.get("/admin/iotpay/providers", admin)
      expect(data.v1.map((v: any) => v.id)).toEqual(data.providers.map((p: any) => p.id))
      const byId = Object.fromEntries(data.v1.map((v: any) => [v.id, v]))
      expect(byId.iotpay).toEqual({
        id: "iotpay",
        v1ApiBase: stack.sandbox.v1.apiBase,
        mode: "sandbox",
        refundQueryPath: "query_refund_order",
        refundClientIp: null,
        currencies: ["CAD"],
        services: [
          {
            providerId: "pp_iotpay-wechat_iotpay",
            what: "WeChat Pay: QR code, or inside WeChat's browser",
            channels: ["WX_NATIVE", "WX_JSAPI"],
            currencies: ["CAD"],
          },
          {
            providerId: "pp_iotpay-alipay_iotpay",
            what: "Alipay: desktop cashier, or mobile",
            channels: ["ALIPAY_PC", "ALIPAY_WAP"],
            currencies: ["CAD"],
          },
          {
            providerId: "pp_iotpay-unionpay_iotpay",
            what: "UnionPay online cashier",
            channels: ["UPI_SEQ"],
            currencies: ["CAD"],
          },
        ],
        trustedProxies: [],
        untrustedProxies: [],
      })
      expect(byId["v1-live"]).toMatchObject({ mode: "live", v1ApiBase: "https://api.iotpaycloud.com/v1" })
      // A US merchant's entry that also prices a region in CNY: each service shows what it takes there.
      expect(byId["v1-live"].currencies).toEqual(["USD", "CNY"])
      expect(byId["v1-live"].services.map((s: any) => s.currencies)).toEqual([
        ["USD", "CNY"],
        ["USD", "CNY"],
        ["USD", "CNY"],
      ])
      expect(byId["v1-offline"].services.map((s: any) => s.providerId)).toEqual([
        "pp_iotpay-wechat_v1-offline",
        "pp_iotpay-alipay_v1-offline",
        "pp_iotpay-unionpay_v1-offline",
      ])
      const text = JSON.stringify(data)
      for (const secret of [MERCHANT.secretKey, WRONG_KEY, "v1-live-key"]) expect(text).not.toContain(secret)
    })

    it('Test connection asks v1 too: a signed query_order for a number that cannot exist is "credentials accepted"', async () => {
      const { check, v1Check } = await testConnection("iotpay")
      expect(check).toMatchObject({ outcome: "accepted", url: `${stack.sandbox.apiBase}/cc_query` })
      expect(v1Check).toMatchObject({
        providerId: "iotpay",
        outcome: "accepted",
        errorCode: "0112",
        url: `${stack.sandbox.v1.apiBase}/query_order`,
      })
      expect(v1Check.message).toMatch(/credentials accepted/i)
      expect(v1Check.mchOrderNo.length).toBeLessThanOrEqual(30)
      expect(stack.sandbox.v1.order(v1Check.mchOrderNo)).toBeUndefined()
      expect(stack.sandbox.v1.orders()).toEqual([]) // a query changes nothing
    })

    it('Test connection: a wrong v1 secret key is "signature refused" (0013), reported apart from V3', async () => {
      const { check, v1Check } = await testConnection("v1-wrongkey")
      expect(v1Check).toMatchObject({
        outcome: "signature_refused",
        errorCode: "0013",
        url: `${stack.sandbox.v1.apiBase}/query_order`,
      })
      expect(v1Check.message).toMatch(/signature refused/i)
      expect(v1Check.detail).toMatch(/signature error/i)
      expect(check).toMatchObject({ outcome: "signature_refused" })
      expect(JSON.stringify({ check, v1Check })).not.toContain(WRONG_KEY)
    })

    it('Test connection: a v1 host nothing answers on is "unreachable" with its URL, while V3 is accepted', async () => {
      const { check, v1Check } = await testConnection("v1-offline")
      expect(check.outcome).toBe("accepted")
      expect(v1Check).toMatchObject({ outcome: "unreachable", url: `${OFFLINE_V1}/query_order` })
      expect(v1Check.ms).toBeLessThan(15_000)
    })

    it("Test connection: a v1 system error or HTTP 500 is an unexpected answer, redacted", async () => {
      stack.sandbox.addFault({ endpoint: "query_order", systemError: true })
      const { check, v1Check } = await testConnection("iotpay")
      expect(check.outcome).toBe("accepted")
      expect(v1Check).toMatchObject({ outcome: "unexpected", errorCode: "0010" })
      expect(v1Check.detail).toMatch(/system error/i)
      stack.sandbox.addFault({ endpoint: "query_order", http500: true })
      expect((await testConnection("iotpay")).v1Check).toMatchObject({
        outcome: "unexpected",
        detail: "HTTP status 500",
      })
      expect(JSON.stringify(v1Check)).not.toContain(MERCHANT.secretKey)
    })

    it("the notify inbox pages by offset and limit with the total count", async () => {
      const payOrderIds = ["PCPAGE0000001", "PCPAGE0000002", "PCPAGE0000003"]
      for (const payOrderId of payOrderIds) {
        const body = signed(
          { payOrderId, mchId: MERCHANT.merchantId, mchOrderNo: `NOSESSION${payOrderId}`, amount: 100, status: 2 },
          MERCHANT.secretKey
        )
        expect((await postNotify(stack.medusaUrl, body)).status).toBe(200)
      }
      const page = async (query: string) =>
        (await api.get(`/admin/iotpay/activity?${query}`, admin)).data.activity.inbox
      await waitFor(async () => (await page("limit=50")).total >= 3, "three notifies in the inbox")
      const first = await page("limit=2&offset=0")
      expect(first).toMatchObject({ available: true, total: 3, limit: 2, offset: 0 })
      expect(first.notifies).toHaveLength(2)
      const second = await page("limit=2&offset=2")
      expect(second).toMatchObject({ total: 3, limit: 2, offset: 2 })
      expect(second.notifies).toHaveLength(1)
      const seen = [...first.notifies, ...second.notifies].map((n: any) => n.payOrderId)
      expect(seen.sort()).toEqual(payOrderIds)
      expect((await page("limit=2&offset=4")).notifies).toEqual([])
    })

    it("Run go-live check: the doctor's safe probes for V3 and v1, no money moved, the key never in the report", async () => {
      const v3Before = stack.sandbox.orders().length
      const { data } = await api.post("/admin/iotpay/providers/iotpay/doctor", {}, admin)
      const status = Object.fromEntries(data.report.findings.map((f: any) => [f.id, f.status]))
      expect(status).toMatchObject({
        reachable: "ok",
        credentials: "ok",
        "login-name": "ok",
        "v1-reachable": "ok",
        "v1-credentials": "ok",
        "v1-query-signature-checked": "ok",
        "notify-delivery": "unanswered",
        "v1-notify-delivery": "unanswered",
      })
      expect(data.report).toMatchObject({ completed: true, exitCode: 0, v1ApiBase: stack.sandbox.v1.apiBase })
      expect(data.report.options).toEqual({ v1ApiBase: stack.sandbox.v1.apiBase })
      expect(data.text).toMatch(/credentials accepted: answered retCode SUCCESS, resCode FAIL, errCode 0112/)
      expect(stack.sandbox.orders()).toHaveLength(v3Before)
      expect(stack.sandbox.v1.orders()).toEqual([])
      expect(JSON.stringify(data)).not.toContain(MERCHANT.secretKey)

      const wrong = (await api.post("/admin/iotpay/providers/v1-wrongkey/doctor", {}, admin)).data
      expect(wrong.report.exitCode).toBe(2)
      expect(wrong.report.findings.find((f: any) => f.id === "v1-credentials").answer).toMatch(
        /^No, signature refused: answered retCode FAIL, resCode -, errCode 0013/
      )
      expect(JSON.stringify(wrong)).not.toContain(WRONG_KEY)

      const unknown = await api.post("/admin/iotpay/providers/nope/doctor", {}, admin).catch((e: any) => e.response)
      expect(unknown.status).toBe(404)
      const anonymous = await api.post("/admin/iotpay/providers/iotpay/doctor", {}).catch((e: any) => e.response)
      expect(anonymous.status).toBe(401)
    })
  },
})
