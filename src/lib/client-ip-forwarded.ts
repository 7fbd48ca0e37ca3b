import { isIP } from "node:net"
import { normalizeClientIp } from "../iotpay"

/**
 * The shopper's IP as the Medusa server sees it, for IOTPay v1's required `clientIp`. Pure (no Medusa): the socket's
 * peer address is the client, unless that peer is a trusted proxy; then X-Forwarded-For is read from the right (each
 * proxy appends the address it saw) and the first address that is not a trusted proxy is the shopper. Everything to
 * its left was written by the shopper's side and can say anything. An X-Forwarded-For from an untrusted peer is
 * ignored entirely. Nothing is guessed: when the address cannot be known, the answer says why.
 */

/** The session data key the plugin's middleware fills on v1 store routes (provider-owned: always overwritten). */
export const V1_CLIENT_IP_KEY = "iotpay_client_ip"

/** Named address ranges usable in `trustedProxies`. */
export const TRUSTED_PROXY_NAMES: Record<string, readonly string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
}

/** More trusted hops than any real proxy chain: a longer all-trusted chain is refused, not walked. */
export const MAX_FORWARDED_HOPS = 20
/** Longest X-Forwarded-For read (Node's default header limit is 16 KiB for all headers together). */
export const MAX_FORWARDED_LENGTH = 4096

type Parsed = { version: 4 | 6; bytes: number[] }
type Range = Parsed & { prefix: number }

/**
 * One address as a socket or a proxy writes it: `203.0.113.7`, `203.0.113.7:51234`, `2001:db8::7`, `[2001:db8::7]`,
 * `[2001:db8::7]:443`, `fe80::1%eth0` (zone dropped), `::ffff:203.0.113.7` (IPv4-mapped: the IPv4). Null otherwise.
 */
export function parseAddress(text: unknown): Parsed | null {
  if (typeof text !== "string") return null
  let s = text.trim()
  if (s.length === 0 || s.length > 64) return null
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s)
  if (bracketed) s = bracketed[1]
  else if (/^[\d.]+:\d{1,5}$/.test(s)) s = s.slice(0, s.lastIndexOf(":"))
  if (s.includes("%")) {
    const address = s.slice(0, s.indexOf("%"))
    const zone = s.slice(s.indexOf("%") + 1)
    if (!/^[\w.-]{1,32}$/.test(zone) || isIP(address) !== 6) return null
    s = address
  }
  const version = isIP(s)
  if (version === 4) return { version: 4, bytes: s.split(".").map(Number) }
  if (version !== 6) return null
  const bytes = ipv6Bytes(s)
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff
  return mapped ? { version: 4, bytes: bytes.slice(12) } : { version: 6, bytes }
}

/** The 16 bytes of a valid (isIP) IPv6 address, with or without `::` and an IPv4 tail. */
function ipv6Bytes(address: string): number[] {
  const groupsOf = (part: string): number[] => {
    if (part === "") return []
    const out: number[] = []
    for (const g of part.split(":")) {
      if (g.includes(".")) {
        const [a, b, c, d] = g.split(".").map(Number)
        out.push((a << 8) | b, (c << 8) | d)
      } else out.push(parseInt(g, 16))
    }
    return out
  }
  const [head, tail] = address.toLowerCase().split("::")
  const left = groupsOf(head)
  const right = tail === undefined ? [] : groupsOf(tail)
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
  return groups.flatMap((g) => [g >> 8, g & 0xff])
}

function parseRange(text: string): Range | null {
  const [address, prefixText, extra] = text.trim().split("/")
  if (extra !== undefined) return null
  // A range is written plainly (no port, zone or brackets): "10.0.0.0/8", "2001:db8::/32", "192.0.2.10".
  if (isIP(address) === 0) return null
  const parsed = parseAddress(address)!
  const bits = isIP(address) === 4 ? 32 : 128
  if (prefixText === undefined) return { ...parsed, prefix: parsed.version === 4 ? 32 : 128 }
  if (!/^\d{1,3}$/.test(prefixText)) return null
  let prefix = Number(prefixText)
  if (prefix > bits) return null
  // "::ffff:10.0.0.0/104" is the IPv4 range 10.0.0.0/8 (addresses are compared after unmapping).
  if (parsed.version === 4 && isIP(address) === 6) {
    if (prefix < 96) return null
    prefix -= 96
  }
  return { ...parsed, prefix }
}

