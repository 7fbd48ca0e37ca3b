/**
 * How the kit talks to Medusa's store API: one small function, made from `@medusajs/js-sdk` ({@link fromSdk}) or from
 * plain `fetch` ({@link fromFetch}). Every failure becomes a {@link StoreApiError} (HTTP status and Medusa's message)
 * or, when no answer arrived at all, a {@link NetworkError}.
 */

/** A request to Medusa's store API: `path` starts with `/store/`; `body` is sent as JSON. */
export type StoreRequest = {
  method: "GET" | "POST" | "DELETE"
  body?: Record<string, unknown>
  query?: Record<string, string>
}

/** Sends one store API request and resolves with the parsed JSON answer; rejects on anything but 2xx. */
export type Transport = <T>(path: string, request: StoreRequest) => Promise<T>

/** Medusa answered with an error status. `type` is Medusa's error type when the answer carried one. */
export class StoreApiError extends Error {
  readonly status: number
  readonly type?: string
  constructor(message: string, status: number, type?: string) {
    super(message)
    this.name = "StoreApiError"
    this.status = status
    this.type = type
  }
}

/** No answer from Medusa (offline, DNS, CORS, connection reset): the request may or may not have been handled. */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "NetworkError"
  }
}

type HeaderSource = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>)

/**
 * What {@link fromSdk} needs of a `@medusajs/js-sdk` instance: its `client.fetch`, with only the argument shapes the
 * kit sends (a JSON object body, string query values and headers), so js-sdk's `Medusa` fits as it is (its
 * `FetchArgs` takes a `BodyInit` or a record as body; a wider `body: unknown` here would reject it).
 */
export type SdkLike = {
  client: {
    fetch<T>(
      path: string,
      init?: {
        method?: string
        body?: Record<string, unknown>
        query?: Record<string, string>
        headers?: Record<string, string>
      }
    ): Promise<T>
  }
}

/**
 * A transport over `@medusajs/js-sdk` (publishable key, auth and base URL come from the sdk's own configuration).
 *
 * @example
 * ```ts
 * import Medusa from "@medusajs/js-sdk"
 * import { fromSdk } from "medusa-payment-iotpay/storefront"
 * const sdk = new Medusa({ baseUrl: "https://api.shop.example", publishableKey: "pk_..." })
 * const store = fromSdk(sdk)
 * // Next.js server side, with the starter's auth cookie: fromSdk(sdk, { headers: getAuthHeaders })
 * ```
 */
export function fromSdk(sdk: SdkLike, options: { headers?: HeaderSource } = {}): Transport {
  return async <T>(path: string, request: StoreRequest) => {
    const headers = await resolveHeaders(options.headers)
    try {
      return await sdk.client.fetch<T>(path, {
        method: request.method,
        body: request.body,
        query: request.query,
        headers,
      })
    } catch (error) {
      const status = (error as { status?: unknown }).status
      if (typeof status === "number") throw new StoreApiError((error as Error).message, status)
      throw new NetworkError((error as Error)?.message || String(error))
    }
  }
}

/** What {@link fromFetch} needs: the global `fetch` or anything shaped like it. */
export type FetchLike = (
  url: string,
  init: {
    method: string
    headers: Record<string, string>
    body?: string
    credentials?: "include" | "same-origin" | "omit"
  }
) => Promise<{
  ok: boolean
  status: number
  statusText?: string
  json(): Promise<unknown>
}>

/**
 * A transport over plain `fetch`.
 *
 * @example
 * ```ts
 * const store = fromFetch({ baseUrl: "https://api.shop.example", publishableKey: "pk_..." })
 * // signed-in customer: fromFetch({ ..., headers: () => ({ authorization: `Bearer ${token}` }) })
 * // or with Medusa's session cookie: fromFetch({ ..., credentials: "include" })
 * ```
 */
export function fromFetch(options: {
  baseUrl: string
  publishableKey: string
  headers?: HeaderSource
  credentials?: "include" | "same-origin" | "omit"
  fetch?: FetchLike
}): Transport {
  const base = options.baseUrl.replace(/\/+$/, "")
  return async <T>(path: string, request: StoreRequest) => {
    const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init))
    const query = request.query && Object.keys(request.query).length ? `?${new URLSearchParams(request.query)}` : ""
    const headers = {
      accept: "application/json",
      ...(request.body === undefined ? {} : { "content-type": "application/json" }),
      "x-publishable-api-key": options.publishableKey,
      ...(await resolveHeaders(options.headers)),
    }
    let res: Awaited<ReturnType<FetchLike>>
    try {
      res = await doFetch(base + path + query, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      })
    } catch (error) {
      throw new NetworkError((error as Error)?.message || String(error))
    }
    let data: { message?: unknown; type?: unknown } | undefined
    let unreadable: unknown
    try {
      data = (await res.json()) as typeof data
    } catch (error) {
      unreadable = error
    }
    // A success whose body is not JSON (a proxy's or captive portal's page) is not Medusa's answer: never read it as
    // an empty one. Nothing is known about the request, as when no answer came.
    if (res.ok && unreadable !== undefined) {
      const why = (unreadable as Error)?.message || String(unreadable)
      throw new NetworkError(`${request.method} ${path}: HTTP ${res.status} with a body that is not JSON (${why})`)
    }
    if (!res.ok) {
      const message =
        typeof data?.message === "string" && data.message
          ? data.message
          : `${request.method} ${path} failed (HTTP ${res.status})`
      throw new StoreApiError(message, res.status, typeof data?.type === "string" ? data.type : undefined)
    }
    return data as T
  }
}

async function resolveHeaders(source?: HeaderSource): Promise<Record<string, string>> {
  if (!source) return {}
  return typeof source === "function" ? await source() : source
}
