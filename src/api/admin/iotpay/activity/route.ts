import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { iotpayProviderEntries } from "../../../../lib/config/config-lookup"
import { optionalNotifyInbox } from "../../../../lib/notify/notify-inbox"
import { INBOX_FILTERS, iotpayActivity, type IotpayInboxFilter } from "../../../../lib/admin-views/payment-activity"
import { providerIdsOf } from "../../../../lib/config/provider-ids"

/**
 * GET /admin/iotpay/activity[?outcome=order_created|already_applied|ignored|not_applied|failed|unprocessed]
 * [&limit=50&offset=0]: the notify inbox newest first, each notify with its order (or cart); the reconcile job's last
 * and next run; and IOTPay payments with open (pending / unknown) refunds or voids or money owed back.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { outcome, limit, offset } = req.query as Record<string, string | undefined>
  if (outcome !== undefined && outcome !== "" && !(INBOX_FILTERS as readonly string[]).includes(outcome)) {
    res.status(400).json({ message: `outcome must be one of ${INBOX_FILTERS.join(", ")} (got "${outcome}").` })
    return
  }
  const number = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined)
  const entries = iotpayProviderEntries(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE))
  const providerIds = [...entries.keys()].flatMap(providerIdsOf)
  const activity = await iotpayActivity(
    req.scope.resolve(ContainerRegistrationKeys.QUERY),
    providerIds,
    optionalNotifyInbox(req.scope),
    { filter: (outcome || undefined) as IotpayInboxFilter | undefined, limit: number(limit), offset: number(offset) }
  )
  res.json({ activity })
}
