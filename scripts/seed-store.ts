import type { CreateTaxRegionDTO, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createPromotionsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRatesWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

export type SeededStore = {
  regionId: string
  /** Code of the 15 %-off-items promotion (not automatic: the shopper enters it). */
  promoCode: string
  salesChannelId: string
  publishableKey: string
  shippingOptionId: string
  variants: { id: string; title: string; price: number }[]
}

/**
 * A Canadian store that sells in CAD and takes payment through IOTPay (plus a USD region to prove IOTPay refuses
 * other currencies), with Canadian sales tax (CANADIAN_TAXES) and a 15 % promotion code (PROMO_CODE): real totals
 * carry sub-cent digits (19.99 + 5.00 shipping in Ontario = 28.2387). Used by the demo (`npm run demo`) and the integration tests; idempotent on the demo's
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
        supported_currencies: [{ currency_code: "cad", is_default: true }, { currency_code: "usd" }],
        default_sales_channel_id: salesChannel.id,
      },
    },
  })

  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: "Canada",
          currency_code: "cad",
          countries: ["ca"],
          payment_providers: [providerId, ...extraCadProviderIds],
        },
        { name: "United States", currency_code: "usd", countries: ["us"], payment_providers: [providerId] },
      ],
    },
  })
  await seedTaxesAndPromotions(container)

  const {
    result: [location],
  } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        { name: "Toronto warehouse", address: { city: "Toronto", country_code: "CA", address_1: "1 Front St" } },
      ],
    },
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
      {
        name: "North America",
        geo_zones: [
          { country_code: "ca", type: "country" },
          { country_code: "us", type: "country" },
        ],
      },
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
      inventory_levels: items.map((item) => ({
        inventory_item_id: item.id,
        location_id: location.id,
        stocked_quantity: 1_000_000,
      })),
    },
  })

  return {
    regionId: regions[0].id,
    promoCode: PROMO_CODE,
    salesChannelId: salesChannel.id,
    publishableKey: apiKey.token,
    shippingOptionId: shippingOption.id,
    variants: variants.map((v) => ({ id: v.id, title: v.title!, price: v.sku?.startsWith("maple") ? 19.99 : 0.5 })),
  }
}

/** The 15 %-off-the-items promotion code the shopper can enter (percentage promotions leave sub-cent totals). */
export const PROMO_CODE = "SAVE15"

/**
 * Canadian sales tax through Medusa's tax module and its system provider (tp_system), as an admin would set it up:
 * the country (tax region "ca") charges GST 5 % by default; Ontario's sub-region replaces it with HST 13 %; British
 * Columbia's adds PST 7 % to the GST (a combinable rate: Medusa then applies the province's rate and its parent's,
 * two tax lines, 12 % in all). Default rates apply to shipping too. The United States region has no tax.
 *
 * Medusa matches a province sub-region against the cart's `shipping_address.province`, lower-cased, as is: the admin
 * dashboard stores ISO 3166-2 codes ("ca-on"), while storefronts usually send the postal abbreviation ("ON", as the
 * demo storefront does). Each province is therefore seeded under both codes, so either spelling gets its tax.
 */
export const CANADIAN_TAXES = {
  gst: 5,
  provinces: [
    { codes: ["ca-on", "on"], name: "HST", rate: 13, combinable: false },
    { codes: ["ca-bc", "bc"], name: "PST", rate: 7, combinable: true },
  ],
} as const

/**
 * Creates whatever of CANADIAN_TAXES and the PROMO_CODE promotion is missing (idempotent), so the demo can also bring
 * a store seeded before taxes existed up to date.
 */
export async function seedTaxesAndPromotions(container: MedusaContainer) {
  await seedCanadianTaxes(container)
  await seedPromotions(container)
}

async function seedCanadianTaxes(container: MedusaContainer) {
  const tax = container.resolve(Modules.TAX)
  const regions = await tax.listTaxRegions({ country_code: ["ca", "us"] })
  const missingCountries = ["ca", "us"].filter((c) => !regions.some((r) => r.country_code === c && !r.province_code))
  if (missingCountries.length) {
    await createTaxRegionsWorkflow(container).run({
      input: missingCountries.map((country_code) => ({
        country_code,
        provider_id: "tp_system",
        ...(country_code === "ca" ? { default_tax_rate: { name: "GST", code: "GST", rate: CANADIAN_TAXES.gst } } : {}),
      })),
    })
  }
  const canada = (await tax.listTaxRegions({ country_code: "ca" })).find((r) => !r.province_code)!
  if (!(await tax.listTaxRates({ tax_region_id: canada.id })).some((r) => r.is_default)) {
    // A store seeded before taxes: its "ca" region exists without a rate.
    await createTaxRatesWorkflow(container).run({
      input: [{ tax_region_id: canada.id, name: "GST", code: "GST", rate: CANADIAN_TAXES.gst, is_default: true }],
    })
  }
  const existing = new Set(
    regions.filter((r) => r.country_code === "ca" && r.province_code).map((r) => r.province_code)
  )
  // The admin API (POST /admin/tax-regions) passes default_tax_rate.is_combinable through to the tax module; the
  // workflow's input type just does not declare it.
  type DefaultRate = NonNullable<CreateTaxRegionDTO["default_tax_rate"]> & { is_combinable?: boolean }
  const provinces = CANADIAN_TAXES.provinces.flatMap((p) =>
    p.codes
      .filter((code) => !existing.has(code))
      .map((province_code) => {
        const default_tax_rate: DefaultRate = { name: p.name, code: p.name, rate: p.rate, is_combinable: p.combinable }
        return { country_code: "ca", province_code, parent_id: canada.id, default_tax_rate } // the provider is the parent's
      })
  )
  if (provinces.length) await createTaxRegionsWorkflow(container).run({ input: provinces })
}

async function seedPromotions(container: MedusaContainer) {
  const existing = await container.resolve(Modules.PROMOTION).listPromotions({ code: PROMO_CODE })
  if (existing.length) return
  await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code: PROMO_CODE,
          type: "standard",
          status: "active",
          is_automatic: false,
          application_method: {
            type: "percentage",
            target_type: "items",
            allocation: "across",
            value: 15,
            currency_code: "cad",
          },
        },
      ],
    },
  })
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
