import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { entryOr404 } from "../../entry"
import { checkConnection } from "../../../../../../lib/admin-views/provider-settings"
import { checkV1Connection } from "../../../../../../lib/admin-views/v1-settings"

/**
 * POST /admin/iotpay/providers/:id/test-connection: "Test connection" for one provider entry (its config id, e.g.
 * "iotpay"): a signed V3 cc_query (`check`) and a signed v1 query_order (`v1Check`), both for numbers that cannot
 * exist, asked at the same time. Always 200 with each outcome (accepted, signature_refused, unreachable, unexpected);
 * 404 for an id that is not an IOTPay entry.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const options = entryOr404(req, res)
  if (!options) return
  const [check, v1Check] = await Promise.all([
    checkConnection(req.params.id, options),
    checkV1Connection(req.params.id, options),
  ])
  res.json({ check, v1Check })
}
