import { Text } from "@medusajs/ui"
import type { IotpayReconcileRunView, IotpayReconcileView } from "../../../lib/admin-views/payment-activity"
import { when } from "./format-time"
import { Line } from "./line"

/** The reconcile job: its last run (and last completed run when the last one did not complete), and its next. */
export const ReconcileRows = ({ reconcile: r }: { reconcile: IotpayReconcileView }) => (
  <div data-testid="iotpay-reconcile" data-enabled={String(r.enabled)}>
    <div className="px-6 py-3">
      <Text size="small" weight="plus">
        Reconcile job
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle">
        Asks IOTPay about payments no notify settled, and settles open refunds, voids and owed cancels. {r.note}
      </Text>
    </div>
    <Line label="Last run" value={runText(r.lastRun)} testId="iotpay-reconcile-last" />
    {r.lastRun && (r.lastRun.skipped || r.lastRun.error) && (
      <Line label="Last completed run" value={runText(r.lastCompletedRun)} testId="iotpay-reconcile-completed" />
    )}
    <Line
      label="Next run"
      value={r.enabled ? (r.nextRunAt ? when(r.nextRunAt) : `schedule "${r.schedule}"`) : "off (IOTPAY_RECONCILE=off)"}
      testId="iotpay-reconcile-next"
    />
  </div>
)

function runText(run: IotpayReconcileRunView | null): string {
  if (!run) return "no run recorded yet"
  if (run.skipped) return `${when(run.startedAt)} · skipped: the previous run was still going`
  if (run.error) return `${when(run.startedAt)} · failed: ${run.error}`
  return (
    `${when(run.startedAt)} · ${run.due} due, ${run.asked} asked IOTPay, ${run.recovered} recovered, ` +
    `${run.sessions} new or changed sessions read · ${run.ms} ms`
  )
}
