import { Pool, errors as undiciErrors } from "undici"
import { IotpayBadResponseError, IotpayError, IotpayOutcomeUnknownError, IotpayUnreachableError } from "./errors"

/**
 * The HTTP leg shared by the V3 and v1 clients: one keep-alive pool, explicit timeouts, a size cap, and the one
 * classification that matters for money: a failure before the request left us (unreachable, safe to resend) versus
 * after (outcome unknown, query first). Internal: the clients are the public surface.
 */

export interface GatewayTransportOptions {
  connectTimeoutMs?: number
  /**
   * Longest wait for the response headers, counted from when the call is handed to the pool, kept to the
   * millisecond (undici's own headers timer only ticks about once a second).
   */
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
  connections?: number
  keepAliveTimeoutMs?: number
  /** Largest response body accepted, in bytes. */
  maxResponseBytes?: number
}

// Failures where the socket never carried our request.
const NOT_DELIVERED_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EADDRNOTAVAIL",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
])

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === "string" ? code : undefined
}

function notDelivered(e: unknown): boolean {
  if (e instanceof undiciErrors.ConnectTimeoutError) return true
  const code = errorCode(e)
  if (code && NOT_DELIVERED_CODES.has(code)) return true
  // Happy-eyeballs connects (Node 20) fail with an AggregateError of one error per address tried.
  if (e instanceof AggregateError && e.errors.length > 0) return e.errors.every(notDelivered)
  return false
}

function describe(e: unknown): string {
  if (e instanceof undiciErrors.HeadersTimeoutError) return "no response headers within the timeout"
  if (e instanceof undiciErrors.BodyTimeoutError) return "the response body stalled past the timeout"
  if (e instanceof undiciErrors.SocketError) return "the connection was closed mid-request"
  const code = errorCode(e)
  const msg = e instanceof Error ? e.message : String(e)
  return code ? `${code}: ${msg}` : msg
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** `apiBase` as a URL if it is an http(s) URL without query or fragment; undefined otherwise. */
export function parseApiBase(apiBase: unknown): URL | undefined {
  try {
    const base = new URL(String(apiBase))
    if (base.protocol !== "https:" && base.protocol !== "http:") return undefined
    if (base.search || base.hash) return undefined
    return base
  } catch {
    return undefined
  }
}

/**
 * Runs `call` up to `attempts` times, only for failures where a resend cannot hurt a read-only call: unreachable,
 * outcome unknown, or HTTP 5xx. Backoff doubles from `backoffMs`. Callers pass attempts = 1 for anything mutating.
 */
export async function withRetries<T>(attempts: number, backoffMs: number, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (e) {
      const retryable =
        e instanceof IotpayUnreachableError ||
        e instanceof IotpayOutcomeUnknownError ||
        (e instanceof IotpayBadResponseError && e.status !== undefined && e.status >= 500)
      if (!retryable || attempt >= attempts) throw e
      await sleep(backoffMs * 2 ** (attempt - 1))
    }
  }
}

export class GatewayTransport {
  private readonly pool: Pool
  private readonly basePath: string
  private readonly maxResponseBytes: number
  private readonly query: string | undefined
  private readonly headersTimeoutMs: number

  /** `advice.query`: the call that settles an unknown outcome, named in error messages (default V3's cc_query). */
  constructor(base: URL, options: GatewayTransportOptions = {}, advice: { query?: string } = {}) {
    this.query = advice.query
    this.basePath = base.pathname.replace(/\/+$/, "")
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024
    this.headersTimeoutMs = options.headersTimeoutMs ?? 20_000
    this.pool = new Pool(base.origin, {
      connections: options.connections ?? 10,
      connect: { timeout: options.connectTimeoutMs ?? 5_000 },
      headersTimeout: this.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs ?? 20_000,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    })
  }

  /**
   * POSTs `payload` to `<apiBase>/<endpoint>` and returns the parsed JSON answer of a 2xx response. Throws
   * IotpayUnreachableError (not delivered), IotpayOutcomeUnknownError (sent, no answer) or IotpayBadResponseError
   * (non-2xx, too large, not JSON).
   */
  async postForJson(
    endpoint: string,
    contentType: string,
    payload: string
  ): Promise<{ status: number; body: unknown }> {
    let status: number
    let text: string
    // A native timer, so a short timeout ends the wait on time; undici's timer stays as the backstop.
    const deadline = new AbortController()
    const timer = setTimeout(() => deadline.abort(new undiciErrors.HeadersTimeoutError()), this.headersTimeoutMs)
    try {
      const res = await this.pool
        .request({
          path: `${this.basePath}/${endpoint}`,
          method: "POST",
          headers: { "content-type": contentType, accept: "application/json" },
          body: payload,
          signal: deadline.signal,
        })
        .finally(() => clearTimeout(timer))
      status = res.statusCode
      text = await this.readBody(endpoint, res.body)
      // undici marks the socket idle a tick after the body ends; yielding once lets a back-to-back call reuse it
      // instead of opening a second connection (and TLS handshake).
      await new Promise<void>((resolve) => setImmediate(resolve))
    } catch (e) {
      if (e instanceof IotpayError) throw e
      if (notDelivered(e)) throw new IotpayUnreachableError(endpoint, describe(e), e)
      // Anything else (timeouts, resets, parser errors) may have happened after IOTPay got the request.
      throw new IotpayOutcomeUnknownError(endpoint, describe(e), e, { query: this.query })
    }

    if (status < 200 || status > 299) {
      throw new IotpayBadResponseError(endpoint, `HTTP status ${status}`, { status, query: this.query })
    }
    try {
      return { status, body: JSON.parse(text) as unknown }
    } catch {
      throw new IotpayBadResponseError(endpoint, `the body is not JSON (starts with "${text.slice(0, 40)}")`, {
        status,
        query: this.query,
      })
    }
  }

  async close(): Promise<void> {
    await this.pool.close()
  }

  private async readBody(endpoint: string, body: AsyncIterable<Buffer> & { destroy(): unknown }) {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of body) {
      size += chunk.length
      if (size > this.maxResponseBytes) {
        body.destroy()
        throw new IotpayBadResponseError(endpoint, `the response is larger than ${this.maxResponseBytes} bytes`, {
          query: this.query,
        })
      }
      chunks.push(chunk)
    }
    return Buffer.concat(chunks).toString("utf8")
  }
}
