import type { DoctorReport } from "./findings"
import { scrubSecret } from "./wire"

/** The human report: each question, the answer, its evidence, and the options to set. Never contains the key. */
const MARK = { ok: "ok     ", warning: "WARN   ", problem: "PROBLEM", unanswered: "-      " } as const

export function formatReport(report: DoctorReport, secretKey: string, options: { evidence?: boolean } = {}): string {
  const v1 = report.v1ApiBase ? `, v1 ${report.v1ApiBase}` : ""
  const lines = [
    `iotpay-doctor: ${report.apiBase}${v1} (merchant ${report.merchantId}${report.live ? ", LIVE" : ""})`,
    "",
  ]
  for (const f of report.findings) {
    lines.push(`[${MARK[f.status]}] ${f.question}`, `          ${f.answer}`)
    if (f.options) {
      lines.push(
        `          options: ${Object.entries(f.options)
          .map(([k, v]) => `${k}: "${v}"`)
          .join(", ")}`
      )
    }
    if (options.evidence !== false) {
      for (const e of f.evidence) {
        lines.push(
          `          ${e.endpoint} ${JSON.stringify(e.request)} → ${e.httpStatus ?? "-"} ${e.error ?? JSON.stringify(e.response)}`
        )
      }
    }
  }
  lines.push("")
  if (Object.keys(report.options).length) {
    lines.push("Provider options matching this gateway:", JSON.stringify(report.options, null, 2))
  }
  lines.push(
    report.completed
      ? "The run completed."
      : `The run did not complete (exit ${report.exitCode}): see the PROBLEM lines above.`
  )
  return scrubSecret(lines.join("\n"), secretKey)
}
