import { randomUUID } from "node:crypto"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { iotpayProviderEntries } from "../lib/config/config-lookup"
import { IOTPAY_NOTIFY_EVENT, type IotpayNotifyEvent } from "../lib/notify/notify-event"
import { notifyInbox, type NotifyInbox } from "../lib/notify/notify-inbox"
import { v1ProviderIdsOf, v3ProviderIdsOf } from "../lib/config/provider-ids"
import { retryOwedGiveBacks } from "../lib/reconcile/reconcile-owed"
import { settleOpenPayments } from "../lib/reconcile/reconcile-payments"
import { reconcileSessions, type SessionStats } from "../lib/reconcile/reconcile-sessions"
import { changedSince } from "../lib/reconcile/reconcile-schedule"
import { entryEngine } from "../lib/money/reversal-engine"

/** Refunds, voids and cancels still open are settled for this long (then an admin must look). */
const SETTLE_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000
/** One run at a time, cluster-wide when the locking module is Redis-backed; a stuck run's lock expires. */
const RUN_LOCK = "iotpay-reconcile-run"
const RUN_LOCK_EXPIRE_S = 15 * 60
const DEFAULT_CONCURRENCY = 4
export type ReconcileResult = (SessionStats & { skipped: false; ms: number }) | { skipped: true }

/**
 * Safety net for what no notify settles: (1) paid sessions whose notify was lost (the shopper may never return);
 * (2) paid attempts left behind by deleted sessions or earlier attempts, which the notify subscriber gives back;
 * (3) refunds, voids and cancels whose outcome is pending or unknown, or whose money is still owed. (1) and (2) ask
 * IOTPay on a per-attempt back-off (src/lib/reconcile/reconcile-schedule.ts) with bounded concurrency; a paid record is kept in
 * the notify inbox and handed to the same subscriber a notify goes through. A run that finds the previous one still
 * going does nothing.
 */
export async function reconcileIotpayPayments(container: MedusaContainer, now = new Date()): Promise<ReconcileResult> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const locking = container.resolve(Modules.LOCKING)
  const ownerId = `iotpay-reconcile-${randomUUID()}`
  const startedAt = new Date()
  try {
    await locking.acquire(RUN_LOCK, { ownerId, expire: RUN_LOCK_EXPIRE_S })
  } catch {
    logger.info("IOTPay reconcile: the previous run is still going; this one does nothing.")
    await recordRun(container, logger, { startedAt, skipped: true })
    return { skipped: true }
  }
  try {
    const result = await reconcileAll(container, logger, now)
    await recordRun(container, logger, { startedAt, ...result, scannedUntil: now })
    return result
  } catch (error) {
    await recordRun(container, logger, { startedAt, skipped: false, error: (error as Error).message })
    throw error
  } finally {
    await locking.release(RUN_LOCK, { ownerId }).catch(() => undefined)
  }
}

/** Keeps the run for Settings → IOTPay; a failure to keep it is logged and never fails the run. */
async function recordRun(
  container: MedusaContainer,
  logger: Logger,
  run: Parameters<NotifyInbox["recordReconcileRun"]>[0]
) {
  try {
    await notifyInbox(container).recordReconcileRun(run)
  } catch (error) {
    logger.warn(`IOTPay reconcile: could not record this run: ${(error as Error).message}`)
  }
}

async function reconcileAll(container: MedusaContainer, logger: Logger, now: Date): Promise<ReconcileResult> {
  const started = Date.now()
  const entries = iotpayProviderEntries(container.resolve(ContainerRegistrationKeys.CONFIG_MODULE))
  const payment = container.resolve(Modules.PAYMENT)
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const inbox = notifyInbox(container)
  const concurrency = Math.max(1, Number(inbox.options.reconcileConcurrency) || DEFAULT_CONCURRENCY)
  const stats: SessionStats = { sessions: 0, due: 0, asked: 0, recovered: 0 }
  // Sessions unchanged since the last completed run already have their back-off rows (src/lib/reconcile/reconcile-sessions.ts).
  const watermark = (await inbox.lastReconcileRuns()).lastCompleted?.scanned_until
  const scannedUntil = watermark ? new Date(watermark) : null
  const changed = changedSince(scannedUntil, now)
  const state = { locking: container.resolve(Modules.LOCKING), ledger: inbox.ledger, logger }
  for (const [configId, options] of entries) {
    const emit = (event: IotpayNotifyEvent) => eventBus.emit({ name: IOTPAY_NOTIFY_EVENT, data: event })
    const since = new Date(now.getTime() - SETTLE_LOOKBACK_MS)
    // Cards (V3) and v1 wallets (WeChat Pay, Alipay, UnionPay): the same back-off, hand-on and settling, each through
    // its own gateway and the one reversal engine over it.
    const apis = (["v3", "v1"] as const).map((api) => ({
      ...entryEngine(configId, options, api, logger),
      providerIds: api === "v1" ? v1ProviderIdsOf(configId) : v3ProviderIdsOf(configId),
    }))
    for (const { gateway, providerIds } of apis) {
      const ctx = { configId, providerIds, gateway, logger, inbox, concurrency, emit }
      await reconcileSessions(payment, ctx, now, stats, changed)
    }
    for (const { gateway, reversals, providerIds } of apis) {
      await settleOpenPayments({ configId, logger, inbox, payment, state, providerIds, reversals }, since, changed)
      await retryOwedGiveBacks({ providerIds, logger, payment, ledger: inbox.ledger, state, gateway, reversals })
    }
  }
  const ms = Date.now() - started
  logger.info(
    `IOTPay reconcile: ${stats.due} attempts due, ${stats.asked} asked IOTPay, ${stats.recovered} paid and handed on, ` +
      `${stats.sessions} new or changed sessions read, ${ms} ms`
  )
  return { ...stats, skipped: false, ms }
}

/** The scheduled run; IOTPAY_RECONCILE=off turns it off (the tests call reconcileIotpayPayments themselves). */
export default async function reconcileIotpayPaymentsJob(container: MedusaContainer) {
  if (process.env.IOTPAY_RECONCILE === "off") return
  await reconcileIotpayPayments(container)
}

export const config = {
  name: "iotpay-reconcile-pending-payments",
  // Every minute: each attempt's own back-off decides whether IOTPay is asked, so a run over nothing due is a few
  // database pages and no gateway call.
  // IOTPAY_RECONCILE_SCHEDULE (tests): another cron, e.g. every 2 seconds to count runs across a cluster.
  schedule: process.env.IOTPAY_RECONCILE_SCHEDULE || "* * * * *",
}
