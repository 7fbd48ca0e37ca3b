import {
  MAX_FORWARDED_HOPS,
  MAX_FORWARDED_LENGTH,
  parseAddress,
  resolveClientIp,
  trustedProxyEntryProblem,
  trustedProxyMatcher,
} from "../client-ip-forwarded"
import { parseProviderOptions } from "../../config/options"

const NONE = trustedProxyMatcher([])
const LOOPBACK = trustedProxyMatcher(["loopback"])
const LB = trustedProxyMatcher(["10.0.0.0/8", "2001:db8:ffff::/48"])

const resolve = (remoteAddress: string | undefined, forwardedFor?: string | string[], isTrusted = LOOPBACK) =>
  resolveClientIp({ remoteAddress, forwardedFor, isTrusted })
const ip = (...args: Parameters<typeof resolve>) => {
  const found = resolve(...args)
  if (!found.ok) throw new Error(`expected an IP, got: ${found.reason}`)
  return found.ip
}
const reason = (...args: Parameters<typeof resolve>) => {
  const found = resolve(...args)
  if (found.ok) throw new Error(`expected a refusal, got ${found.ip}`)
  return found.reason
}

describe("parseAddress", () => {
  it.each([
    ["203.0.113.7", 4, [203, 0, 113, 7]],
    [" 203.0.113.7 ", 4, [203, 0, 113, 7]],
    ["203.0.113.7:51234", 4, [203, 0, 113, 7]],
    ["::ffff:203.0.113.7", 4, [203, 0, 113, 7]],
    ["::ffff:cb00:7107", 4, [203, 0, 113, 7]],
    ["[::ffff:203.0.113.7]:443", 4, [203, 0, 113, 7]],
  ])("%s → IPv4", (text, version, bytes) => {
    expect(parseAddress(text)).toEqual({ version, bytes })
  })

  it("IPv6 in every spelling: plain, bracketed, with a port, with a zone id, with an IPv4 tail", () => {
    const expected = parseAddress("2001:db8::7")!
    expect(expected.version).toBe(6)
    expect(expected.bytes).toEqual([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 7])
    for (const text of ["[2001:db8::7]", "[2001:db8::7]:443", "2001:DB8:0:0:0:0:0:7", "2001:db8::0.0.0.7"]) {
      expect(parseAddress(text)).toEqual(expected)
    }
    expect(parseAddress("fe80::1%eth0")).toEqual(parseAddress("fe80::1"))
    expect(parseAddress("[fe80::1%25en0]:80")).toEqual(parseAddress("fe80::1"))
  })

  it.each([
    "",
    "   ",
    "unknown",
    "_hidden",
    "203.0.113",
    "203.0.113.256",
    "203.000.113.7",
    "1.2.3.4.5",
    "203.0.113.7:",
    "203.0.113.7:123456",
    "203.0.113.7%eth0",
    "2001:db8::7]:443",
    "[2001:db8::7",
    "2001:db8:::7",
    "fe80::1%",
    "fe80::1%eth0 bad",
    "fe80::1%a%b",
    "<script>alert(1)</script>",
    "1".repeat(65),
  ])("refuses %j", (text) => {
    expect(parseAddress(text)).toBeNull()
  })

  it("refuses what is not a string", () => {
    for (const value of [undefined, null, 7, ["203.0.113.7"], {}]) expect(parseAddress(value)).toBeNull()
  })
})

