import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { entryOr404 } from "../../entry"
import { formatReport, runDoctor, scrubSecret } from "../../../../../../doctor"
import { modeOf } from "../../../../../../lib/admin-views/provider-settings"

/**
 * POST /admin/iotpay/providers/:id/doctor: "Run go-live check" for one provider entry: iotpay-doctor's SAFE probes
 * only (queries of numbers that cannot exist, a refund of a payment that cannot exist, the same wrongly signed; V3 at
 * the entry's apiBase and v1 at its v1ApiBase). Never a test payment: nothing can move money. 200 with the report
 * (`report`, and `text` as the command line prints it), secret key removed; 404 for an id that is not an IOTPay entry.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const options = entryOr404(req, res)
  if (!options) return
  const report = await runDoctor({
    merchantId: options.merchantId,
    loginName: options.loginName,
    secretKey: options.secretKey,
    apiBase: options.apiBase,
    v1ApiBase: options.v1ApiBase,
    ...(options.v1RefundQueryPath ? { v1RefundQueryPath: options.v1RefundQueryPath } : {}),
    live: modeOf(options.apiBase) === "live",
    withTestPayment: false,
    timeoutMs: 10_000,
  })
  res.json({
    report: JSON.parse(scrubSecret(JSON.stringify(report), options.secretKey)),
    text: formatReport(report, options.secretKey),
  })
}
