import { isIP } from "node:net"
import proxyaddr from "proxy-addr"
import { normalizeClientIp } from "../../iotpay"

/**
 * The shopper's IP as the Medusa server sees it, for IOTPay v1's required `clientIp`. Pure (no Medusa): the socket's
 * peer address is the client, unless that peer is a trusted proxy; then X-Forwarded-For is read from the right (each
 * proxy appends the address it saw) and the first address that is not a trusted proxy is the shopper. The ranges
 * and the walk are Express's own `proxy-addr`; this file adds what IOTPay needs on top: every spelling a proxy
 * writes (ports, brackets, zone ids, IPv4 tails) read as one address, and a refusal instead of a guess. Everything to
 * its left was written by the shopper's side and can say anything. An X-Forwarded-For from an untrusted peer is
 * ignored entirely. Nothing is guessed: when the address cannot be known, the answer says why.
 */

/** The session data key the plugin's middleware fills on v1 store routes (provider-owned: always overwritten). */
export const V1_CLIENT_IP_KEY = "iotpay_client_ip"

/** Named address ranges usable in `trustedProxies`, as proxy-addr names them ("private" is its "uniquelocal"). */
export const TRUSTED_PROXY_NAMES: Record<string, string> = {
  loopback: "loopback",
  private: "uniquelocal",
  uniquelocal: "uniquelocal",
  linklocal: "linklocal",
}

/** More trusted hops than any real proxy chain: a longer all-trusted chain is refused, not walked. */
export const MAX_FORWARDED_HOPS = 20
/** Longest X-Forwarded-For read (Node's default header limit is 16 KiB for all headers together). */
export const MAX_FORWARDED_LENGTH = 4096

type Parsed = { version: 4 | 6; bytes: number[] }

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

/**
 * One `trustedProxies` entry in the notation proxy-addr compiles. proxy-addr does the matching; two spellings it
 * reads differently from what this option has always meant are translated first: a /0 range (proxy-addr refuses a
 * zero prefix, so it becomes its two halves) and an IPv4-mapped range shorter than /96 (refused: it would span IPv6
 * addresses, not the IPv4 range it looks like). Throws on anything else proxy-addr refuses.
 */
function proxyAddrNotation(entry: string): string[] {
  const named = TRUSTED_PROXY_NAMES[entry.trim().toLowerCase()]
  if (named) return [named]
  const text = entry.trim()
  const [address, prefix, extra] = text.split("/")
  if (extra !== undefined || isIP(address) === 0) throw new TypeError(`invalid IP address: ${address}`)
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) throw new TypeError(`invalid range on address: ${text}`)
  if (isIP(address) === 6 && parseAddress(address)!.version === 4 && prefix !== undefined && Number(prefix) < 96) {
    throw new TypeError(`an IPv4-mapped range needs a prefix of 96 or more: ${text}`)
  }
  if (prefix !== undefined && Number(prefix) === 0) {
    return isIP(address) === 4 ? ["0.0.0.0/1", "128.0.0.0/1"] : ["::/1", "8000::/1"]
  }
  proxyaddr.compile(text)
  return [text]
}

/** Why one `trustedProxies` entry is not usable, or null when it is (a name, an IP address or a CIDR range). */
export function trustedProxyEntryProblem(entry: unknown): string | null {
  if (typeof entry !== "string") return "must be a string"
  try {
    proxyAddrNotation(entry)
    return null
  } catch {
    return (
      `"${entry.slice(0, 60)}" is not an IP address, a CIDR range (e.g. "10.0.0.0/8", "2001:db8::/32") ` +
      `or one of "loopback", "private", "linklocal"`
    )
  }
}

export type TrustedProxyMatcher = (address: Parsed) => boolean

/** A matcher for validated `trustedProxies` entries (an empty list trusts no one: the socket peer is the shopper). */
export function trustedProxyMatcher(entries: readonly string[]): TrustedProxyMatcher {
  const notes = entries.flatMap((entry) => {
    try {
      return proxyAddrNotation(entry)
    } catch {
      throw new Error(`trustedProxies: ${trustedProxyEntryProblem(entry)}`)
    }
  })
  if (!notes.length) return () => false
  const trust = proxyaddr.compile(notes)
  return (address) => trust(addressText(address), 0)
}

/** An address in a spelling proxy-addr (ipaddr.js 1.x) reads: dotted IPv4, or IPv6 as eight hex groups. */
function addressText(address: Parsed): string {
  if (address.version === 4) return address.bytes.join(".")
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((address.bytes[i] << 8) | address.bytes[i + 1]).toString(16))
  return groups.join(":")
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
  // Every entry in one spelling (ports, brackets and zones dropped); an entry that is no address stays visible as
  // NOT_AN_ADDRESS, which no trust function trusts, so the walk stops there if it gets that far.
  const normalized = hops.map((h) => parseAddress(h)).map((a) => (a ? addressText(a) : NOT_AN_ADDRESS))
  const trust = (text: string) => {
    const parsed = parseAddress(text)
    return parsed !== null && input.isTrusted(parsed)
  }
  // proxy-addr walks from the peer leftwards through X-Forwarded-For while the address it is at is trusted:
  // [peer, right-most hop, …, the first untrusted hop (or the farthest, when every hop is trusted)].
  const chain = proxyaddr.all(
    { socket: { remoteAddress: addressText(peer) }, headers: { "x-forwarded-for": normalized.join(", ") } },
    trust
  )
  const client = chain[chain.length - 1]
  const trustedHops = chain.length - 1 - (trust(client) ? 0 : 1)
  if (trustedHops >= MAX_FORWARDED_HOPS) {
    return { ok: false, reason: `its X-Forwarded-For header lists ${MAX_FORWARDED_HOPS} or more trusted proxies` }
  }
  if (client === NOT_AN_ADDRESS) {
    return { ok: false, reason: "its X-Forwarded-For header holds an entry that is not an IP address" }
  }
  // Every hop trusted (e.g. a shopper inside a trusted private network): the farthest one is the client.
  return { ok: true, ip: v1Text(parseAddress(client)!) }
}

const NOT_AN_ADDRESS = "not-an-address"

function v1Text(address: Parsed): string {
  return address.version === 4 ? addressText(address) : normalizeClientIp(addressText(address))
}
