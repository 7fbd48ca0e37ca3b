import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

export type SeededStore = {
  regionId: string
  salesChannelId: string
  publishableKey: string
  shippingOptionId: string
  variants: { id: string; title: string; price: number }[]
}

/**
 * A Canadian store that sells in CAD and takes payment through IOTPay (plus a USD region to prove IOTPay refuses
 * other currencies). Used by the demo (`npm run demo`) and the integration tests; idempotent on the demo's
 * marker so a second run reuses the data.
 */
export async function seedStore(
  container: MedusaContainer,
  providerId = "pp_iotpay_iotpay",
  /** More payment providers for the CAD region only (wallets, UPI_EX), e.g. ["pp_iotpay-wallet_iotpay"]. */
  extraCadProviderIds: string[] = []
): Promise<SeededStore> {
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const storeModule = container.resolve(Modules.STORE)
  const fulfillment = container.resolve(Modules.FULFILLMENT)

  const [store] = await storeModule.listStores()
  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "IOTPay demo storefront" }] },
  })
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [
          { currency_code: "cad", is_default: true },
          { currency_code: "usd" },
        ],
        default_sales_channel_id: salesChannel.id,
      },
    },
  })

  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "Canada", currency_code: "cad", countries: ["ca"], payment_providers: [providerId, ...extraCadProviderIds] },
        { name: "United States", currency_code: "usd", countries: ["us"], payment_providers: [providerId] },
      ],
    },
  })
  await createTaxRegionsWorkflow(container).run({ input: [{ country_code: "ca", provider_id: "tp_system" }, { country_code: "us", provider_id: "tp_system" }] })

  const {
    result: [location],
  } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Toronto warehouse", address: { city: "Toronto", country_code: "CA", address_1: "1 Front St" } }] },
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [salesChannel.id] } })

  const {
    result: [profile],
  } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default shipping", type: "default" }] },
  })
  const fulfillmentSet = await fulfillment.createFulfillmentSets({
    name: "Toronto delivery",
    type: "shipping",
    service_zones: [
      { name: "North America", geo_zones: [{ country_code: "ca", type: "country" }, { country_code: "us", type: "country" }] },
    ],
  })
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
  })
  const {
    result: [shippingOption],
  } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: "Standard shipping",
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "Ships in 2-3 days.", code: "standard" },
        prices: [
          { currency_code: "cad", amount: 5 },
          { currency_code: "usd", amount: 5 },
          ...regions.map((r) => ({ region_id: r.id, amount: 5 })),
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })

  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "IOTPay demo storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [
        product("Maple Mug", "maple-mug", 19.99, 24.99, profile.id, salesChannel.id),
        product("Canoe Paddle Keychain", "paddle-keychain", 0.5, 1, profile.id, salesChannel.id),
      ],
    },
  })
  const variants = products.flatMap((p) => p.variants ?? [])
  const inventory = container.resolve(Modules.INVENTORY)
  const items = await inventory.listInventoryItems({ sku: variants.map((v) => v.sku!).filter(Boolean) })
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: items.map((item) => ({ inventory_item_id: item.id, location_id: location.id, stocked_quantity: 1_000_000 })),
    },
  })

  return {
    regionId: regions[0].id,
    salesChannelId: salesChannel.id,
    publishableKey: apiKey.token,
    shippingOptionId: shippingOption.id,
    variants: variants.map((v) => ({ id: v.id, title: v.title!, price: v.sku?.startsWith("maple") ? 19.99 : 0.5 })),
  }
}

function product(title: string, handle: string, cad: number, usd: number, profileId: string, salesChannelId: string) {
  return {
    title,
    handle,
    status: ProductStatus.PUBLISHED,
    shipping_profile_id: profileId,
    options: [{ title: "Size", values: ["One size"] }],
    variants: [
      {
        title: "One size",
        sku: `${handle}-one-size`,
        options: { Size: "One size" },
        manage_inventory: true,
        prices: [
          { amount: cad, currency_code: "cad" },
          { amount: usd, currency_code: "usd" },
        ],
      },
    ],
    sales_channels: [{ id: salesChannelId }],
  }
}
