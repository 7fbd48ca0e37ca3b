import { parseProviderOptions, type IotpayProviderOptions } from "./options"

type ProviderEntry = { resolve?: unknown; id?: string; options?: Record<string, unknown> }
type ConfigModuleLike = { modules?: Record<string, unknown> | unknown[] }

/**
 * The IOTPay entries registered under the payment module in medusa-config, keyed by their `id`. The notify route
 * uses this to verify a notify with the right merchant's key without calling the provider (a route cannot reach a
 * module's providers), and the provider uses it to learn its own id for the notify URL.
 */
export function iotpayProviderEntries(configModule: unknown): Map<string, IotpayProviderOptions> {
  // The config is fixed once Medusa has loaded it: validate it once, not on every notify.
  const cacheable = typeof configModule === "object" && configModule !== null
  const cached = cacheable ? parsedEntries.get(configModule) : undefined
  if (cached) return cached
  const found = parseEntries(configModule)
  if (cacheable) parsedEntries.set(configModule, found)
  return found
}

const parsedEntries = new WeakMap<object, Map<string, IotpayProviderOptions>>()

function parseEntries(configModule: unknown): Map<string, IotpayProviderOptions> {
  const found = new Map<string, IotpayProviderOptions>()
  for (const entry of paymentProviderEntries(configModule as ConfigModuleLike)) {
    const options = entry.options
    if (!options || typeof options.merchantId !== "string" || typeof options.secretKey !== "string") continue
    if (!String(entry.resolve ?? "").includes("iotpay")) continue
    try {
      found.set(entry.id ?? "iotpay", parseProviderOptions(options))
    } catch {
      // Invalid entries already failed the provider's own validation at startup.
    }
  }
  return found
}

function paymentProviderEntries(configModule: ConfigModuleLike | undefined): ProviderEntry[] {
  const modules = configModule?.modules
  if (!modules) return []
  const list = Array.isArray(modules) ? modules : Object.entries(modules).map(([key, m]) => ({ key, ...(m as object) }))
  const payment = list.find((m: any) => m?.key === "payment" || String(m?.resolve ?? "").endsWith("/payment")) as
    { options?: { providers?: ProviderEntry[] } } | undefined
  return payment?.options?.providers ?? []
}

/**
 * This provider's entry id. Medusa builds each service of an entry with that entry's own `options` object (the one in
 * medusa-config), so the entry is found by that object, never by its credentials: two entries may share a merchant
 * (a second one with its own trustedProxies) and each must give IOTPay its own notify URL. A copy of the options
 * (a config loaded another way) is matched by content; "iotpay" only when no entry matches at all.
 */
export function ownConfigId(configModule: unknown, rawOptions: Record<string, unknown>): string {
  const entries = paymentProviderEntries(configModule as ConfigModuleLike)
  const same = entries.find((e) => e.options === rawOptions)
  if (same) return same.id ?? "iotpay"
  const text = JSON.stringify(rawOptions)
  const alike = entries.filter((e) => JSON.stringify(e.options) === text)
  return alike.length === 1 ? (alike[0].id ?? "iotpay") : "iotpay"
}
