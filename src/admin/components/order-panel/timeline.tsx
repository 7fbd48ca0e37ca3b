import { Badge, Text } from "@medusajs/ui"
import type { IotpayTimelineEvent } from "../../../lib/admin-views/payment-status"

const STATE_COLOR: Record<NonNullable<IotpayTimelineEvent["state"]>, "green" | "orange" | "red" | "grey"> = {
  done: "green",
  pending: "orange",
  unknown: "orange",
  failed: "red",
  owed: "red",
}

/** What happened at IOTPay for this payment, oldest first (the "order notes"). */
export const Timeline = ({ events }: { events: IotpayTimelineEvent[] }) => (
  <div className="px-6 py-3" data-testid="iotpay-timeline">
    <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle mb-2">
      Timeline
    </Text>
    <ol className="flex flex-col gap-y-2">
      {events.map((e, i) => (
        <li
          key={i}
          className="border-ui-border-base border-l-2 pl-3"
          data-testid="iotpay-timeline-event"
          data-kind={e.kind}
        >
          <div className="flex items-center gap-x-2">
            <Text size="small" weight="plus" leading="compact">
              {e.title}
            </Text>
            {e.state && e.state !== "done" && (
              <Badge size="2xsmall" color={STATE_COLOR[e.state]}>
                {e.state}
              </Badge>
            )}
          </div>
          {e.at && (
            <Text size="xsmall" leading="compact" className="text-ui-fg-muted">
              {new Date(e.at).toLocaleString()}
            </Text>
          )}
          {e.detail && (
            <Text size="xsmall" leading="compact" className="text-ui-fg-subtle break-words">
              {e.detail}
            </Text>
          )}
        </li>
      ))}
    </ol>
  </div>
)
