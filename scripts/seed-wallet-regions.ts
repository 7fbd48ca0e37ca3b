import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createRegionsWorkflow, updateRegionsWorkflow, updateStoresWorkflow } from "@medusajs/medusa/core-flows"

/** CNY prices (yuan) of the seeded products, by SKU, and of the standard shipping option. */
export const CNY_PRICES: Record<string, number> = { "maple-mug-one-size": 138.88, "paddle-keychain-one-size": 3.5 }
export const CNY_SHIPPING = 35

/**
 * WeChat Pay, Alipay and UnionPay in the wallets' other currencies on a store seedStore made (scripts/seed-store.ts):
 * the "United States" region (USD) offers `usd` (a US merchant's provider entry), and a "China" region in CNY offers
 * `cny`, with CNY prices for the products and shipping to China. Idempotent: what exists is kept, what is missing is added.
 * Used by the demo (scripts/demo/seed-demo.ts) and the currency integration tests.
 */
export async function seedWalletRegions(
  container: MedusaContainer,
  providers: { usd: string[]; cny: string[] }
): Promise<{ usdRegionId: string; cnyRegionId: string }> {
  const regions = container.resolve(Modules.REGION)
  const [us] = await regions.listRegions({ currency_code: "usd" })
  if (!us) throw new Error('seedWalletRegions: no USD region; run seedStore first (it makes "United States")')
  await addPaymentProviders(container, us.id, providers.usd)
  await addStoreCurrency(container, "cny")
  let [china] = await regions.listRegions({ currency_code: "cny" })
  if (!china) {
    const { result } = await createRegionsWorkflow(container).run({
      input: {
        regions: [{ name: "China", currency_code: "cny", countries: ["cn"], payment_providers: providers.cny }],
      },
    })
    china = result[0]
    await addCnyPrices(container)
    await shipToChina(container)
  } else {
    await addPaymentProviders(container, china.id, providers.cny)
  }
  return { usdRegionId: us.id, cnyRegionId: china.id }
}

/** Adds `providerIds` to a region's payment providers, keeping the ones it has. */
export async function addPaymentProviders(container: MedusaContainer, regionId: string, providerIds: string[]) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [region],
  } = await query.graph({ entity: "region", fields: ["id", "payment_providers.id"], filters: { id: regionId } })
  const current: string[] = (region?.payment_providers ?? []).map((p: { id: string } | null) => p?.id ?? "")
  const missing = providerIds.filter((id) => !current.includes(id))
  if (!missing.length) return []
  await updateRegionsWorkflow(container).run({
    input: { selector: { id: regionId }, update: { payment_providers: [...current.filter(Boolean), ...missing] } },
  })
  return missing
}

async function addStoreCurrency(container: MedusaContainer, code: string) {
  const [store] = await container.resolve(Modules.STORE).listStores({}, { relations: ["supported_currencies"] })
  const current = store.supported_currencies ?? []
  if (current.some((c) => c.currency_code === code)) return
  const kept = current.map((c) => ({ currency_code: c.currency_code, is_default: c.is_default }))
  await updateStoresWorkflow(container).run({
    input: { selector: { id: store.id }, update: { supported_currencies: [...kept, { currency_code: code }] } },
  })
}

/** The seeded shipping options' service zone also delivers to China (a Medusa region's carts ship to its countries). */
async function shipToChina(container: MedusaContainer) {
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const zones = await fulfillment.listServiceZones({}, { relations: ["geo_zones"] })
  const zone = zones.find((z) => z.geo_zones.some((g) => g.country_code === "ca"))
  if (!zone || zone.geo_zones.some((g) => g.country_code === "cn")) return
  await fulfillment.createGeoZones([{ service_zone_id: zone.id, type: "country", country_code: "cn" }])
}

/** CNY prices on the seeded variants and on every shipping option (Medusa prices a cart in its region's currency). */
async function addCnyPrices(container: MedusaContainer) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const pricing = container.resolve(Modules.PRICING)
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["sku", "price_set.id"],
    filters: { sku: Object.keys(CNY_PRICES) },
  })
  const { data: options } = await query.graph({ entity: "shipping_option", fields: ["price_set_link.price_set_id"] })
  const sets = [
    ...variants.map((v: any) => ({ priceSetId: v.price_set.id as string, amount: CNY_PRICES[v.sku] })),
    ...options.map((o: any) => ({ priceSetId: o.price_set_link.price_set_id as string, amount: CNY_SHIPPING })),
  ]
  for (const { priceSetId, amount } of sets) {
    await pricing.addPrices({ priceSetId, prices: [{ currency_code: "cny", amount }] })
  }
}
