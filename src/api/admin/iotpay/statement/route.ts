import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { statementCsv } from "../../../../lib/statement/csv"
import { utcDay } from "../../../../lib/statement/day"
import { runStatement } from "../../../../lib/statement/run"
import { sendStatementCsv } from "./csv-response"
import type { AdminIotpayStatementQuery, AdminRecordOutsideRefunds } from "./validators"

/**
 * GET /admin/iotpay/statement?date=YYYY-MM-DD[&format=csv]: the day's statement (today, UTC, by default), asking
 * IOTPay now. Read-only: a refund made outside the store is listed as a difference, never recorded (a GET changes
 * nothing). The query is validated by the middleware (src/api/middlewares.ts, validators.ts).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { date, format } = req.validatedQuery as AdminIotpayStatementQuery
  const statement = await runStatement(req.scope, date ?? utcDay(new Date()), { importOutsideRefunds: false })
  if (format === "csv") return sendStatementCsv(res, statement.date, statementCsv(statement.lines))
  res.json({ statement })
}

/**
 * POST /admin/iotpay/statement {date}: the day's check with its outside refunds recorded in Medusa (where the entry's
 * `importOutsideRefunds` allows; idempotent, nothing sent to IOTPay); answers the statement after the import.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminRecordOutsideRefunds>, res: MedusaResponse) {
  const { date } = req.validatedBody
  res.json({ statement: await runStatement(req.scope, date, { importOutsideRefunds: true }) })
}
