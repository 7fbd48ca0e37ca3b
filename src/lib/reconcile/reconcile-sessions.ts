import type { IPaymentModuleService, Logger } from "@medusajs/framework/types"
import { executeWithConcurrency } from "@medusajs/framework/utils"
import { classifyStatus } from "../../iotpay"
import type { IotpayNotifyEvent } from "../notify/notify-event"
import type { NotifyInbox } from "../notify/notify-inbox"
import type { PaymentGateway } from "../gateway/payment-gateway"
import { SESSION_PAGE, attemptsOf, sessionPages, sessionsById, type Attempt } from "./reconcile-attempts"
import { RECONCILE_LOOKBACK_MS, nextCheckAt } from "./reconcile-schedule"

export type ReconcileCtx = {
  configId: string
  providerIds: string[]
  gateway: PaymentGateway
  logger: Logger
  inbox: NotifyInbox
  concurrency: number
  /** Hands a paid record to the notify subscriber (the same path a notify takes). */
  emit: (event: IotpayNotifyEvent) => Promise<void>
}

/** `sessions`: new or changed sessions read (due ones are counted in `due`). */
export type SessionStats = { sessions: number; due: number; asked: number; recovered: number }

/**
 * One reconcile pass over the sessions of some services of an entry, in two steps whose cost follows what changed
 * and what is due, not how many sessions the store has:
 * 1. new and changed sessions (all of the lookback window on a first run, else those updated since `changedSince`)
 *    get a back-off row per IOTPay attempt (src/lib/reconcile/reconcile-schedule.ts);
 * 2. every attempt whose row is due is looked up in its session (deleted ones included) and IOTPay is asked about
 *    it, at most `concurrency` at a time. Paid ones go to the subscriber: pending sessions become orders, stranded
 *    attempts are given back. No cap: every due row is read, a page at a time.
 */
export async function reconcileSessions(
  payment: IPaymentModuleService,
  ctx: ReconcileCtx,
  now: Date,
  stats: SessionStats,
  changedSince?: Date
) {
  const lookbackStart = new Date(now.getTime() - RECONCILE_LOOKBACK_MS)
  for await (const page of sessionPages(payment, ctx.providerIds, lookbackStart, now, changedSince)) {
    stats.sessions += page.length
    const attempts = page.flatMap((session) => attemptsOf(session, now))
    await ctx.inbox.ensureChecks(
      attempts.map((a) => ({
        provider_config_id: ctx.configId,
        provider_id: a.providerId,
        mch_order_no: a.mchOrderNo,
        session_id: a.sessionId,
        first_seen_at: a.firstSeen,
        next_check_at: a.done ? null : a.firstSeen,
      }))
    )
  }
  for (let after: { at: Date; id: string } | undefined; ;) {
    const rows = await ctx.inbox.dueChecks(ctx.configId, ctx.providerIds, now, SESSION_PAGE, after)
    if (!rows.length) return
    after = { at: rows[rows.length - 1].next_check_at, id: rows[rows.length - 1].id }
    const sessions = await sessionsById(
      payment,
      ctx.providerIds,
      rows.map((r) => r.session_id)
    )
    const attempts = new Map(sessions.flatMap((s) => attemptsOf(s, now)).map((a) => [a.mchOrderNo, a]))
    const due = rows.flatMap((row) => {
      const attempt = attempts.get(row.mch_order_no)
      return attempt ? [{ attempt, row }] : []
    })
    // A row of these services whose session is gone (deleted from the table, not soft-deleted as Medusa does) can
    // never be asked about: retired, or it stays due and is read again every run. A row without provider_id (made
    // before it was kept) may belong to the entry's other services' pass, which finds its session.
    const gone = rows.filter((row) => row.provider_id && !attempts.has(row.mch_order_no))
    await Promise.all(
      gone.map((row) => ctx.inbox.recordCheck(row.id, { asked: false, result: "session not found", next: null }))
    )
    stats.due += due.length
    await executeWithConcurrency(
      due.map(({ attempt, row }) => async () => {
        if (attempt.done) {
          return ctx.inbox.recordCheck(row.id, { asked: false, result: "session no longer pending", next: null })
        }
        stats.asked++
        const found = await check(ctx, attempt)
        if (found.handedOn) stats.recovered++
        await ctx.inbox.recordCheck(row.id, {
          asked: true,
          result: found.result,
          next: found.final ? null : nextCheckAt(row.first_seen_at, now),
        })
      }),
      ctx.concurrency
    )
    if (rows.length < SESSION_PAGE) return
  }
}

type Found = { result: string; final: boolean; handedOn?: boolean }

async function check(ctx: ReconcileCtx, attempt: Attempt): Promise<Found> {
  const { mchOrderNo } = attempt
  try {
    const record = await ctx.gateway.findPayment({ mchOrderNo }) // null: IOTPay has no such order, nothing paid
    if (!record) return { result: "not at IOTPay", final: false }
    const status = classifyStatus(record.status)
    if (status === "failed") return { result: `failed at IOTPay (status ${record.status})`, final: true }
    if (status !== "paid") return { result: `status ${record.status}`, final: false }
    // An unknown refundable (v1 reports none) is handed on: the give-back reads the ledger before sending anything.
    if (!attempt.current && record.refundable !== undefined && record.refundable <= 0) {
      return { result: "paid, nothing left to give back", final: true }
    }
    ctx.logger.info(`IOTPay reconcile: ${mchOrderNo} is paid at IOTPay (${record.payOrderId}); handing it on.`)
    // Kept in the inbox first: from here on the job will not ask again, so the record must not be lost either.
    const { id: inboxId } = await ctx.inbox.recordDelivery({ configId: ctx.configId, record })
    await ctx.emit({ configId: ctx.configId, record, inboxId })
    return { result: `paid (${record.payOrderId}): handed to the notify subscriber`, final: true, handedOn: true }
  } catch (error) {
    ctx.logger.warn(`IOTPay reconcile: could not check ${mchOrderNo}: ${(error as Error).message}`)
    return { result: `error: ${(error as Error).message}`, final: false }
  }
}
