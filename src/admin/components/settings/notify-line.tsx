import { Badge, Text } from "@medusajs/ui"
import type { IotpayInboxFilter, IotpayInboxNotify } from "../../../lib/admin-views/payment-activity"
import { OrderLink } from "../../lib/order-link"
import { when } from "./format-time"

const OUTCOME_COLOR: Record<IotpayInboxFilter, "green" | "grey" | "orange" | "red" | "blue"> = {
  order_created: "green",
  already_applied: "green",
  ignored: "grey",
  not_applied: "orange",
  failed: "red",
  unprocessed: "blue",
}

/** One notify of the inbox: its order (or cart), its outcome, and what IOTPay sent. */
export const NotifyLine = ({ notify: n }: { notify: IotpayInboxNotify }) => (
  <div
    className="text-ui-fg-subtle grid grid-cols-[1fr_2fr] items-center gap-x-4 px-6 py-3"
    data-testid="iotpay-inbox-notify"
    data-outcome={n.outcome}
    data-pay-order-id={n.payOrderId}
  >
    <Text size="small" weight="plus" leading="compact" asChild>
      <div>
        {n.order ? (
          <OrderLink orderId={n.order.id} testId="iotpay-inbox-order">
            Order #{n.order.displayId ?? n.order.id}
          </OrderLink>
        ) : n.cart ? (
          <span data-testid="iotpay-inbox-cart" title={`cart ${n.cart.id}, payment session ${n.cart.sessionId}`}>
            Checkout not completed (no order yet)
          </span>
        ) : (
          <span>No order{n.mchOrderNo ? ` (${n.mchOrderNo})` : ""}</span>
        )}
      </div>
    </Text>
    <Text size="small" leading="compact" className="break-words" asChild>
      <div>
        <span className="flex items-center gap-x-2">
          <Badge size="2xsmall" color={OUTCOME_COLOR[n.outcome]}>
            {n.outcome.replace("_", " ")}
          </Badge>
          {when(n.firstReceivedAt)}
        </span>
        <span>
          {[
            n.amount,
            `status ${n.status}`,
            `pay order ${n.payOrderId}`,
            n.mchOrderNo && `mchOrderNo ${n.mchOrderNo}`,
            n.payType,
            `${n.deliveries} deliver${n.deliveries === 1 ? "y" : "ies"}`,
            n.redrives ? `${n.redrives} re-drives` : null,
            n.outcomeDetail,
          ]
            .filter(Boolean)
            .join(" · ")}
        </span>
      </div>
    </Text>
  </div>
)
