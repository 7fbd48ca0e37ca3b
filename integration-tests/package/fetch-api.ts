/**
 * The `api` the test helpers (Storefront) expect, over plain fetch to a Medusa running in another process: axios'
 * shape (`{ data }`, and an error carrying `response: { status, data }`), nothing else of axios.
 */
export function fetchApi(baseUrl: string) {
  async function call(method: string, path: string, body?: unknown, config: { headers?: Record<string, string> } = {}) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...config.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    const data = text ? JSON.parse(text) : {}
    if (!res.ok) {
      throw Object.assign(new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`), {
        response: { status: res.status, data },
      })
    }
    return { status: res.status, data }
  }
  return {
    get: (path: string, config?: { headers?: Record<string, string> }) => call("GET", path, undefined, config),
    post: (path: string, body: unknown, config?: { headers?: Record<string, string> }) =>
      call("POST", path, body, config),
  }
}
