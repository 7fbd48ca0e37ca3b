import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading } from "@medusajs/ui"
import { PaymentRows } from "../components/order-panel/payment-rows"
import { Row } from "../components/order-panel/row"
import { useIotpayOrderPayments } from "../lib/iotpay-queries"
import { unavailableText } from "../lib/request-error"

/** Order page panel: what IOTPay reports right now for this order's IOTPay payments (read via cc_query). */
const IotpayOrderPanel = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const refundCount = order.payment_collections
    ?.flatMap((pc) => pc.payments ?? [])
    .flatMap((p) => p.refunds ?? []).length
  // A capture, refund or cancel on the order page changes these, and IOTPay is asked again.
  const { data, error, isPending } = useIotpayOrderPayments(order.id, [order.payment_status, refundCount])

  if (data && data.payments.length === 0) return null
  return (
    <Container className="divide-y p-0" data-testid="iotpay-panel">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">IOTPay</Heading>
      </div>
      {isPending && <Row label="Status" value="Asking IOTPay…" />}
      {error && <Row label="Error" value={unavailableText("IOTPay status", error)} />}
      {data?.payments.map((p) => (
        <PaymentRows key={p.paymentId} payment={p} />
      ))}
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "order.details.side.after" })

export default IotpayOrderPanel
