// Globals the Medusa admin bundler defines for the dashboard; guarded because a plugin widget may be bundled where
// they are not replaced.
declare const __BACKEND_URL__: string | undefined
declare const __AUTH_TYPE__: string | undefined
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined

const backendUrl = typeof __BACKEND_URL__ === "string" && __BACKEND_URL__ ? __BACKEND_URL__.replace(/\/+$/, "") : ""

/** GET an admin API path the way the dashboard itself authenticates (session cookie, or its stored JWT). */
export function adminGet(path: string): Promise<Response> {
  const headers: Record<string, string> = {}
  if (typeof __AUTH_TYPE__ === "string" && __AUTH_TYPE__ === "jwt" && typeof __JWT_TOKEN_STORAGE_KEY__ === "string") {
    const token = window.localStorage.getItem(__JWT_TOKEN_STORAGE_KEY__)
    if (token) headers.authorization = `Bearer ${token}`
  }
  return fetch(`${backendUrl}${path}`, { credentials: "include", headers })
}
