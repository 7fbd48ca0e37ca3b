import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { statementCsv } from "../../../../lib/statement/csv"
import { utcDay } from "../../../../lib/statement/day"
import { runStatement } from "../../../../lib/statement/run"
import { sendStatementCsv } from "./csv-response"
import type { AdminIotpayStatementQuery } from "./validators"

/**
 * GET /admin/iotpay/statement?date=YYYY-MM-DD[&format=csv]: the day's statement (today, UTC, by default), asking
 * IOTPay now; refunds made outside the store are brought into Medusa when `importOutsideRefunds` is on (idempotent).
 * The query is validated by the middleware (src/api/middlewares.ts, validators.ts).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { date, format } = req.validatedQuery as AdminIotpayStatementQuery
  const statement = await runStatement(req.scope, date ?? utcDay(new Date()))
  if (format === "csv") return sendStatementCsv(res, statement.date, statementCsv(statement.lines))
  res.json({ statement })
}
