import { Text } from "@medusajs/ui"
import type { IotpayActivity } from "../../../lib/admin-views/payment-activity"
import { Line } from "./line"
import { PaymentLine } from "./payment-line"

/** Payments being settled or owed (what the reconcile job still has to do), then the recent IOTPay payments. */
export const ActivityPayments = ({ activity }: { activity: IotpayActivity }) => (
  <>
    <div className="px-6 py-3">
      <Text size="small" weight="plus">
        Being settled or owed ({activity.attention.length})
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle">
        Refunds and voids pending at IOTPay or whose answer was lost, and money a cancel could not return yet; the
        reconcile job settles them.
      </Text>
    </div>
    {activity.attention.length === 0 && <Line label="—" value="Nothing open." />}
    {activity.attention.map((p) => (
      <PaymentLine key={p.paymentId} payment={p} attention />
    ))}
    <div className="px-6 py-3">
      <Text size="small" weight="plus">
        Recent IOTPay payments
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle">
        From {activity.source}.
      </Text>
    </div>
    {activity.recent.length === 0 && <Line label="—" value="No IOTPay payment yet." />}
    {activity.recent.map((p) => (
      <PaymentLine key={p.paymentId} payment={p} />
    ))}
  </>
)
