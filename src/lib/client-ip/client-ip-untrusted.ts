import proxyaddr from "proxy-addr"

/** A private or loopback peer that sent X-Forwarded-For to an entry trusting no proxy (Settings → IOTPay). */
export type UntrustedProxyPeer = { peer: string; firstSeenAt: string; lastSeenAt: string; requests: number }

/** Peers kept per entry: enough to name a load balancer's few addresses, never a growing list. */
const MAX_PEERS = 20

/** Where a proxy in front of Medusa usually is: its own host or a private network. */
const looksLikeProxy = proxyaddr.compile(["loopback", "uniquelocal", "linklocal"])

const seen = new Map<string, Map<string, UntrustedProxyPeer>>()

/**
 * Behind a load balancer, a CDN or a storefront server with `trustedProxies` unset, every v1 payment carries the
 * proxy's address as the shopper's IP and nothing else says so. A request that arrives from a private or loopback
 * peer with an X-Forwarded-For header is the sign of it: the first from each peer logs a warning naming the option
 * (once per peer, not per request), and Settings → IOTPay lists the peers. A public peer is left alone (a shopper
 * may send the header; trusting it would let them choose the IP IOTPay sees). Kept in memory, per process.
 */
export function noteUntrustedProxy(
  configId: string,
  peer: string,
  warn: (message: string) => void,
  now = new Date()
): void {
  if (!looksLikeProxy(peer, 0)) return
  const peers = seen.get(configId) ?? new Map<string, UntrustedProxyPeer>()
  seen.set(configId, peers)
  const known = peers.get(peer)
  if (known) {
    known.lastSeenAt = now.toISOString()
    known.requests += 1
    return
  }
  if (peers.size >= MAX_PEERS) return
  peers.set(peer, { peer, firstSeenAt: now.toISOString(), lastSeenAt: now.toISOString(), requests: 1 })
  warn(
    `IOTPay: a v1 payment for provider entry "${configId}" came from ${peer} with an X-Forwarded-For header, but ` +
      `that entry trusts no proxy, so IOTPay is told the shopper's IP is ${peer}. If Medusa runs behind a load ` +
      `balancer, a CDN or a storefront server, set the trustedProxies option of the "${configId}" IOTPay entry in ` +
      `medusa-config (e.g. ["loopback"] for a proxy on this host, ["private"] for one on the private network).`
  )
}

/** The peers seen for one entry, in the order first seen. */
export function untrustedProxyPeers(configId: string): UntrustedProxyPeer[] {
  return [...(seen.get(configId)?.values() ?? [])].map((p) => ({ ...p }))
}

/** Forgets every peer (tests). */
export function forgetUntrustedProxies(): void {
  seen.clear()
}
