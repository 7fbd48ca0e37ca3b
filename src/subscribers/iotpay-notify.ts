import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import { IOTPAY_CURRENCY, parseMchRefundNo, type OrderRecord } from "../iotpay"
import { paymentLockKey, withLock } from "../lib/money/payment-lock"
import { entryEngine } from "../lib/money/reversal-engine"
import { readSessionData } from "../lib/money/session-data"
import { releaseStrandedPayment, STRANDED_RELEASE_TEXT } from "../lib/money/stranded-payment"
import { IOTPAY_NOTIFY_EVENT, type IotpayNotifyEvent } from "../lib/notify/notify-event"
import { iotpayProviderEntries } from "../lib/config/config-lookup"
import { isV1Record, recordMismatch } from "../lib/gateway/payment-record"
import { webhookActionFor } from "../lib/notify/webhook-action"
import { optionalNotifyInbox } from "../lib/notify/notify-inbox"
import type { NotifyOutcome } from "../modules/iotpay-notify/models/notify"

type Verdict = { outcome: NotifyOutcome; detail: string | null }
const verdict = (outcome: NotifyOutcome, detail: string | null = null): Verdict => ({ outcome, detail })

/**
 * Moves a verified IOTPay notify forward: a paid purchase authorizes its session and completes the cart into an
 * order even when the shopper never came back. Deliveries for one session are serialized through Medusa's locking
 * module, and processPaymentWorkflow is idempotent, so duplicate or concurrent notifies make one order. What it did
 * is written on the notify's inbox row (a throw is recorded as `failed` and re-driven by the inbox job).
 */
export default async function iotpayNotifyHandler({ event, container }: SubscriberArgs<IotpayNotifyEvent>) {
  const inbox = event.data.inboxId ? optionalNotifyInbox(container) : undefined
  let result: Verdict
  try {
    result = await handle(container, event.data)
  } catch (error) {
    await inbox?.recordOutcome(event.data.inboxId!, "failed", (error as Error).message ?? String(error))
    throw error
  }
  await inbox?.recordOutcome(event.data.inboxId!, result.outcome, result.detail)
}

async function handle(container: Container, { configId, record }: IotpayNotifyEvent): Promise<Verdict> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  if (record.payType === "refund") return acknowledgeReversal(container, record)

  const options = iotpayProviderEntries(container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)).get(configId)
  if (!options) {
    logger.warn(
      `IOTPay notify for ${record.mchOrderNo}: no IOTPay provider "${configId}" is configured any more; ignored.`
    )
    return verdict("ignored", `no IOTPay provider "${configId}" is configured`)
  }
  const result = webhookActionFor(record, options.autoCapture)
  if (!result.data) {
    logger.warn(
      `IOTPay notify for ${record.mchOrderNo} (${record.payOrderId}) is not a payment of this store; ignored.`
    )
    return verdict("ignored", "not a payment of this store (its mchOrderNo is not one this plugin made)")
  }
  const sessionId = result.data.session_id
  const payment = container.resolve(Modules.PAYMENT)
  const locking = container.resolve(Modules.LOCKING)
  if (result.action === PaymentActions.PENDING) return verdict("ignored", `status ${record.status} is not final yet`)
  // The lock every path that changes this payment's IOTPay state takes (refund, cancel, capture, reconcile).
  const state = { locking, ledger: optionalNotifyInbox(container)?.ledger, logger }
  return withLock(
    paymentLockKey(sessionId),
    async (): Promise<Verdict> => {
      const [session] = await payment.listPaymentSessions({ id: sessionId }, { withDeleted: true })
      const stranded = await whyStranded(payment, session, record, options.merchantId)
      if (stranded) {
        if (result.action === PaymentActions.FAILED) return verdict("ignored", `a failed payment that ${stranded}`)
        const { reversals } = entryEngine(configId, options, isV1Record(record) ? "v1" : "v3", logger)
        const released = await releaseStrandedPayment(reversals, record, stranded, logger, state)
        return verdict("not_applied", `${stranded}; ${STRANDED_RELEASE_TEXT[released]}`)
      }
      if (result.action === PaymentActions.FAILED) {
        await payment.updatePaymentSession({
          id: session.id,
          amount: session.amount,
          currency_code: session.currency_code,
          data: { ...session.data, iotpayStatus: record.status },
          status: PaymentSessionStatus.ERROR,
        })
        return verdict(
          "not_applied",
          `IOTPay reports the payment failed (status ${record.status}); session marked error`
        )
      }
      const before = await payment.listPayments({ payment_session_id: sessionId })
      await processPaymentWorkflow(container).run({ input: result })
      if (before.length) return verdict("already_applied", `session ${sessionId} already had payment ${before[0].id}`)
      const after = await payment.listPayments({ payment_session_id: sessionId })
      return after.length
        ? verdict("order_created", `payment ${after[0].id} of session ${sessionId}`)
        : verdict("not_applied", `IOTPay did not confirm ${record.mchOrderNo} as paid when asked; no payment made`)
    },
    locking
  )
}

type Container = SubscriberArgs<IotpayNotifyEvent>["container"]

type Session = {
  id: string
  amount: unknown
  currency_code: string
  status: string
  deleted_at?: Date | string | null
  data?: Record<string, unknown> | null
}

/**
 * Why this paid record can never become this store's order (and must be given back), or null when it can. A
 * payment that already became this session's Medusa payment is never stranded.
 */
async function whyStranded(
  payment: { listPayments: (f: object) => Promise<{ id: string }[]> },
  session: Session | undefined,
  record: OrderRecord,
  merchantId: string
): Promise<string | null> {
  if (!session) return "its payment session does not exist"
  const data = readSessionData(session.data)
  const applied =
    data.mchOrderNo === record.mchOrderNo && (await payment.listPayments({ payment_session_id: session.id }))
  if (applied && applied.length) return null
  if (session.deleted_at) {
    return `its payment session ${session.id} was deleted (the cart changed or was paid another way)`
  }
  if (session.status === PaymentSessionStatus.CANCELED || data.canceled) {
    return `its payment session ${session.id} was canceled`
  }
  if (data.mchOrderNo !== record.mchOrderNo) {
    return `it is attempt ${record.mchOrderNo}, but session ${session.id} now pays under ${data.mchOrderNo ?? "no number"}`
  }
  // The payment's own currency: cards CAD (V3 takes nothing else); wallets the one their v1 record says.
  const currency = isV1Record(record) ? (record.currency || IOTPAY_CURRENCY).toUpperCase() : IOTPAY_CURRENCY
  if (session.currency_code.toUpperCase() !== currency) {
    return `the session's currency ${session.currency_code} is not ${currency}`
  }
  return recordMismatch(record, { merchantId, mchOrderNo: data.mchOrderNo, amountCents: data.amountCents, currency })
}

/** Refund and void notifies only confirm what the admin already did; unknown ones are logged for an admin. */
async function acknowledgeReversal(container: Container, record: OrderRecord): Promise<Verdict> {
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
  if (known) {
    logger.info(`IOTPay notify acknowledged: ${detail}`)
    return verdict("already_applied", "a refund or void this store made")
  }
  logger.warn(`IOTPay notify for a reversal this store has no record of (yet): ${detail}. Check it in IOTPay's portal.`)
  return verdict("ignored", "a refund or void this store has no record of; check it in IOTPay's portal")
}

export const config: SubscriberConfig = {
  event: IOTPAY_NOTIFY_EVENT,
  context: { subscriberId: "iotpay-notify-handler" },
}
