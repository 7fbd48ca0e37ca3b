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

  it("no answer at all becomes NetworkError", async () => {
    const { store } = stubStore({ "GET /store/x": new TypeError("Failed to fetch") })
    await expect(store("/store/x", { method: "GET" })).rejects.toBeInstanceOf(NetworkError)
  })
})

describe("fromSdk", () => {
  it("calls sdk.client.fetch with method, body, query and headers", async () => {
    const fetch = jest.fn(async () => ({ cart: { id: "c" } }))
    const store = fromSdk({ client: { fetch } } as any, { headers: { authorization: "Bearer x" } })
    expect(await store("/store/carts/c", { method: "GET", query: { fields: "id" } })).toEqual({ cart: { id: "c" } })
    expect(fetch).toHaveBeenCalledWith("/store/carts/c", {
      method: "GET",
      body: undefined,
      query: { fields: "id" },
      headers: { authorization: "Bearer x" },
    })
  })

  it("maps the sdk's FetchError (status) to StoreApiError and anything else to NetworkError", async () => {
    const fetchError = Object.assign(new Error("Cart id not found"), { status: 404, statusText: "Not Found" })
    const failing = fromSdk({ client: { fetch: async () => Promise.reject(fetchError) } } as any)
    await expect(failing("/store/carts/c", { method: "GET" })).rejects.toMatchObject({
      name: "StoreApiError",
      status: 404,
      message: "Cart id not found",
    })
    const offline = fromSdk({ client: { fetch: async () => Promise.reject(new TypeError("fetch failed")) } } as any)
    await expect(offline("/store/carts/c", { method: "GET" })).rejects.toBeInstanceOf(NetworkError)
  })
})
