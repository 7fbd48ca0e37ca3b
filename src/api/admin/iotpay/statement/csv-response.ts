import type { MedusaResponse } from "@medusajs/framework/http"

/** The statement CSV as a download named after its day. */
export function sendStatementCsv(res: MedusaResponse, date: string, csv: string) {
  res.setHeader("content-type", "text/csv; charset=utf-8")
  res.setHeader("content-disposition", `attachment; filename="iotpay-statement-${date}.csv"`)
  res.send(csv)
}
