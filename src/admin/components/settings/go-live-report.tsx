import { Badge, Text } from "@medusajs/ui"
import type { GoLiveReportBody } from "../../lib/iotpay-queries"
import { Line } from "./line"

const FINDING_COLOR = { ok: "green", warning: "orange", problem: "red", unanswered: "grey" } as const

/** The go-live check's answer: each of the doctor's questions with its answer, or why the check could not run. */
export const GoLiveReport = ({ report }: { report: { report: GoLiveReportBody } | { error: string } }) => {
  if ("error" in report) {
    return <Line label="Go-live check" value={`The check could not run: ${report.error}`} testId="iotpay-go-live" />
  }
  const r = report.report
  return (
    <div className="px-6 py-3" data-testid="iotpay-go-live" data-completed={String(r.completed)}>
      <Text size="small" weight="plus">
        Go-live check (safe probes, no payment): {r.completed ? "completed" : `did not complete (exit ${r.exitCode})`}
      </Text>
      {r.findings.map((f) => (
        <div key={f.id} className="mt-2" data-testid="iotpay-go-live-finding" data-id={f.id} data-status={f.status}>
          <span className="flex items-center gap-x-2">
            <Badge size="2xsmall" color={FINDING_COLOR[f.status]}>
              {f.status}
            </Badge>
            <Text size="small">{f.question}</Text>
          </span>
          <Text size="xsmall" className="text-ui-fg-subtle break-words">
            {f.answer}
          </Text>
        </div>
      ))}
      {Object.keys(r.options).length > 0 && (
        <pre className="text-ui-fg-subtle mt-2 text-xs" data-testid="iotpay-go-live-options">
          {JSON.stringify(r.options, null, 2)}
        </pre>
      )}
    </div>
  )
}
