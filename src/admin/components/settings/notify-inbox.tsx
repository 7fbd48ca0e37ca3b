import { Button, Text } from "@medusajs/ui"
import type { IotpayInbox, IotpayInboxFilter } from "../../../lib/admin-views/payment-activity"
import { InboxPaging } from "./inbox-paging"
import { Line } from "./line"
import { NotifyLine } from "./notify-line"

/** The inbox filters, as the activity route accepts them (`unprocessed`: no outcome yet). */
const FILTERS: { value: IotpayInboxFilter; label: string }[] = [
  { value: "order_created", label: "Order created" },
  { value: "already_applied", label: "Already applied" },
  { value: "ignored", label: "Ignored" },
  { value: "not_applied", label: "Not applied" },
  { value: "failed", label: "Failed" },
  { value: "unprocessed", label: "Unprocessed" },
]

/** The notify inbox: a button per outcome with its count, one page of notifies, and the paging below. */
export const NotifyInbox = ({
  inbox,
  filter,
  setFilter,
  setPage,
}: {
  inbox: Extract<IotpayInbox, { available: true }>
  filter: IotpayInboxFilter | null
  setFilter: (f: IotpayInboxFilter | null) => void
  setPage: (offset: number, limit: number) => void
}) => (
  <>
    <div className="flex flex-wrap items-center gap-2 px-6 py-3" data-testid="iotpay-inbox-filters">
      <Text size="small" weight="plus" className="mr-2">
        Notify inbox ({inbox.total})
      </Text>
      <Button
        size="small"
        variant={filter === null ? "primary" : "secondary"}
        onClick={() => setFilter(null)}
        data-testid="iotpay-inbox-filter"
        data-filter="all"
      >
        All
      </Button>
      {FILTERS.map((f) => (
        <Button
          key={f.value}
          size="small"
          variant={filter === f.value ? "primary" : "secondary"}
          onClick={() => setFilter(f.value)}
          data-testid="iotpay-inbox-filter"
          data-filter={f.value}
        >
          {f.label} ({inbox.counts[f.value]})
        </Button>
      ))}
    </div>
    {inbox.notifies.length === 0 && (
      <Line label="—" value={filter ? "No notify with this outcome." : "No notify received yet."} />
    )}
    {inbox.notifies.map((n) => (
      <NotifyLine key={n.id} notify={n} />
    ))}
    <InboxPaging inbox={inbox} setPage={setPage} />
  </>
)
