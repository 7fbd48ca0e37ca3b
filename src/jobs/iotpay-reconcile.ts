import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { classifyStatus, mchOrderNoForSession, type IotpayClient } from "../iotpay"
import { iotpayProviderEntries } from "../lib/config-lookup"
import { gatewayClientFor } from "../lib/gateway-client"
import { queryOrNull } from "../lib/idempotent-send"
import { IOTPAY_NOTIFY_EVENT, type IotpayNotifyEvent } from "../lib/notify-event"
import { providerIdsOf } from "../lib/provider-ids"
import { PaymentReversals } from "../lib/reversals"
import { needsSettling, readSessionData } from "../lib/session-data"

/** How far back a pending IOTPay session is still worth asking about. */
const LOOKBACK_MS = 24 * 60 * 60 * 1000
/** A hosted page stays payable about an hour after a session is dropped: look at dropped attempts this long. */
const DROPPED_LOOKBACK_MS = 3 * 60 * 60 * 1000
/** Refunds, voids and cancels still open are settled for this long (then an admin must look). */
const SETTLE_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000

type Ctx = { configId: string; client: IotpayClient; logger: Logger; emit: (event: IotpayNotifyEvent) => Promise<void> }

/**
 * Safety net for what no notify settles: (1) paid sessions whose notify was lost (the shopper may never return);
 * (2) paid attempts left behind by deleted sessions or earlier attempts, which the notify subscriber gives back;
 * (3) refunds, voids and cancels whose outcome is pending or unknown, or whose money is still owed. A paid record is
 * handed to the same subscriber a notify goes through (same checks, same idempotent order creation).
 */
export async function reconcileIotpayPayments(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const entries = iotpayProviderEntries(container.resolve(ContainerRegistrationKeys.CONFIG_MODULE))
  const payment = container.resolve(Modules.PAYMENT)
  const eventBus = container.resolve(Modules.EVENT_BUS)
  for (const [configId, options] of entries) {
    const ctx: Ctx = {
      configId,
      client: gatewayClientFor(configId, options),
      logger,
      emit: (event) => eventBus.emit({ name: IOTPAY_NOTIFY_EVENT, data: event }),
    }
    const provider_id = providerIdsOf(configId)
    const since = (ms: number) => new Date(Date.now() - ms).toISOString()
    const sessions = await payment.listPaymentSessions(
      { provider_id, created_at: { $gte: since(LOOKBACK_MS) } },
      { take: 500, order: { created_at: "DESC" }, withDeleted: true }
    )
    for (const session of sessions) {
      const data = readSessionData(session.data)
      if (!data.session_id || !data.attempt) continue
      const dropped = Boolean((session as { deleted_at?: unknown }).deleted_at)
      const recent = new Date(session.created_at).getTime() >= Date.now() - DROPPED_LOOKBACK_MS
      // Earlier attempts (and every attempt of a dropped session) can only be given back; the current attempt of a
      // pending session may still become an order.
      const last = dropped ? data.attempt : data.attempt - 1
      if (recent) for (let attempt = 1; attempt <= last; attempt++) await check(ctx, data.session_id, attempt, "stranded")
      if (!dropped && session.status === PaymentSessionStatus.PENDING)
        await check(ctx, data.session_id, data.attempt, "pending")
    }
    await settleOpenReversals(container, ctx, options.merchantId, since(SETTLE_LOOKBACK_MS))
  }
}

async function check(ctx: Ctx, sessionId: string, attempt: number, kind: "pending" | "stranded") {
  const mchOrderNo = mchOrderNoForSession(sessionId, attempt)
  try {
    const record = await queryOrNull(ctx.client, { mchOrderNo }) // null: IOTPay has no such order, nothing paid
    if (!record || classifyStatus(record.status) !== "paid") return
    if (kind === "stranded" && (record.refundable ?? 0) <= 0) return
    ctx.logger.info(`IOTPay reconcile: ${mchOrderNo} is paid at IOTPay (${record.payOrderId}); handing it on.`)
    await ctx.emit({ configId: ctx.configId, record })
  } catch (error) {
    ctx.logger.warn(`IOTPay reconcile: could not check ${mchOrderNo}: ${(error as Error).message}`)
  }
}

/** Payments with a refund, void or cancel still pending, unknown or owed: ask IOTPay again and record the answer. */
async function settleOpenReversals(container: MedusaContainer, ctx: Ctx, merchantId: string, since: string) {
  const payment = container.resolve(Modules.PAYMENT)
  const locking = container.resolve(Modules.LOCKING)
  const reversals = new PaymentReversals(ctx.client, merchantId, ctx.logger)
  const payments = await payment.listPayments(
    // provider_id and data are payment columns the module's DTO types leave out; its service accepts both.
    { provider_id: providerIdsOf(ctx.configId), updated_at: { $gte: since } } as Record<string, unknown>,
    { select: ["id", "data"], take: 1000, order: { updated_at: "DESC" } }
  )
  for (const candidate of payments) {
    if (!needsSettling(readSessionData(candidate.data))) continue
    try {
      await locking.execute(`iotpay-payment:${candidate.id}`, async () => {
        const [current] = await payment.listPayments({ id: candidate.id }, { select: ["id", "data"] })
        const data = readSessionData(current?.data)
        if (!needsSettling(data)) return
        const next = data.owed ? await reversals.cancel(data) : await reversals.settleOpen(data)
        await payment.updatePayment({ id: candidate.id, data: next } as { id: string })
        if (next.owed)
          ctx.logger.error(
            `IOTPay reconcile: payment ${candidate.id} still owes the shopper money (attempt ${next.owed.attempts}): ` +
              `${next.owed.lastError ?? next.owed.why}`
          )
      })
    } catch (error) {
      ctx.logger.error(`IOTPay reconcile: could not settle payment ${candidate.id}: ${(error as Error).message}`)
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
