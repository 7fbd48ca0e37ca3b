import { formatCents } from "../../iotpay"
import type { StatementLine } from "./types"

const HEADER = [
  "date",
  "order_id",
  "order_display_id",
  "payment_id",
  "type",
  "iotpay_mch_order_no",
  "iotpay_pay_order_id",
  "iotpay_mch_refund_no",
  "channel",
  "iotpay_cents",
  "iotpay_dollars",
  "medusa_cents",
  "medusa_dollars",
  "status",
  "difference",
]

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
function cell(value: string | number | null): string {
  if (value === null) return ""
  let text = String(value)
  if (typeof value === "string" && /^[=+\-@]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const dollars = (cents: number | null) => (cents === null ? null : formatCents(cents))

/** One line per payment and per refund or void: the bookkeeper's CSV (docs/statement.md). */
export function statementCsv(lines: StatementLine[]): string {
  const rows = lines.map((l) =>
    [
      l.date,
      l.orderId,
      l.orderDisplayId,
      l.paymentId,
      l.type,
      l.mchOrderNo,
      l.payOrderId,
      l.mchRefundNo,
      l.channel,
      l.iotpayCents,
      dollars(l.iotpayCents),
      l.medusaCents,
      dollars(l.medusaCents),
      l.status,
      l.difference,
    ]
      .map(cell)
      .join(",")
  )
  return [HEADER.join(","), ...rows].join("\r\n") + "\r\n"
}
