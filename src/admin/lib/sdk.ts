import Medusa from "@medusajs/js-sdk"

// The plugin form of Medusa's admin SDK set-up: a plugin's admin is built before the store exists, so the backend's
// address comes from `__BACKEND_URL__` (set by the store's admin build), not from the plugin's own `import.meta.env`.
// "/" (same origin) when the store serves its admin itself.
declare const __BACKEND_URL__: string | undefined

export const sdk = new Medusa({
  baseUrl: (typeof __BACKEND_URL__ === "string" && __BACKEND_URL__) || "/",
  auth: {
    type: "session",
  },
})
