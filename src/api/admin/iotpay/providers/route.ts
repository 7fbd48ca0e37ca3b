import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { iotpayProviderEntries } from "../../../../lib/config/config-lookup"
import { providerSummary } from "../../../../lib/admin-views/provider-settings"
import { v1Summary } from "../../../../lib/admin-views/v1-settings"

/**
 * GET /admin/iotpay/providers: every IOTPay provider entry of medusa-config (merchant, login name, mode, notify URL,
 * channel, autoCapture, provider ids) for the admin's Settings → IOTPay page, and each entry's v1 part (`v1`, same
 * order: v1 API base, refund query path, the WeChat Pay / Alipay / UnionPay services and their channels). Never the
 * secret key, only whether one is set. Authenticated as every /admin route (Medusa applies its admin authentication
 * to plugin routes there).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const entries = [...iotpayProviderEntries(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE))]
  res.json({
    providers: entries.map(([id, options]) => providerSummary(id, options)),
    v1: entries.map(([id, options]) => v1Summary(id, options)),
  })
}
