import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { iotpayProviderEntries } from "../../../../lib/config-lookup"
import { iotpayActivity } from "../../../../lib/payment-activity"
import { providerIdsOf } from "../../../../lib/provider-ids"

/**
 * GET /admin/iotpay/activity: what can be read today without a notify inbox: recent IOTPay payments and those with
 * open (pending / unknown) refunds or voids or money owed back, from Medusa's payment data.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const entries = iotpayProviderEntries(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE))
  const providerIds = [...entries.keys()].flatMap(providerIdsOf)
  res.json({ activity: await iotpayActivity(req.scope.resolve(ContainerRegistrationKeys.QUERY), providerIds) })
}
