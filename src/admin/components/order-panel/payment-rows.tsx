import { Badge } from "@medusajs/ui"
import type { IotpayPaymentView } from "../../../lib/admin-views/payment-status"
import { Row } from "./row"
import { Timeline } from "./timeline"

/** One IOTPay payment as IOTPay reports it now: card, status, amounts, each refund and void, and its timeline. */
export const PaymentRows = ({ payment: p }: { payment: IotpayPaymentView }) => (
  <div className="divide-y" data-testid="iotpay-payment">
    <Row label="Paid with" value={p.providerName} testId="iotpay-provider-name" />
    <Row label="Pay order" value={p.payOrderId ?? "not paid yet"} testId="iotpay-pay-order-id" />
    <Row
      label="Status at IOTPay"
      value={
        <Badge
          color={p.unreachable ? "grey" : p.outcome === "paid" ? "green" : p.outcome === "failed" ? "red" : "orange"}
        >
          {p.statusText}
        </Badge>
      }
      testId="iotpay-status"
    />
    <Row label="Card" value={p.cardNum ? `${p.cardType ?? ""} ${p.cardNum}`.trim() : "—"} testId="iotpay-card" />
    <Row label="Auth number" value={p.authNum ?? "—"} />
    <Row label="Amount" value={p.amount ? `${p.amount} ${p.currency}` : "—"} />
    <Row label="Refundable" value={p.refundable ? `${p.refundable} ${p.currency}` : "—"} testId="iotpay-refundable" />
    <Row label="Settled" value={p.settled === null ? "not reported by IOTPay" : p.settled ? "yes" : "no"} />
    {p.reversals.map((r) => (
      <Row
        key={r.mchRefundNo}
        label={r.kind === "void" ? "Void" : "Refund"}
        value={`${r.amount} ${p.currency} · ${r.statusText} · ${r.mchRefundNo}`}
        testId="iotpay-reversal"
      />
    ))}
    {p.error && <Row label="Error" value={p.error} />}
    {(p.timeline ?? []).length > 0 && <Timeline events={p.timeline} />}
  </div>
)
