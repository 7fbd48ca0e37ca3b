import { isIP } from "node:net"
import { IotpayInvalidRequestError } from "../errors"

/**
 * v1 requires the shopper's IP (`clientIp`, String(32)) on create_order, payForSubmit and refund_order. A fully
 * written IPv6 address is 39 characters, so addresses are sent in their shortest standard form (RFC 5952, what the
 * WHATWG URL parser prints). An address with no zero group to compress can still be 33-39 characters: then its /64
 * network prefix (`2001:db8:1:2::`) is sent, which is what identifies a shopper's network in IPv6 anyway (the lower
 * 64 bits are rotating privacy addresses). Nothing is guessed: a missing or malformed address is an error.
 */

export const V1_CLIENT_IP_MAX = 32

function compressIpv6(address: string): string {
  // The WHATWG URL serialiser compresses the longest zero run and lower-cases: RFC 5952's canonical text.
  return new URL(`http://[${address}]/`).hostname.slice(1, -1)
}

/**
 * The shopper's IP as v1 wants it: IPv4 as is; IPv4-mapped IPv6 (`::ffff:203.0.113.7`, what a dual-stack Node
 * server reports) as the IPv4; other IPv6 compressed (brackets and `%zone` dropped), or its /64 prefix when even the
 * compressed form exceeds 32 characters. Throws IotpayInvalidRequestError when missing or not an IP address.
 */
export function normalizeClientIp(value: unknown, endpoint = "clientIp"): string {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    throw new IotpayInvalidRequestError(endpoint, [
      {
        field: "clientIp",
        message:
          "is required by IOTPay v1: pass the shopper's IP address as your server sees it (behind a trusted proxy, " +
          "the first X-Forwarded-For entry); for refunds, where no shopper is present, your server's IP",
      },
    ])
  }
  const raw = typeof value === "string" ? value.trim() : ""
  const unbracketed = raw.startsWith("[") && raw.endsWith("]") ? raw.slice(1, -1) : raw
  const address = unbracketed.replace(/%[^%]*$/, "") // zone ids (fe80::1%eth0) mean nothing outside this host
  const version = isIP(address)
  if (version === 4) return address
  if (version === 6) {
    const compressed = compressIpv6(address)
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(compressed)
    if (mapped) return hexPairToIpv4(mapped[1], mapped[2])
    if (compressed.length <= V1_CLIENT_IP_MAX) return compressed
    return compressIpv6(`${compressed.split(":").slice(0, 4).join(":")}::`)
  }
  throw new IotpayInvalidRequestError(endpoint, [
    { field: "clientIp", message: "must be an IPv4 or IPv6 address (e.g. 203.0.113.7 or 2001:db8::7)" },
  ])
}

/** `::ffff:cb00:7107` (how the URL parser prints a mapped address) → `203.0.113.7`. */
function hexPairToIpv4(high: string, low: string): string {
  const h = parseInt(high, 16)
  const l = parseInt(low, 16)
  return [h >> 8, h & 0xff, l >> 8, l & 0xff].join(".")
}
