import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { iotpayProviderEntries } from "../../../../lib/config/config-lookup"
import type { IotpayProviderOptions } from "../../../../lib/config/options"

/**
 * The options of the entry named by `:id` (its config id, e.g. "iotpay"); otherwise answers 404 and gives undefined.
 */
export function entryOr404(req: AuthenticatedMedusaRequest, res: MedusaResponse): IotpayProviderOptions | undefined {
  const entries = iotpayProviderEntries(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE))
  const options = entries.get(req.params.id)
  if (!options) res.status(404).json({ message: `No IOTPay provider entry with id "${req.params.id}" is configured.` })
  return options
}
