import type { IPaymentModuleService, Logger } from "@medusajs/framework/types"
import type { NotifyInbox } from "../notify/notify-inbox"
import { freshState, underPaymentLock, type StateDeps } from "../money/payment-state"
import { needsSettling, readSessionData, type IotpaySessionData } from "../money/session-data"

const PAYMENT_PAGE = 500

export type Settler = {
  cancel: (d: IotpaySessionData) => Promise<IotpaySessionData>
  settleOpen: (d: IotpaySessionData) => Promise<IotpaySessionData>
}

export type SettleCtx = {
  configId: string
  providerIds: string[]
  logger: Logger
  inbox: NotifyInbox
  payment: IPaymentModuleService
  /** The payment lock and ledger every path shares (src/lib/money/payment-state.ts). */
  state: StateDeps
  reversals: Settler
}

type PaymentRow = { id: string; data?: Record<string, unknown> | null; provider_id?: string; updated_at?: unknown }

/**
 * Refunds, voids and cancels still pending, unknown or owed: asked about again and the answer recorded. Two steps,
 * so a run reads what changed and what is open, not every payment of the last 30 days:
 * 1. payments updated since `changedSince` (all of them since `since` when there is no watermark) that have
 *    something open are added to the open list (the notify module's iotpay_open_payment);
 *    So are the payments whose ledger rows are open (an entry Medusa's write-back erased from payment.data is still
 *    there; see src/lib/money/payment-state.ts).
 * 2. each payment on the open list is settled under its lock, and leaves the list once nothing is open, or once it
 *    has not changed for 30 days (then an admin must look: the order's IOTPay panel shows what is owed).
 */
export async function settleOpenPayments(ctx: SettleCtx, since: Date, changedSince: Date | undefined) {
  const from = changedSince && changedSince > since ? changedSince : since
  const markOpen = async (page: PaymentRow[]) => {
    const open: PaymentRow[] = []
    for (const p of page) if (needsSettling(await freshState(readSessionData(p.data), ctx.state))) open.push(p)
    await ctx.inbox.markOpen(
      open.map((p) => ({ id: p.id, provider_config_id: ctx.configId, provider_id: String(p.provider_id) }))
    )
  }
  for await (const page of paymentsUpdatedSince(ctx.payment, ctx.providerIds, from)) await markOpen(page)
  for await (const page of paymentsOfOpenLedgers(ctx)) await markOpen(page)
  for (let after = ""; ;) {
    const ids = await ctx.inbox.openPayments(ctx.configId, ctx.providerIds, PAYMENT_PAGE, after)
    if (!ids.length) return
    after = ids[ids.length - 1]
    const found = (await ctx.payment.listPayments(
      { id: ids },
      {
        select: ["id", "data", "updated_at"],
        take: ids.length,
      }
    )) as PaymentRow[]
    const byId = new Map(found.map((p) => [p.id, p]))
    const done: string[] = []
    for (const id of ids) {
      const candidate = byId.get(id)
      const open = candidate && needsSettling(await freshState(readSessionData(candidate.data), ctx.state))
      if (!candidate || !open || tooOld(candidate, since)) {
        done.push(id)
        continue
      }
      if (!(await settleOne(ctx, id))) done.push(id)
    }
    await ctx.inbox.markSettled(done)
    if (ids.length < PAYMENT_PAGE) return
  }
}

const tooOld = (p: PaymentRow, since: Date) => !!p.updated_at && new Date(p.updated_at as string) < since

/** Settles one payment; true while something is still open (it stays on the list). */
async function settleOne(ctx: SettleCtx, id: string): Promise<boolean> {
  let open = true
  try {
    const [current] = await ctx.payment.listPayments({ id }, { select: ["id", "data"] })
    const next = await underPaymentLock(
      readSessionData(current?.data),
      async (data) => {
        if (!needsSettling(data)) return data
        const settled = data.owed ? await ctx.reversals.cancel(data) : await ctx.reversals.settleOpen(data)
        // Written inside the lock with the ledger merged in, so this copy holds every entry any path recorded.
        await ctx.payment.updatePayment({ id, data: settled } as { id: string })
        return settled
      },
      ctx.state
    )
    open = needsSettling(next)
    if (next.owed) {
      ctx.logger.error(
        `IOTPay reconcile: payment ${id} still owes the shopper money (attempt ${next.owed.attempts}): ` +
          `${next.owed.lastError ?? next.owed.why}`
      )
    }
  } catch (error) {
    ctx.logger.error(`IOTPay reconcile: could not settle payment ${id}: ${(error as Error).message}`)
  }
  return open
}

/**
 * Every payment of these providers updated since `since`, by id (keyset pages: settling a payment changes its
 * updated_at, which would shift offset pages and skip some).
 */
async function* paymentsUpdatedSince(payment: IPaymentModuleService, providerIds: string[], since: Date) {
  for (let after = ""; ;) {
    const page = (await payment.listPayments(
      // provider_id and data are payment columns the module's DTO types leave out; its service accepts both.
      {
        provider_id: providerIds,
        updated_at: { $gte: since.toISOString() },
        ...(after ? { id: { $gt: after } } : {}),
      } as Record<string, unknown>,
      { select: ["id", "data", "provider_id"], take: PAYMENT_PAGE, order: { id: "ASC" } }
    )) as PaymentRow[]
    yield page
    if (page.length < PAYMENT_PAGE) return
    after = page[page.length - 1].id
  }
}

/** The payments of these providers whose session has an open ledger row, a page at a time. */
async function* paymentsOfOpenLedgers(ctx: SettleCtx) {
  const ledger = (ctx.inbox as { ledger?: { openSessions(limit: number, after?: string): Promise<string[]> } }).ledger
  if (!ledger) return
  for (let after = ""; ;) {
    const sessions = await ledger.openSessions(PAYMENT_PAGE, after)
    if (!sessions.length) return
    after = sessions[sessions.length - 1]
    const page = (await ctx.payment.listPayments(
      { payment_session_id: sessions, provider_id: ctx.providerIds } as Record<string, unknown>,
      { select: ["id", "data", "provider_id"], take: sessions.length }
    )) as PaymentRow[]
    yield page
    if (sessions.length < PAYMENT_PAGE) return
  }
}
