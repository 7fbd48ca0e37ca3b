// `medusa exec ./scripts/demo/seed-demo.ts`, run by `npm run demo` at every start. Seeds the demo store once (the
// "Canada" region is the marker; WeChat Pay, Alipay and UnionPay next to the card; the wallets also in a USD region through
// a US merchant's entry "iotpay-us" and in a CNY region), adds Canadian sales tax and the SAVE15 promotion to a demo store seeded before they
// existed (so its totals carry sub-cent digits, as real taxed stores' do), creates the admin user once, and writes what the storefront needs (region id,
// publishable key) to .demo-data/demo.json (or DEMO_INFO_FILE), so a second run reuses the data and never duplicates it.
import fs from "node:fs"
import path from "node:path"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createUsersWorkflow } from "@medusajs/medusa/core-flows"
import { PROMO_CODE, seedStore, seedTaxesAndPromotions } from "../seed-store"
import { addPaymentProviders, seedWalletRegions } from "../seed-wallet-regions"

const ADMIN_EMAIL = process.env.DEMO_ADMIN_EMAIL || "admin@iotpay.local"
const ADMIN_PASSWORD = process.env.DEMO_ADMIN_PASSWORD || "iotpay-demo"
const KEY_TITLE = "IOTPay demo storefront" // the title seedStore gives the publishable key
const CARD_PROVIDER = "pp_iotpay_iotpay"
// WeChat Pay, Alipay and UnionPay (IOTPay v1), registered by the same medusa-config entry: offered next to the card.
const WALLET_PROVIDERS = ["pp_iotpay-wechat_iotpay", "pp_iotpay-alipay_iotpay", "pp_iotpay-unionpay_iotpay"]
// The same wallets through a US merchant's entry (id "iotpay-us", currencies ["USD"]; scripts/demo/run.js adds it).
const US_WALLET_PROVIDERS = WALLET_PROVIDERS.map((id) => id.replace(/_iotpay$/, "_iotpay-us"))

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const [canada] = await container.resolve(Modules.REGION).listRegions({ name: "Canada" })
  let info: { regionId: string; publishableKey: string; seeded: boolean; regions?: Record<string, string> }
  if (canada) {
    const keys = await container.resolve(Modules.API_KEY).listApiKeys({ title: KEY_TITLE, type: "publishable" })
    const key = keys.find((k) => !k.revoked_at)
    if (!key) {
      throw new Error(`The demo store exists but its publishable key "${KEY_TITLE}" is gone; reset the demo database.`)
    }
    info = { regionId: canada.id, publishableKey: key.token, seeded: false }
    await seedTaxesAndPromotions(container) // creates only what is missing
    await ensureWalletProviders(container, canada.id)
  } else {
    logger.info(
      "Seeding the IOTPay demo store (Canada region with sales tax, products, shipping, promotion, publishable key)..."
    )
    const seeded = await seedStore(container, CARD_PROVIDER, WALLET_PROVIDERS)
    info = { regionId: seeded.regionId, publishableKey: seeded.publishableKey, seeded: true }
  }
  // USD through the US entry, CNY through this entry (IOTPAY_CURRENCIES "CAD,CNY"): the wallets only, cards are CAD.
  const wallets = await seedWalletRegions(container, { usd: US_WALLET_PROVIDERS, cny: WALLET_PROVIDERS })
  info.regions = { CAD: info.regionId, USD: wallets.usdRegionId, CNY: wallets.cnyRegionId }
  await ensureAdmin(container)

  const file = process.env.DEMO_INFO_FILE || path.join(process.cwd(), ".demo-data", "demo.json")
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify({ ...info, adminEmail: ADMIN_EMAIL }, null, 2))
  logger.info(
    `Demo store ${info.seeded ? "seeded" : "already seeded"}; publishable key ${info.publishableKey}; Ontario HST 13 %, ` +
      `BC GST + PST 12 %, elsewhere GST 5 %; promotion code ${PROMO_CODE} (${file})`
  )
}

/** A demo store seeded before the v1 wallets existed: adds them to the Canada region (keeping its other providers). */
async function ensureWalletProviders(container: ExecArgs["container"], regionId: string) {
  const missing = await addPaymentProviders(container, regionId, WALLET_PROVIDERS)
  if (!missing.length) return
  container.resolve(ContainerRegistrationKeys.LOGGER).info(`Demo store: Canada region now offers ${missing.join(", ")}`)
}

/** What `medusa user -e .. -p ..` does, but skipped when the user exists, so a second run is quiet and one boot shorter. */
async function ensureAdmin(container: ExecArgs["container"]) {
  const users = await container.resolve(Modules.USER).listUsers({ email: ADMIN_EMAIL })
  if (users.length) return
  const {
    result: [user],
  } = await createUsersWorkflow(container).run({ input: { users: [{ email: ADMIN_EMAIL }] } })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", {
    body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  } as Parameters<typeof auth.register>[1])
  if (error || !authIdentity) throw new Error(`Could not create the admin login: ${error}`)
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })
}
