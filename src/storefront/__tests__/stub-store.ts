/** A stub of Medusa's store API behind a fetch-shaped function: scripted answers per "METHOD /path", calls recorded. */
import { fromFetch, type FetchLike } from "../transport"

export type Answer = { status?: number; body?: unknown } | Error
export type Call = { method: string; url: string; path: string; headers: Record<string, string>; body?: any }

export function stubStore(routes: Record<string, Answer | Answer[] | ((call: Call) => Answer)>) {
  const calls: Call[] = []
  const fetch: FetchLike = async (url, init) => {
    const u = new URL(url)
    const call: Call = {
      method: init.method,
      url,
      path: u.pathname,
      headers: init.headers,
      body: init.body ? JSON.parse(init.body) : undefined,
    }
    calls.push(call)
    const route = routes[`${init.method} ${u.pathname}`]
    if (!route) throw new Error(`stub: no route for ${init.method} ${u.pathname}`)
    const answer = typeof route === "function" ? route(call) : Array.isArray(route) ? route.shift()! : route
    if (answer instanceof Error) throw answer
    const status = answer.status ?? 200
    return { ok: status >= 200 && status < 300, status, json: async () => answer.body ?? {} }
  }
  const store = fromFetch({ baseUrl: "https://api.shop.test/", publishableKey: "pk_test", fetch })
  return { store, calls, fetch }
}

/** Medusa's answer to POST /store/payment-collections/:id/payment-sessions with one session. */
export function collectionWith(providerId: string, data: Record<string, unknown>, status = "pending") {
  return {
    payment_collection: {
      id: "pay_col_1",
      payment_sessions: [{ id: "payses_1", provider_id: providerId, status, data }],
    },
  }
}
