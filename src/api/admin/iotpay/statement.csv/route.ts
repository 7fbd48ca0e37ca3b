import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { statementCsv } from "../../../../lib/statement/csv"
import { utcDay } from "../../../../lib/statement/day"
import { runStatement } from "../../../../lib/statement/run"
import { sendStatementCsv } from "../statement/csv-response"
import type { AdminIotpayStatementQuery } from "../statement/validators"

/**
 * GET /admin/iotpay/statement.csv?date=YYYY-MM-DD: the same statement as the JSON route, as the bookkeeper's CSV;
 * read-only like it (outside refunds are listed, not recorded).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { date } = req.validatedQuery as AdminIotpayStatementQuery
  const statement = await runStatement(req.scope, date ?? utcDay(new Date()), { importOutsideRefunds: false })
  sendStatementCsv(res, statement.date, statementCsv(statement.lines))
}
