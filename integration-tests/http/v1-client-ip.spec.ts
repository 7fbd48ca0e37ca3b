import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore, type SeededStore } from "../../scripts/seed-store"
import { V1_CLIENT_IP_KEY } from "../../src/lib/client-ip/client-ip-forwarded"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { adminHeaders } from "../helpers/admin"
import { STOREFRONT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { Storefront, errorOf } from "../helpers/storefront"

// IOTPay v1's clientIp comes from the request Medusa sees (src/lib/client-ip/client-ip-request.ts), never from the storefront's
// data. Three entries of the same merchant: "iotpay" trusts no proxy; "proxied" trusts loopback (this test's client
// plays the proxy); "lb" trusts only 10.0.0.0/8, so this test's loopback connection is an untrusted peer there.
// This spec also runs v1 as merchants do by default: no refund query (IOTPAY_V1_REFUND_QUERY_PATH unset, which only
// the sandbox serves), so a refund whose answer was lost is settled by resending its number.
jest.setTimeout(180_000)

const stack = useIotpayStack()
const DIRECT = "pp_iotpay-wechat_iotpay"
const PROXIED = "pp_iotpay-wechat_proxied"
const PROXIED_ALIPAY = "pp_iotpay-alipay_proxied"
const LB = "pp_iotpay-wechat_lb"
const RETURN_URL = `${STOREFRONT}/checkout/iotpay-return`
const LOOPBACK = ["127.0.0.1", "::1"]
/** What a forging storefront puts in data: the old key, the plugin's own key. */
const FORGED = { return_url: RETURN_URL, client_ip: "198.51.100.66", [V1_CLIENT_IP_KEY]: "198.51.100.77" }

// Set after useIotpayStack's env and before Medusa boots (medusa-config's IOTPAY_EXTRA_PROVIDERS).
beforeAll(() => {
  delete process.env.IOTPAY_V1_REFUND_QUERY_PATH
  process.env.IOTPAY_EXTRA_PROVIDERS = JSON.stringify([
    { id: "proxied", trustedProxies: ["loopback"] },
    { id: "lb", trustedProxies: "10.0.0.0/8" },
  ])
})
afterAll(() => {
  delete process.env.IOTPAY_EXTRA_PROVIDERS
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let sf: Storefront

    beforeAll(async () => {
      store = await seedStore(getContainer(), "pp_iotpay_iotpay", [DIRECT, PROXIED, PROXIED_ALIPAY, LB])
    })
    beforeEach(() => {
      sf = new Storefront(api, store)
    })

    /** A payment session as a storefront (or its proxy) creates it, with extra request headers. */
    async function session(providerId: string, data: Record<string, unknown>, headers: Record<string, string> = {}) {
      const cart = await sf.cart()
      const { data: pc } = await api.post("/store/payment-collections", { cart_id: cart.id }, sf.headers)
      const { data: out } = await api.post(
        `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
        { provider_id: providerId, data },
        { headers: { ...sf.headers.headers, ...headers } }
      )
      const created = out.payment_collection.payment_sessions.find((s: any) => s.provider_id === providerId)
      return { cart, session: created as { data: Record<string, any> } }
    }
    /** The payment order the sandbox recorded, with the clientIp it received. */
    const atIotpay = (mchOrderNo: string) => {
      const order = stack.sandbox.v1.order(mchOrderNo)
      if (!order || !("clientIp" in order)) throw new Error(`the sandbox has no payment order ${mchOrderNo}`)
      return order
    }

    it("a forged client_ip (either key) is not what reaches IOTPay: the connection's address is", async () => {
      const { session: s } = await session(DIRECT, FORGED, { "x-forwarded-for": "198.51.100.88" })
      const sent = atIotpay(s.data.mchOrderNo).clientIp
      expect(LOOPBACK).toContain(sent)
      expect(s.data.clientIp).toBe(sent)
      expect(s.data.client_ip).toBeUndefined()
      expect(s.data[V1_CLIENT_IP_KEY]).toBeUndefined()
    })

    it("behind a trusted proxy: X-Forwarded-For's shopper address reaches IOTPay, not the hops the shopper wrote", async () => {
      const { session: s } = await session(PROXIED, FORGED, { "x-forwarded-for": "198.51.100.1, 203.0.113.7" })
      expect(atIotpay(s.data.mchOrderNo).clientIp).toBe("203.0.113.7")
      expect(s.data.clientIp).toBe("203.0.113.7")

      // Proxies in a chain (all loopback here) are skipped; an IPv6 shopper is sent compressed (≤ 32 characters).
      const v6 = await session(
        PROXIED_ALIPAY,
        { return_url: RETURN_URL },
        {
          "x-forwarded-for": "2001:0db8:0000:0000:0000:0000:0000:0007, 127.0.0.1, ::1",
        }
      )
      expect(atIotpay(v6.session.data.mchOrderNo).clientIp).toBe("2001:db8::7")
      const full = await session(
        PROXIED,
        { return_url: RETURN_URL },
        {
          "x-forwarded-for": "[2001:db8:1234:5678:9abc:def0:1234:5678]:443",
        }
      )
      const long = atIotpay(full.session.data.mchOrderNo).clientIp
      expect(long).toBe("2001:db8:1234:5678::")
      expect(long.length).toBeLessThanOrEqual(32)
    })

    it("from a peer that is not a trusted proxy, X-Forwarded-For is ignored", async () => {
      const { session: s } = await session(LB, FORGED, { "x-forwarded-for": "203.0.113.7" })
      expect(LOOPBACK).toContain(atIotpay(s.data.mchOrderNo).clientIp)
    })

    it("no client IP (a trusted proxy that sent no X-Forwarded-For, or garbage there): a 400, nothing sent", async () => {
      const before = stack.sandbox.v1.orders().length
      const missing = await errorOf(session(PROXIED, FORGED))
      expect(missing.status).toBe(400)
      expect(missing.data.message).toMatch(/requires the shopper's IP address/)
      expect(missing.data.message).toMatch(/without an X-Forwarded-For header.*trustedProxies option of the "proxied"/)
      const garbage = await errorOf(session(PROXIED, FORGED, { "x-forwarded-for": "203.0.113.7, <not-an-ip>" }))
      expect(garbage.status).toBe(400)
      expect(garbage.data.message).toMatch(/X-Forwarded-For header holds an entry that is not an IP address/)
      expect(garbage.data.message).not.toContain("not-an-ip")
      expect(stack.sandbox.v1.orders()).toHaveLength(before)
    })

    it("the IP read at initiate is the one IOTPay sees through checkout: paid → order", async () => {
      const { cart, session: s } = await session(PROXIED, FORGED, { "x-forwarded-for": "203.0.113.9" })
      stack.sandbox.v1.act(s.data.mchOrderNo, "approve")
      await waitFor(async () => {
        const ids = await ordersOfCart(getContainer(), cart.id)
        return ids.length ? ids : null
      }, "the order the v1 notify creates")
      expect(atIotpay(s.data.mchOrderNo)).toMatchObject({ clientIp: "203.0.113.9", amount: 2824 })
    })

    it("no refund query (the default): a refund whose answer is lost is settled by resending its number, once", async () => {
      const admin = await adminHeaders(getContainer())
      const { cart, session: s } = await session(DIRECT, { return_url: RETURN_URL })
      const { payOrderId } = stack.sandbox.v1.act(s.data.mchOrderNo, "approve")
      const [orderId] = await waitFor(async () => {
        const ids = await ordersOfCart(getContainer(), cart.id)
        return ids.length ? ids : null
      }, "the order the v1 notify creates")
      const payment = await waitFor(async () => {
        const { data } = await api.get(`/admin/orders/${orderId}?fields=*payment_collections.payments`, admin)
        return data.order.payment_collections[0]?.payments?.[0]
      }, "the order's payment")
      const money = async () => {
        const { data } = await api.get(`/admin/payments/${payment.id}?fields=+data,*refunds,*captures`, admin)
        return {
          refunds: data.payment.refunds.map((r: { amount: number }) => r.amount).sort((a: number, b: number) => a - b),
          reversals: data.payment.data.reversals?.map((r: any) => [r.amountCents, r.status]),
        }
      }
      const refundsAt = () =>
        stack.sandbox.v1
          .orders()
          .filter((o: any) => o.sandbox.kind === "refund" && o.payOrderId === payOrderId)
          .map((o: any) => o.refundAmount)
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      // IOTPay commits the refund, then its answer is garbled: the plugin cannot ask (no refund query).
      stack.sandbox.addFault({ endpoint: "refund_order", invalidJson: true })
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
      expect(refundsAt()).toEqual([500])
      expect(await money()).toEqual({ refunds: [5], reversals: [[500, null]] })
      // The reconcile job settles it by resending the same number: IOTPay answers the original refund.
      await reconcileIotpayPayments(getContainer())
      expect(refundsAt()).toEqual([500])
      expect(await money()).toEqual({ refunds: [5], reversals: [[500, 2]] })
      // The next refund sees 5.00 gone, on both sides.
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 23.2387 }, admin)
      expect(refundsAt()).toEqual([500, 2324])
      expect(await money()).toEqual({
        refunds: [5, 23.2387],
        reversals: [
          [500, 2],
          [2324, 2],
        ],
      })
    })

    it("X-Forwarded-For from this loopback peer to an entry trusting no proxy: shown on Settings → IOTPay", async () => {
      await session(DIRECT, { return_url: RETURN_URL }, { "x-forwarded-for": "203.0.113.50" })
      const { data } = await api.get("/admin/iotpay/providers", await adminHeaders(getContainer()))
      const byId = Object.fromEntries(data.v1.map((v: any) => [v.id, v]))
      expect(byId.iotpay.trustedProxies).toEqual([])
      expect(byId.iotpay.untrustedProxies).toEqual([
        expect.objectContaining({ peer: expect.stringMatching(/^(127\.0\.0\.1|::1)$/), requests: expect.any(Number) }),
      ])
      // The entries that trust a proxy are not warned about, whatever reached them.
      expect([byId.proxied.untrustedProxies, byId.lb.untrustedProxies]).toEqual([[], []])
      expect(byId.proxied.trustedProxies).toEqual(["loopback"])
    })
  },
})
