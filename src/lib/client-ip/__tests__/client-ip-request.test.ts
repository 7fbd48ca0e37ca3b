import { V1_CLIENT_IP_KEY } from "../client-ip-forwarded"
import { fillV1ClientIp } from "../client-ip-request"
import { forgetUntrustedProxies, untrustedProxyPeers } from "../client-ip-untrusted"

const OPTIONS = { merchantId: "10000701", loginName: "jack123", secretKey: "k", backendUrl: "https://api.shop.example" }
const CONFIG = {
  modules: {
    payment: {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          { resolve: "./src/providers/iotpay", id: "iotpay", options: OPTIONS },
          { resolve: "./src/providers/iotpay", id: "behind-lb", options: { ...OPTIONS, trustedProxies: "10.0.0.0/8" } },
        ],
      },
    },
  },
}

// The storefront commits (Place order): the session opens the payment at IOTPay, which needs the shopper's IP.
const RETURN = { return_url: "https://shop.example/checkout/iotpay-return" }
const warnings: string[] = []

function run(body: unknown, remoteAddress: string, headers: Record<string, string> = {}) {
  const req = {
    body,
    validatedBody: body && typeof body === "object" ? { ...body } : undefined,
    headers,
    socket: { remoteAddress },
    scope: { resolve: (key: string) => (key === "logger" ? { warn: (m: string) => warnings.push(m) } : CONFIG) },
  } as any
  let passed: unknown = "not called"
  fillV1ClientIp(req, {} as any, (error?: unknown) => {
    passed = error
  })
  return { req, error: passed }
}

describe("fillV1ClientIp (store payment-session middleware)", () => {
  it("overwrites a storefront's value under the plugin's key with the peer address; other keys stay", () => {
    const body = {
      provider_id: "pp_iotpay-wechat_iotpay",
      data: { ...RETURN, [V1_CLIENT_IP_KEY]: "1.1.1.1", client_ip: "1.1.1.1" },
    }
    const { req, error } = run(body, "::ffff:203.0.113.7", { "x-forwarded-for": "198.51.100.1" })
    expect(error).toBeUndefined()
    expect(req.body.data).toEqual({ ...RETURN, [V1_CLIENT_IP_KEY]: "203.0.113.7", client_ip: "1.1.1.1" })
    expect(req.validatedBody.data[V1_CLIENT_IP_KEY]).toBe("203.0.113.7")
  })

  it("behind the entry's trusted proxy: X-Forwarded-For's right-most untrusted address", () => {
    const { req, error } = run({ provider_id: "pp_iotpay-alipay_behind-lb", data: RETURN }, "10.0.0.2", {
      "x-forwarded-for": "1.1.1.1, 203.0.113.9, 10.0.0.7",
    })
    expect(error).toBeUndefined()
    expect(req.body.data).toEqual({ ...RETURN, [V1_CLIENT_IP_KEY]: "203.0.113.9" })
  })

  it("a session that does not commit yet (no return_url: nothing opens at IOTPay) needs no IP; the key is removed", () => {
    const body = { provider_id: "pp_iotpay-wechat_behind-lb", data: { [V1_CLIENT_IP_KEY]: "1.1.1.1" } }
    const { req, error } = run(body, "10.0.0.2") // a trusted proxy without X-Forwarded-For: unknown IP
    expect(error).toBeUndefined()
    expect(req.body.data).toEqual({})
    expect(req.validatedBody.data).toEqual({})
  })

  it("the same proxy is not trusted for another entry", () => {
    const body = { provider_id: "pp_iotpay-alipay_iotpay", data: RETURN }
    const { req } = run(body, "10.0.0.2", { "x-forwarded-for": "203.0.113.9" })
    expect(req.body.data[V1_CLIENT_IP_KEY]).toBe("10.0.0.2")
  })

  it("an unknown IP: a 400-class error naming the option, and the storefront's value removed", () => {
    const body = { provider_id: "pp_iotpay-unionpay_behind-lb", data: { ...RETURN, [V1_CLIENT_IP_KEY]: "1.1.1.1" } }
    const { req, error } = run(body, "10.0.0.2")
    expect((error as any).type).toBe("invalid_data")
    expect((error as Error).message).toMatch(
      /requires the shopper's IP address.*without an X-Forwarded-For header.*trustedProxies option of the "behind-lb"/
    )
    expect(req.body.data[V1_CLIENT_IP_KEY]).toBeUndefined()
  })

  it("other providers' requests are left alone", () => {
    for (const provider_id of ["pp_iotpay_iotpay", "pp_stripe_stripe", undefined]) {
      const body = { provider_id, data: { [V1_CLIENT_IP_KEY]: "1.1.1.1" } }
      const { req, error } = run(body, "203.0.113.7")
      expect(error).toBeUndefined()
      expect(req.body.data).toEqual({ [V1_CLIENT_IP_KEY]: "1.1.1.1" })
    }
  })

  describe("a proxy nobody trusts", () => {
    beforeEach(() => {
      forgetUntrustedProxies()
      warnings.length = 0
    })

    it("X-Forwarded-For from a private peer to an entry trusting no proxy: the peer is used, and said loudly once", () => {
      for (let i = 0; i < 3; i++) {
        const { req } = run({ provider_id: "pp_iotpay-wechat_iotpay", data: RETURN }, "10.0.3.17", {
          "x-forwarded-for": "203.0.113.7",
        })
        expect(req.body.data[V1_CLIENT_IP_KEY]).toBe("10.0.3.17")
      }
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(
        /came from 10\.0\.3\.17 with an X-Forwarded-For header.*set the trustedProxies option of the "iotpay"/
      )
      expect(untrustedProxyPeers("iotpay")).toMatchObject([{ peer: "10.0.3.17", requests: 3 }])
    })

    it("no warning without the header, from a public peer, or when the entry trusts a proxy", () => {
      run({ provider_id: "pp_iotpay-wechat_iotpay", data: RETURN }, "10.0.3.17")
      run({ provider_id: "pp_iotpay-wechat_iotpay", data: RETURN }, "203.0.113.7", {
        "x-forwarded-for": "198.51.100.1",
      })
      run({ provider_id: "pp_iotpay-wechat_behind-lb", data: RETURN }, "10.0.3.17", {
        "x-forwarded-for": "203.0.113.7",
      })
      expect(warnings).toEqual([])
    })
  })
})
