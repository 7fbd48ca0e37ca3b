import { z } from "@medusajs/framework/zod"
import { isStatementDay } from "../../../../lib/statement/day"

/**
 * GET /admin/iotpay/statement and statement.csv: which day (UTC; today when left out), and JSON or CSV. Medusa's
 * validateAndTransformQuery makes it strict: an unknown parameter is refused too.
 */
export const AdminIotpayStatementQuery = z.object({
  date: z
    .string()
    .refine(isStatementDay, {
      message: "date must be a day written YYYY-MM-DD, e.g. 2026-12-05 (a real calendar day, in UTC)",
    })
    .optional(),
  format: z.enum(["json", "csv"]).optional(),
})
export type AdminIotpayStatementQuery = z.infer<typeof AdminIotpayStatementQuery>
