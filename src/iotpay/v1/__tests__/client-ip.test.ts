import { IotpayInvalidRequestError } from "../../errors"
import { normalizeClientIp } from "../client-ip"

describe("normalizeClientIp", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:85a3::8a2e:370:7334"],
    ["[2001:DB8::7]", "2001:db8::7"],
    ["fe80::1%eth0", "fe80::1"],
    ["::1", "::1"],
    // 38 characters with no zero group to compress: its /64 network prefix is sent.
    ["2001:db8:1234:5678:9abc:def0:1234:5678", "2001:db8:1234:5678::"],
  ])("%s → %s", (input, expected) => {
    const out = normalizeClientIp(input)
    expect(out).toBe(expected)
    expect(out.length).toBeLessThanOrEqual(32)
  })

  it.each([undefined, null, "", "  "])("missing (%p) is a clear error, not a guess", (value) => {
    expect(() => normalizeClientIp(value)).toThrow(IotpayInvalidRequestError)
    expect(() => normalizeClientIp(value)).toThrow(/clientIp: is required by IOTPay v1/)
  })

  it.each(["localhost", "203.0.113.7:8080", "1.2.3", 42])("not an address (%p) is refused", (value) => {
    expect(() => normalizeClientIp(value)).toThrow(/must be an IPv4 or IPv6 address/)
  })
})
