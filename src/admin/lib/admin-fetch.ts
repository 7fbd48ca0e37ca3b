// Globals the Medusa admin bundler defines for the dashboard; guarded because a plugin widget may be bundled where
// they are not replaced.
declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: string | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined

const backendUrl = typeof __BACKEND_URL__ === "string" && __BACKEND_URL__ ? __BACKEND_URL__.replace(/\/+$/, "") : ""

/** The dashboard's own authentication: its session cookie (sent with credentials), or its stored JWT. */
function authHeaders(): Record<string, string> {
  const headers: Record<string, string> = {}
  if (typeof __AUTH_TYPE__ === "string" && __AUTH_TYPE__ === "jwt" && typeof __JWT_TOKEN_STORAGE_KEY__ === "string") {
    const token = window.localStorage.getItem(__JWT_TOKEN_STORAGE_KEY__)
    if (token) headers.authorization = `Bearer ${token}`
  }
  return headers
}

/** GET an admin API path the way the dashboard itself authenticates (session cookie, or its stored JWT). */
export function adminGet(path: string): Promise<Response> {
  return fetch(`${backendUrl}${path}`, { credentials: "include", headers: authHeaders() })
}

/** POST JSON to an admin API path, authenticated as adminGet. */
export function adminPost(path: string, body: unknown = {}): Promise<Response> {
  return fetch(`${backendUrl}${path}`, {
    method: "POST",
    credentials: "include",
    headers: { ...authHeaders(), "content-type": "application/json" },
    body: JSON.stringify(body),
  })
}

/** GET an admin path as JSON, or `{ error }` naming the HTTP status or network failure. */
export async function adminJson<T>(path: string, what: string): Promise<T | { error: string }> {
  try {
    const r = await adminGet(path)
    return r.ok ? ((await r.json()) as T) : { error: `${what} unavailable (HTTP ${r.status})` }
  } catch (e) {
    return { error: `${what} unavailable: ${(e as Error).message}` }
  }
}
