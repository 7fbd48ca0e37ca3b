import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { statementCsv } from "../../../../lib/statement/csv"
import { utcDay, type StatementQuery } from "../../../../lib/statement/day"
import { runStatement } from "../../../../lib/statement/run"
import { sendStatementCsv } from "../statement/route"

/** GET /admin/iotpay/statement.csv?date=YYYY-MM-DD: the same statement as the JSON route, as the bookkeeper's CSV. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { date } = req.validatedQuery as StatementQuery
  const statement = await runStatement(req.scope, date ?? utcDay(new Date()))
  sendStatementCsv(res, statement.date, statementCsv(statement.lines))
}
