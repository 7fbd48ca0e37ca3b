import type { IotpayActivityPayment } from "../../../lib/admin-views/payment-activity"
import { OrderLink } from "../../lib/order-link"
import { Line } from "./line"

/** One IOTPay payment in a line: amount, provider, state, its refunds and voids; with `attention`, what is open. */
export const PaymentLine = ({ payment: p, attention }: { payment: IotpayActivityPayment; attention?: boolean }) => {
  const r = p.reversals
  const counts = [
    r.done && `${r.done} done`,
    r.pending && `${r.pending} pending`,
    r.unknown && `${r.unknown} unknown`,
    r.failed && `${r.failed} failed`,
  ]
    .filter(Boolean)
    .join(", ")
  const parts = [
    p.amount,
    p.providerName,
    p.payOrderId ?? p.mchOrderNo ?? "not paid",
    p.canceledAt ? "canceled" : p.capturedAt ? "captured" : "authorized",
    counts && `refunds/voids: ${counts}`,
    ...(attention ? p.open.map((o) => `${o.kind} ${o.mchRefundNo} ${o.amount} ${o.state}`) : []),
    attention && p.owed ? `owed ${p.owed.amount ?? ""} (${p.owed.attempts} attempts: ${p.owed.why})` : null,
  ].filter(Boolean)
  return (
    <Line
      label={p.orderId ? <OrderLink orderId={p.orderId}>Order #{p.orderDisplayId ?? p.orderId}</OrderLink> : "No order"}
      value={`${p.createdAt ? new Date(p.createdAt).toLocaleString() : ""} · ${parts.join(" · ")}`}
      testId={attention ? "iotpay-activity-attention" : "iotpay-activity-recent"}
    />
  )
}