describe("trustedProxies entries", () => {
  it.each([
    "loopback",
    "Private",
    " linklocal ",
    "10.0.0.0/8",
    "192.0.2.10",
    "2001:db8::/32",
    "::1",
    "::ffff:10.0.0.0/104",
  ])("accepts %j", (entry) => {
    expect(trustedProxyEntryProblem(entry)).toBeNull()
    expect(() => trustedProxyMatcher([entry])).not.toThrow()
  })

  it.each([
    "everyone",
    "10.0.0.0/33",
    "2001:db8::/129",
    "10.0.0.0/8/1",
    "10.0.0.0/x",
    "10.0.0.0/-1",
    "[::1]",
    "::ffff:10.0.0.0/8",
    "1.2.3.4:80",
    "",
  ])("refuses %j with a message naming what is allowed", (entry) => {
    expect(trustedProxyEntryProblem(entry)).toMatch(/is not an IP address, a CIDR range .* or one of "loopback"/)
    expect(() => trustedProxyMatcher([entry])).toThrow(/trustedProxies/)
  })

  it("CIDR matching by prefix, IPv4 and IPv6 apart, IPv4-mapped as IPv4", () => {
    const wide = ["10.0.0.0/8", "172.16.0.0/12", "2001:db8:ffff::/48", "192.0.2.10", "0.0.0.0/0"]
    const narrow = ["172.16.0.0/12", "192.0.2.10", "::ffff:10.1.0.0/112"]
    const cases: [string[], string, boolean][] = [
      [wide, "10.255.1.2", true],
      [wide, "172.31.255.255", true],
      [wide, "::ffff:172.20.0.1", true],
      [wide, "2001:db8:ffff:1::9", true],
      [wide, "2001:db8:fffe::9", false],
      [wide, "::1", false], // 0.0.0.0/0 is every IPv4 address, no IPv6 one
      [narrow, "172.32.0.1", false],
      [narrow, "192.0.2.10", true],
      [narrow, "192.0.2.11", false],
      [narrow, "10.1.200.3", true],
      [narrow, "10.2.0.3", false],
    ]
    for (const [entries, address, trusted] of cases) {
      expect([address, trustedProxyMatcher(entries)(parseAddress(address)!)]).toEqual([address, trusted])
    }
  })

  it("names: loopback, private, linklocal", () => {
    const at = (names: string[], text: string) => trustedProxyMatcher(names)(parseAddress(text)!)
    expect(["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1"].every((a) => at(["loopback"], a))).toBe(true)
    expect(at(["loopback"], "10.0.0.1")).toBe(false)
    expect(["10.1.2.3", "172.16.0.1", "192.168.1.1", "fd12::1"].every((a) => at(["private"], a))).toBe(true)
    expect(at(["private"], "203.0.113.7")).toBe(false)
    expect(at(["linklocal"], "fe80::1%eth0")).toBe(true)
    expect(at(["linklocal"], "169.254.169.254")).toBe(true)
  })

  it("the provider option: a list or a comma-separated string, validated with a helpful message", () => {
    const base = {
      merchantId: "10000701",
      loginName: "jack123",
      secretKey: "k",
      backendUrl: "https://api.shop.example",
    }
    expect(parseProviderOptions(base).trustedProxies).toEqual([])
    expect(parseProviderOptions({ ...base, trustedProxies: ["loopback", "10.0.0.0/8"] }).trustedProxies).toEqual([
      "loopback",
      "10.0.0.0/8",
    ])
    expect(parseProviderOptions({ ...base, trustedProxies: " loopback, 10.0.0.0/8 ," }).trustedProxies).toEqual([
      "loopback",
      "10.0.0.0/8",
    ])
    expect(() => parseProviderOptions({ ...base, trustedProxies: ["loopback", "the load balancer"] })).toThrow(
      /option "trustedProxies\.1" "the load balancer" is not an IP address.*: list the proxies in front of Medusa/
    )
    expect(() => parseProviderOptions({ ...base, trustedProxies: 3 })).toThrow(/option "trustedProxies" must be a list/)
  })
})

