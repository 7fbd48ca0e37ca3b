import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { IotpayPaymentView, IotpayTimelineEvent } from "../../lib/payment-status"
import { adminGet } from "../lib/admin-fetch"

type Loaded = { payments: IotpayPaymentView[] } | { error: string } | null

/** Order page panel: what IOTPay reports right now for this order's IOTPay payments (read via cc_query). */
const IotpayOrderPanel = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const [loaded, setLoaded] = useState<Loaded>(null)
  const refundCount = order.payment_collections
    ?.flatMap((pc) => pc.payments ?? [])
    .flatMap((p) => p.refunds ?? []).length

  useEffect(() => {
    let live = true
    adminGet(`/admin/iotpay/orders/${order.id}`)
      .then(async (r) => (r.ok ? r.json() : { error: `IOTPay status unavailable (HTTP ${r.status})` }))
      .catch((e) => ({ error: `IOTPay status unavailable: ${e.message}` }))
      .then((body) => live && setLoaded(body))
    return () => {
      live = false
    }
  }, [order.id, order.payment_status, refundCount])

  if (loaded && "payments" in loaded && loaded.payments.length === 0) return null
  return (
    <Container className="divide-y p-0" data-testid="iotpay-panel">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">IOTPay</Heading>
      </div>
      {!loaded && <Row label="Status" value="Asking IOTPay…" />}
      {loaded && "error" in loaded && <Row label="Error" value={loaded.error} />}
      {loaded && "payments" in loaded && loaded.payments.map((p) => <PaymentRows key={p.paymentId} payment={p} />)}
    </Container>
  )
}

const PaymentRows = ({ payment: p }: { payment: IotpayPaymentView }) => (
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

const STATE_COLOR: Record<NonNullable<IotpayTimelineEvent["state"]>, "green" | "orange" | "red" | "grey"> = {
  done: "green",
  pending: "orange",
  unknown: "orange",
  failed: "red",
  owed: "red",
}

/** What happened at IOTPay for this payment, oldest first (the "order notes"). */
const Timeline = ({ events }: { events: IotpayTimelineEvent[] }) => (
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

const Row = ({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-center px-6 py-3">
    <Text size="small" weight="plus" leading="compact">
      {label}
    </Text>
    <Text size="small" leading="compact" data-testid={testId} className="break-words">
      {value}
    </Text>
  </div>
)

export const config = defineWidgetConfig({ zone: "order.details.side.after" })

export default IotpayOrderPanel
