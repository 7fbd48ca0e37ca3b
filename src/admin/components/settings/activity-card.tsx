import { Container, Heading, Text } from "@medusajs/ui"
import { useState } from "react"
import type { IotpayInboxFilter } from "../../../lib/admin-views/payment-activity"
import { type ActivityPage, useIotpayActivity } from "../../lib/iotpay-queries"
import { unavailableText } from "../../lib/request-error"
import { ActivityPayments } from "./activity-payments"
import { Line } from "./line"
import { NotifyInbox } from "./notify-inbox"
import { ReconcileRows } from "./reconcile-rows"

/**
 * Activity: the reconcile job, the notify inbox (filtered, paged), payments being settled and recent payments.
 * Until a new filter or page has loaded, the previous answer stays on screen, marked busy.
 */
export const ActivityCard = () => {
  const [page, setPage] = useState<ActivityPage>({ filter: null, offset: 0, limit: 20 })
  const { data, error, isPending, isPlaceholderData } = useIotpayActivity(page)
  const activity = data?.activity
  const busy = isPending || isPlaceholderData
  return (
    <Container className={`divide-y p-0 ${busy ? "opacity-60" : ""}`} data-testid="iotpay-activity" aria-busy={busy}>
      <div className="px-6 py-4">
        <Heading level="h2">Activity</Heading>
        {activity && (
          <Text size="small" className="text-ui-fg-subtle" data-testid="iotpay-activity-note">
            {activity.inbox.note}
          </Text>
        )}
      </div>
      {isPending && <Line label="Status" value="Loading…" />}
      {error && <Line label="Error" value={unavailableText("IOTPay activity", error)} />}
      {activity?.reconcile && <ReconcileRows reconcile={activity.reconcile} />}
      {activity?.inbox.available && (
        <NotifyInbox
          inbox={activity.inbox}
          filter={page.filter}
          setFilter={(filter: IotpayInboxFilter | null) => setPage((p) => ({ ...p, filter, offset: 0 }))}
          setPage={(offset, limit) => setPage((p) => ({ ...p, offset, limit }))}
        />
      )}
      {activity && <ActivityPayments activity={activity} />}
    </Container>
  )
}