describe("resolveClientIp", () => {
  it("no trusted proxy: the peer is the shopper and X-Forwarded-For is ignored, whatever it says", () => {
    expect(ip("203.0.113.7", undefined, NONE)).toBe("203.0.113.7")
    expect(ip("203.0.113.7", "198.51.100.1", NONE)).toBe("203.0.113.7")
    expect(ip("::ffff:127.0.0.1", "198.51.100.1", NONE)).toBe("127.0.0.1")
    expect(ip("::1", "198.51.100.1, 10.0.0.1", NONE)).toBe("::1")
  })

  it("a spoofed X-Forwarded-For from an untrusted peer is ignored (trusted proxies configured)", () => {
    expect(ip("203.0.113.7", "127.0.0.1", LOOPBACK)).toBe("203.0.113.7")
    expect(ip("198.51.100.9", "10.0.0.1, 1.1.1.1", LB)).toBe("198.51.100.9")
    expect(ip("198.51.100.9", "garbage", LB)).toBe("198.51.100.9")
  })

  it("behind a trusted proxy: the right-most address that is not a trusted proxy", () => {
    expect(ip("127.0.0.1", "203.0.113.7")).toBe("203.0.113.7")
    expect(ip("::ffff:127.0.0.1", "203.0.113.7")).toBe("203.0.113.7")
    // The shopper wrote "1.1.1.1, 127.0.0.1" themselves; the proxy appended what it saw.
    expect(ip("127.0.0.1", "1.1.1.1, 127.0.0.1, 203.0.113.7")).toBe("203.0.113.7")
    expect(ip("10.0.0.5", "garbage, 203.0.113.7, 10.0.0.9, 10.1.1.1", LB)).toBe("203.0.113.7")
    expect(ip("10.0.0.5", "203.0.113.7:5050", LB)).toBe("203.0.113.7")
    expect(ip("10.0.0.5", "[2001:db8::7]:443", LB)).toBe("2001:db8::7")
    expect(ip("10.0.0.5", "2001:db8:ffff::1, 2001:db8:ffff::2", LB)).toBe("2001:db8:ffff::1") // all trusted: the farthest
    expect(ip("10.0.0.5", ["203.0.113.7", "10.0.0.9"], LB)).toBe("203.0.113.7") // repeated headers
    expect(ip("10.0.0.5", "203.0.113.7,,  ,10.0.0.9", LB)).toBe("203.0.113.7") // empty entries skipped
  })

  it("IPv6 is compressed for v1 (≤ 32 characters), zone ids dropped, mapped IPv4 unwrapped", () => {
    expect(ip("127.0.0.1", "2001:0DB8:0000:0000:0000:0000:0000:0007")).toBe("2001:db8::7")
    expect(ip("127.0.0.1", "fe80::1%eth0")).toBe("fe80::1")
    expect(ip("127.0.0.1", "::ffff:203.0.113.7")).toBe("203.0.113.7")
    // Nothing to compress (39 characters): the /64 network prefix, as src/iotpay/v1/client-ip.ts documents.
    const full = ip("127.0.0.1", "2001:db8:1234:5678:9abc:def0:1234:5678")
    expect(full).toBe("2001:db8:1234:5678::")
    expect(full.length).toBeLessThanOrEqual(32)
    expect(ip("2001:db8:1234:5678:9abc:def0:1234:5678", undefined, NONE)).toBe("2001:db8:1234:5678::")
  })

  it("garbage where the shopper's address should be: refused, not guessed (and the garbage is not echoed)", () => {
    for (const header of [
      "unknown",
      "203.0.113.7, nonsense",
      "203.0.113.7, 300.1.1.1",
      "<script>",
      "1.2.3.4 5.6.7.8",
    ]) {
      const why = reason("127.0.0.1", header)
      expect(why).toMatch(/X-Forwarded-For header holds an entry that is not an IP address/)
      expect(why).not.toContain("script")
    }
  })

  it("a trusted proxy that sends no X-Forwarded-For: refused with what to fix", () => {
    expect(reason("127.0.0.1")).toMatch(/trusted proxy without an X-Forwarded-For header/)
    expect(reason("127.0.0.1", "")).toMatch(/without an X-Forwarded-For header/)
    expect(reason("127.0.0.1", " , ")).toMatch(/without an X-Forwarded-For header/)
  })

  it("many hops: a long untrusted prefix is fine, too many trusted hops and over-long headers are refused", () => {
    const many = Array.from({ length: 200 }, (_, i) => `198.51.100.${i % 250}`).join(", ")
    expect(ip("127.0.0.1", `${many}, 203.0.113.7`)).toBe("203.0.113.7")
    const trustedChain = Array.from({ length: MAX_FORWARDED_HOPS }, (_, i) => `10.0.0.${i + 1}`).join(",")
    expect(reason("10.0.0.5", `203.0.113.7,${trustedChain}`, LB)).toMatch(/20 or more trusted proxies/)
    const shorter = trustedChain.split(",").slice(1).join(",")
    expect(ip("10.0.0.5", `203.0.113.7,${shorter}`, LB)).toBe("203.0.113.7")
    const long = `${"1.1.1.1,".repeat(MAX_FORWARDED_LENGTH / 8)}203.0.113.7`
    expect(reason("127.0.0.1", long)).toMatch(/longer than 4096 characters/)
  })

  it("no peer address (a closed socket): refused", () => {
    expect(reason(undefined)).toMatch(/peer address is unknown/)
    expect(reason("garbage")).toMatch(/peer address is unknown/)
  })
})