/** Why one `trustedProxies` entry is not usable, or null when it is (a name, an IP address or a CIDR range). */
export function trustedProxyEntryProblem(entry: unknown): string | null {
  if (typeof entry !== "string") return "must be a string"
  if (entry.trim().toLowerCase() in TRUSTED_PROXY_NAMES) return null
  if (parseRange(entry)) return null
  return (
    `"${entry.slice(0, 60)}" is not an IP address, a CIDR range (e.g. "10.0.0.0/8", "2001:db8::/32") ` +
    `or one of ${Object.keys(TRUSTED_PROXY_NAMES)
      .map((n) => `"${n}"`)
      .join(", ")}`
  )
}

export type TrustedProxyMatcher = (address: Parsed) => boolean

/** A matcher for validated `trustedProxies` entries (an empty list trusts no one: the socket peer is the shopper). */
export function trustedProxyMatcher(entries: readonly string[]): TrustedProxyMatcher {
  const ranges: Range[] = []
  for (const entry of entries) {
    const named = TRUSTED_PROXY_NAMES[entry.trim().toLowerCase()]
    for (const text of named ?? [entry]) {
      const range = parseRange(text)
      if (!range) throw new Error(`trustedProxies: ${trustedProxyEntryProblem(entry)}`)
      ranges.push(range)
    }
  }
  return (address) => ranges.some((range) => inRange(address, range))
}

function inRange(address: Parsed, range: Range): boolean {
  if (address.version !== range.version) return false
  let bits = range.prefix
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff
    if ((address.bytes[i] & mask) !== (range.bytes[i] & mask)) return false
  }
  return true
}

export type ClientIpResult = { ok: true; ip: string } | { ok: false; reason: string }

/**
 * The shopper's IP from the connection's peer address and X-Forwarded-For, in the form IOTPay v1 takes (IPv4 as is,
 * IPv4-mapped IPv6 as its IPv4, IPv6 compressed to at most 32 characters). `forwardedFor` is the header as Node
 * gives it (repeated headers are joined with ", ").
 */
export function resolveClientIp(input: {
  remoteAddress: string | undefined
  forwardedFor: string | string[] | undefined
  isTrusted: TrustedProxyMatcher
}): ClientIpResult {
  const peer = parseAddress(input.remoteAddress)
  if (!peer) return { ok: false, reason: "the connection's peer address is unknown" }
  if (!input.isTrusted(peer)) return { ok: true, ip: v1Text(peer) }
  const header = Array.isArray(input.forwardedFor) ? input.forwardedFor.join(",") : (input.forwardedFor ?? "")
  if (header.length > MAX_FORWARDED_LENGTH) {
    return { ok: false, reason: `its X-Forwarded-For header is longer than ${MAX_FORWARDED_LENGTH} characters` }
  }
  const hops = header
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "")
  if (hops.length === 0) {
    return {
      ok: false,
      reason:
        "it came from a trusted proxy without an X-Forwarded-For header (make the proxy append the client's " +
        "address, or remove it from trustedProxies if it is not a proxy)",
    }
  }
  let walked = 0
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseAddress(hops[i])
    if (!hop) {
      return { ok: false, reason: "its X-Forwarded-For header holds an entry that is not an IP address" }
    }
    if (!input.isTrusted(hop)) return { ok: true, ip: v1Text(hop) }
    if (++walked >= MAX_FORWARDED_HOPS) {
      return { ok: false, reason: `its X-Forwarded-For header lists ${MAX_FORWARDED_HOPS} or more trusted proxies` }
    }
  }
  // Every hop is a trusted address (e.g. a shopper inside a trusted private network): the farthest one is the client.
  return { ok: true, ip: v1Text(parseAddress(hops[0])!) }
}

function v1Text(address: Parsed): string {
  if (address.version === 4) return address.bytes.join(".")
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((address.bytes[i] << 8) | address.bytes[i + 1]).toString(16))
  return normalizeClientIp(groups.join(":"))
}
