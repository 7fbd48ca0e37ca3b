import { z } from "@medusajs/framework/zod"
import { isStatementDay } from "../../../../lib/statement/day"

const DAY_MESSAGE = "date must be a day written YYYY-MM-DD, e.g. 2026-12-05 (a real calendar day, in UTC)"
/** Missing, not a string, or no such day: the same message, naming the field and what to write. */
const statementDay = z.string({ error: DAY_MESSAGE }).refine(isStatementDay, { message: DAY_MESSAGE })

/**
 * GET /admin/iotpay/statement and statement.csv: which day (UTC; today when left out), and JSON or CSV. Medusa's
 * validateAndTransformQuery makes it strict: an unknown parameter is refused too.
 */
export const AdminIotpayStatementQuery = z.object({
  date: statementDay.optional(),
  format: z.enum(["json", "csv"]).optional(),
})
export type AdminIotpayStatementQuery = z.infer<typeof AdminIotpayStatementQuery>

/** POST /admin/iotpay/statement: the day whose outside refunds are recorded in Medusa; required (a write names it). */
export const AdminRecordOutsideRefunds = z.object({ date: statementDay })
export type AdminRecordOutsideRefunds = z.infer<typeof AdminRecordOutsideRefunds>
