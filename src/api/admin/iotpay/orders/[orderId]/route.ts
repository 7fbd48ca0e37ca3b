import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { cardGatewayFor } from "../../../../../lib/gateway/card-gateway"
import { isV1ProviderId, parseProviderId } from "../../../../../lib/config/provider-ids"
import { iotpayPaymentView } from "../../../../../lib/admin-views/payment-status"
import { iotpayProviderEntries } from "../../../../../lib/config/config-lookup"
import { optionalNotifyInbox } from "../../../../../lib/notify/notify-inbox"
import { freshState } from "../../../../../lib/money/payment-state"
import { readSessionData } from "../../../../../lib/money/session-data"
import { walletGatewayFor } from "../../../../../lib/gateway/wallet-gateway"

/**
 * GET /admin/iotpay/orders/:orderId: the order's IOTPay payments as IOTPay reports them right now (cc_query), for
 * the admin widget, each with its timeline (purchase created, each notify received from the notify inbox, authorized,
 * captured, refunds and voids, anything owed).
 * Stale session data is never shown as the truth: a reversal's status in the timeline is IOTPay's live answer.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const entries = iotpayProviderEntries(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE))
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.currency_code",
      "payment_collections.payments.data",
      "payment_collections.payments.created_at",
      "payment_collections.payments.captured_at",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.payment_session.created_at",
    ],
    filters: { id: req.params.orderId },
  })
  if (!data.length) {
    res.status(404).json({ message: `Order ${req.params.orderId} was not found.` })
    return
  }
  const payments = (data[0].payment_collections ?? []).flatMap((pc: any) => pc?.payments ?? [])
  const inbox = optionalNotifyInbox(req.scope)
  const views = []
  for (const payment of payments) {
    const configId = parseProviderId(payment.provider_id)?.configId
    const options = configId ? entries.get(configId) : undefined
    if (!configId || !options) continue
    // The ledger merged in: an entry a stale write-back erased from payment.data is still shown (and counted).
    const data = await freshState(readSessionData(payment.data), { ledger: inbox?.ledger })
    const notifies = inbox
      ? (
          await inbox.listInboxFor(data.mchOrderNo ? [data.mchOrderNo] : [], data.payOrderId ? [data.payOrderId] : [])
        ).filter((n) => n.provider_config_id === configId)
      : []
    const gateway = isV1ProviderId(payment.provider_id)
      ? walletGatewayFor(configId, options)
      : cardGatewayFor(configId, options)
    views.push(await iotpayPaymentView(gateway, { ...payment, data }, notifies))
  }
  res.json({ payments: views })
}
