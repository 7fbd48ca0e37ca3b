import Medusa from "@medusajs/js-sdk"
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { fromFetch, fromSdk, NetworkError, StoreApiError } from "../transport"
import { stubStore } from "./stub-store"

describe("fromFetch", () => {
  it("sends JSON with the publishable key to the base URL (trailing slash trimmed), query encoded", async () => {
    const { store, calls } = stubStore({ "POST /store/x": { body: { ok: 1 } } })
    expect(await store("/store/x", { method: "POST", body: { a: 1 }, query: { provider_id: "pp_iotpay_b" } })).toEqual({
      ok: 1,
    })
    expect(calls[0].url).toBe("https://api.shop.test/store/x?provider_id=pp_iotpay_b")
    expect(calls[0].headers).toMatchObject({ "content-type": "application/json", "x-publishable-api-key": "pk_test" })
    expect(calls[0].body).toEqual({ a: 1 })
  })

  it("adds headers from a (possibly async) function at each call, e.g. a customer's bearer token", async () => {
    let token = "t1"
    const seen: string[] = []
    const store = fromFetch({
      baseUrl: "https://api",
      publishableKey: "pk",
      headers: async () => ({ authorization: `Bearer ${token}` }),
      fetch: async (_url, init) => {
        seen.push(init.headers.authorization)
        return { ok: true, status: 200, json: async () => ({}) }
      },
    })
    await store("/store/a", { method: "GET" })
    token = "t2"
    await store("/store/a", { method: "GET" })
    expect(seen).toEqual(["Bearer t1", "Bearer t2"])
  })

  it("an error status becomes StoreApiError with Medusa's message, status and type", async () => {
    const { store } = stubStore({ "GET /store/x": { status: 400, body: { type: "not_allowed", message: "nope" } } })
    const error = await store("/store/x", { method: "GET" }).catch((e) => e)
    expect(error).toBeInstanceOf(StoreApiError)
    expect(error).toMatchObject({ status: 400, type: "not_allowed", message: "nope" })
  })

  it("an error without a JSON body still says which request failed", async () => {
    const store = fromFetch({
      baseUrl: "https://api",
      publishableKey: "pk",
      fetch: async () => ({ ok: false, status: 502, json: async () => Promise.reject(new SyntaxError("html")) }),
    })
    await expect(store("/store/carts/c/complete", { method: "POST" })).rejects.toMatchObject({
      status: 502,
      message: "POST /store/carts/c/complete failed (HTTP 502)",
    })
  })

  it("a success whose body is not JSON is not taken as an empty answer: NetworkError naming the request", async () => {
    const store = fromFetch({
      baseUrl: "https://api",
      publishableKey: "pk",
      fetch: async () => ({ ok: true, status: 200, json: async () => Promise.reject(new SyntaxError("Unexpected <")) }),
    })
    const error = await store("/store/carts/c/complete", { method: "POST" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as Error).message).toBe(
      "POST /store/carts/c/complete: HTTP 200 with a body that is not JSON (Unexpected <)"
    )
  })

  it("no answer at all becomes NetworkError", async () => {
    const { store } = stubStore({ "GET /store/x": new TypeError("Failed to fetch") })
    await expect(store("/store/x", { method: "GET" })).rejects.toBeInstanceOf(NetworkError)
  })
})

describe("fromSdk", () => {
  // The real @medusajs/js-sdk, typed as it is (no cast), against a small HTTP server standing in for Medusa.
  let server: Server
  let baseUrl: string
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = ""
      req.on("data", (chunk) => (body += chunk))
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body })
        const missing = req.url?.startsWith("/store/carts/gone")
        res.writeHead(missing ? 404 : 200, { "content-type": "application/json" })
        res.end(JSON.stringify(missing ? { type: "not_found", message: "Cart id not found" } : { cart: { id: "c" } }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  it("sends method, JSON body, query and headers through js-sdk's Medusa", async () => {
    const sdk = new Medusa({ baseUrl, publishableKey: "pk_sdk" })
    const store = fromSdk(sdk, { headers: { authorization: "Bearer x" } })
    expect(await store("/store/carts/c", { method: "GET", query: { fields: "id" } })).toEqual({ cart: { id: "c" } })
    expect(await store("/store/carts/c/complete", { method: "POST", body: { a: 1 } })).toEqual({ cart: { id: "c" } })
    expect(seen[0]).toMatchObject({ method: "GET", url: "/store/carts/c?fields=id" })
    expect(seen[0].headers).toMatchObject({ authorization: "Bearer x", "x-publishable-api-key": "pk_sdk" })
    expect(seen[1]).toMatchObject({ method: "POST", url: "/store/carts/c/complete", body: '{"a":1}' })
  })

  it("maps the sdk's FetchError (status) to StoreApiError and no answer to NetworkError", async () => {
    const failing = fromSdk(new Medusa({ baseUrl }))
    await expect(failing("/store/carts/gone", { method: "GET" })).rejects.toMatchObject({
      name: "StoreApiError",
      status: 404,
      message: "Cart id not found",
    })
    const offline = fromSdk(new Medusa({ baseUrl: "http://127.0.0.1:9" }))
    await expect(offline("/store/carts/c", { method: "GET" })).rejects.toBeInstanceOf(NetworkError)
  })
})
