import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { iotpayProviderEntries } from "../../../../../../lib/config-lookup"
import { checkConnection } from "../../../../../../lib/provider-settings"

/**
 * POST /admin/iotpay/providers/:id/test: "Test connection" for one provider entry (its config id, e.g. "iotpay"):
 * a signed cc_query for a number that cannot exist. Always 200 with the outcome (accepted, signature_refused,
 * unreachable, unexpected); 404 for an id that is not an IOTPay entry.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const entries = iotpayProviderEntries(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE))
  const options = entries.get(req.params.id)
  if (!options) {
    res.status(404).json({ message: `No IOTPay provider entry with id "${req.params.id}" is configured.` })
    return
  }
  res.json({ check: await checkConnection(req.params.id, options) })
}
