import { forgetUntrustedProxies, noteUntrustedProxy, untrustedProxyPeers } from "../client-ip-untrusted"
import { v1Summary } from "../../admin-views/v1-settings"
import { parseProviderOptions } from "../../config/options"

describe("noteUntrustedProxy (X-Forwarded-For from a proxy nobody trusts)", () => {
  beforeEach(() => forgetUntrustedProxies())

  it("warns once per private or loopback peer, naming the option to set, and keeps counting", () => {
    const warnings: string[] = []
    const warn = (m: string) => warnings.push(m)
    noteUntrustedProxy("iotpay", "10.0.3.17", warn, new Date("2026-12-06T04:00:00Z"))
    noteUntrustedProxy("iotpay", "10.0.3.17", warn, new Date("2026-12-06T04:01:00Z"))
    noteUntrustedProxy("iotpay", "127.0.0.1", warn)
    noteUntrustedProxy("iotpay", "::1", warn)
    noteUntrustedProxy("iotpay", "fd00::5", warn)
    expect(warnings).toHaveLength(4)
    expect(warnings[0]).toBe(
      `IOTPay: a v1 payment for provider entry "iotpay" came from 10.0.3.17 with an X-Forwarded-For header, but ` +
        `that entry trusts no proxy, so IOTPay is told the shopper's IP is 10.0.3.17. If Medusa runs behind a load ` +
        `balancer, a CDN or a storefront server, set the trustedProxies option of the "iotpay" IOTPay entry in ` +
        `medusa-config (e.g. ["loopback"] for a proxy on this host, ["private"] for one on the private network).`
    )
    expect(untrustedProxyPeers("iotpay")[0]).toEqual({
      peer: "10.0.3.17",
      firstSeenAt: "2026-12-06T04:00:00.000Z",
      lastSeenAt: "2026-12-06T04:01:00.000Z",
      requests: 2,
    })
    expect(untrustedProxyPeers("other")).toEqual([])
  })

  it("a public peer is a shopper who sent the header themselves: no warning", () => {
    const warnings: string[] = []
    noteUntrustedProxy("iotpay", "203.0.113.7", (m) => warnings.push(m))
    noteUntrustedProxy("iotpay", "2001:db8::7", (m) => warnings.push(m))
    expect(warnings).toEqual([])
    expect(untrustedProxyPeers("iotpay")).toEqual([])
  })

  it("keeps at most 20 peers per entry", () => {
    const warnings: string[] = []
    for (let i = 1; i <= 30; i++) noteUntrustedProxy("iotpay", `10.0.0.${i}`, (m) => warnings.push(m))
    expect(warnings).toHaveLength(20)
    expect(untrustedProxyPeers("iotpay")).toHaveLength(20)
  })

  it("Settings → IOTPay gets the entry's trusted proxies and the peers seen", () => {
    noteUntrustedProxy("iotpay", "10.0.3.17", () => {})
    const options = parseProviderOptions({
      merchantId: "10000701",
      loginName: "jack123",
      secretKey: "k",
      backendUrl: "https://api.shop.example",
    })
    const summary = v1Summary("iotpay", options)
    expect(summary.trustedProxies).toEqual([])
    expect(summary.untrustedProxies.map((p) => p.peer)).toEqual(["10.0.3.17"])
    expect(v1Summary("iotpay", { ...options, trustedProxies: ["private"] }).trustedProxies).toEqual(["private"])
  })
})
