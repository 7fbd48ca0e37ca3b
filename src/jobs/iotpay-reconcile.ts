import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isSuccessStatus } from "../iotpay"
import { gatewayClientFor } from "../lib/gateway-client"
import { IOTPAY_NOTIFY_EVENT, type IotpayNotifyEvent } from "../lib/notify-event"
import { iotpayProviderEntries } from "../lib/config-lookup"
import { queryOrNull } from "../lib/idempotent-send"

/** How far back a pending IOTPay session is still worth asking about (a hosted-page secureId lives ~1 hour). */
const LOOKBACK_MS = 24 * 60 * 60 * 1000

/**
 * Safety net for "paid, but no order": IOTPay's notify can be lost and the shopper may never return. Every few
 * minutes, ask IOTPay (cc_query) about recent IOTPay sessions still pending; a paid one is handed to the same
 * subscriber a notify goes through (same checks, same idempotent order creation).
 */
export async function reconcileIotpayPayments(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const entries = iotpayProviderEntries(container.resolve(ContainerRegistrationKeys.CONFIG_MODULE))
  const payment = container.resolve(Modules.PAYMENT)
  const eventBus = container.resolve(Modules.EVENT_BUS)
  for (const [configId, options] of entries) {
    const sessions = await payment.listPaymentSessions(
      {
        // Both services of the entry: cards (hosted, saved, UPI_EX) and wallets.
        provider_id: [`pp_iotpay_${configId}`, `pp_iotpay-wallet_${configId}`],
        created_at: { $gte: new Date(Date.now() - LOOKBACK_MS).toISOString() },
      },
      { take: 500, order: { created_at: "DESC" } }
    )
    const pending = sessions.filter((s) => s.status === PaymentSessionStatus.PENDING)
    if (!pending.length) continue
    const client = gatewayClientFor(configId, options)
    for (const session of pending) {
      const mchOrderNo = session.data?.mchOrderNo
      if (typeof mchOrderNo !== "string") continue
      try {
        const record = await queryOrNull(client, { mchOrderNo }) // null: never paid, IOTPay has no such order
        if (!record || !isSuccessStatus(record.status)) continue
        logger.info(`IOTPay reconcile: ${mchOrderNo} is paid at IOTPay (${record.payOrderId}); completing it.`)
        const event: IotpayNotifyEvent = { configId, record }
        await eventBus.emit({ name: IOTPAY_NOTIFY_EVENT, data: event })
      } catch (error) {
        logger.warn(`IOTPay reconcile: could not check ${mchOrderNo}: ${(error as Error).message}`)
      }
    }
  }
}

/** The scheduled run; IOTPAY_RECONCILE=off turns it off (the tests call reconcileIotpayPayments themselves). */
export default async function reconcileIotpayPaymentsJob(container: MedusaContainer) {
  if (process.env.IOTPAY_RECONCILE === "off") return
  await reconcileIotpayPayments(container)
}

export const config = {
  name: "iotpay-reconcile-pending-payments",
  schedule: "*/5 * * * *",
}
