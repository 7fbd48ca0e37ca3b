import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { parseMchRefundNo, toCents, type OrderRecord } from "../iotpay"
import { IOTPAY_NOTIFY_EVENT, type IotpayNotifyEvent } from "../lib/notify-event"
import { iotpayProviderEntries } from "../lib/config-lookup"
import { recordMismatch } from "../lib/payment-record"
import { webhookActionFor } from "../lib/webhook-action"

/**
 * Moves a verified IOTPay notify forward: a paid purchase authorizes its session and completes the cart into an
 * order even when the shopper never came back. Deliveries for one session are serialized through Medusa's locking
 * module, and processPaymentWorkflow is idempotent, so duplicate or concurrent notifies make one order.
 */
export default async function iotpayNotifyHandler({ event, container }: SubscriberArgs<IotpayNotifyEvent>) {
  const { configId, record } = event.data
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (record.payType === "refund") return acknowledgeReversal(container, record)

  const options = iotpayProviderEntries(container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)).get(configId)
  if (!options) {
    logger.warn(`IOTPay notify for ${record.mchOrderNo}: no IOTPay provider "${configId}" is configured any more; ignored.`)
    return
  }
  const result = webhookActionFor(record, options.autoCapture)
  if (!result.data) {
    logger.warn(`IOTPay notify for ${record.mchOrderNo} (${record.payOrderId}) is not a payment of this store; ignored.`)
    return
  }
  const sessionId = result.data.session_id
  const payment = container.resolve(Modules.PAYMENT)
  const [session] = await payment.listPaymentSessions({ id: sessionId })
  if (!session) {
    logger.warn(`IOTPay notify for ${record.mchOrderNo}: payment session ${sessionId} does not exist; ignored.`)
    return
  }
  const problem = mismatch(session, record, options.merchantId)
  if (problem) {
    logger.error(
      `IOTPay notify for session ${sessionId} NOT applied: ${problem}. IOTPay payOrderId ${record.payOrderId}; ` +
        `check the payment at IOTPay and refund it there if it should not stand.`
    )
    return
  }
  if (result.action === PaymentActions.FAILED) {
    await payment.updatePaymentSession({
      id: session.id,
      amount: session.amount,
      currency_code: session.currency_code,
      data: { ...session.data, iotpayStatus: record.status },
      status: PaymentSessionStatus.ERROR,
    })
    return
  }
  if (result.action !== PaymentActions.AUTHORIZED && result.action !== PaymentActions.SUCCESSFUL) return
  const locking = container.resolve(Modules.LOCKING)
  await locking.execute(`iotpay-notify:${sessionId}`, async () => {
    await processPaymentWorkflow(container).run({ input: result })
  })
}

/** Why this record must not move this session forward, or null: the provider's own check, against the session. */
function mismatch(
  session: { amount: unknown; currency_code: string; data?: Record<string, unknown> | null },
  record: OrderRecord,
  merchantId: string
) {
  if (session.currency_code.toUpperCase() !== "CAD") return `the session's currency ${session.currency_code} is not CAD`
  const mchOrderNo = typeof session.data?.mchOrderNo === "string" ? session.data.mchOrderNo : undefined
  return recordMismatch(record, { merchantId, mchOrderNo, amountCents: toCents(session.amount as number, "CAD") })
}

/** Refund and void notifies only confirm what the admin already did; unknown ones are logged for an admin. */
async function acknowledgeReversal(container: SubscriberArgs<IotpayNotifyEvent>["container"], record: OrderRecord) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const detail =
    `IOTPay ${record.payOrderId} (mchRefundNo ${record.mchOrderNo}) of ${record.amount} cents on payment ` +
    `${record.originalOrderId}, status ${record.status}`
  const number = parseMchRefundNo(String(record.mchOrderNo ?? ""))
  const payment = container.resolve(Modules.PAYMENT)
  const known = !number?.ulid
    ? false
    : number.kind === "refund"
      ? (await payment.listRefunds({ id: `ref_${number.ulid}` })).length > 0
      : (await payment.listPaymentSessions({ id: `payses_${number.ulid}` })).length > 0
  if (known) logger.info(`IOTPay notify acknowledged: ${detail}`)
  else logger.warn(`IOTPay notify for a reversal this store has no record of (yet): ${detail}. Check it in IOTPay's portal.`)
}

export const config: SubscriberConfig = {
  event: IOTPAY_NOTIFY_EVENT,
  context: { subscriberId: "iotpay-notify-handler" },
}
