// The backend settings that say which storefronts the demo's Medusa serves. Another storefront (e.g. Medusa's
// Next.js starter on its own port) can use the demo backend: what the shell sets (STORE_CORS, AUTH_CORS,
// IOTPAY_RETURN_URL, IOTPAY_ALLOWED_RETURN_URLS) is kept, and the demo storefront's origin is added to the lists, so
// both storefronts work against one backend.

/** A comma-separated list (Medusa's CORS format) of the shell's entries followed by the demo's own, each once. */
function withOrigins(fromShell, own) {
  const entries = (fromShell || "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
  return [...new Set([...entries, ...own])].join(",")
}

/** The storefront-facing part of the demo backend's environment, from the shell's `env` and the demo's URLs. */
function storefrontEnv(env, { storefrontUrl, medusaUrl }) {
  return {
    IOTPAY_RETURN_URL: env.IOTPAY_RETURN_URL || `${storefrontUrl}/return.html`,
    IOTPAY_ALLOWED_RETURN_URLS: withOrigins(env.IOTPAY_ALLOWED_RETURN_URLS, [storefrontUrl]),
    STORE_CORS: withOrigins(env.STORE_CORS, [storefrontUrl]),
    AUTH_CORS: withOrigins(env.AUTH_CORS, [storefrontUrl, medusaUrl, "http://localhost:5173"]),
  }
}

module.exports = { storefrontEnv }
