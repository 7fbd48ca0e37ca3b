import type { IPaymentModuleService } from "@medusajs/framework/types"
import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { mchOrderNoForSession } from "../../iotpay"
import { readSessionData } from "../money/session-data"

/**
 * One IOTPay attempt a reconcile run may ask about. `current`: the attempt a pending session still pays under (it
 * may become an order); anything else (earlier attempts, every attempt of a deleted session) can only be given back.
 */
export type Attempt = {
  sessionId: string
  providerId: string
  mchOrderNo: string
  current: boolean
  firstSeen: Date
  done: boolean
}

export const SESSION_PAGE = 500

const SESSION_FIELDS = ["id", "provider_id", "data", "status", "created_at", "deleted_at"]

/**
 * Every IOTPay session created between `since` and `until` (and, when given, updated since `changedSince`), a page
 * at a time (no cap: a busy store's older sessions are never skipped). Ordered by creation then id with a cutoff
 * fixed at the start, so pages do not shift under the run.
 */
export async function* sessionPages(
  payment: IPaymentModuleService,
  providerIds: string[],
  since: Date,
  until: Date,
  changedSince?: Date
) {
  const filters = {
    provider_id: providerIds,
    created_at: { $gte: since.toISOString(), $lte: until.toISOString() },
    ...(changedSince ? { updated_at: { $gte: changedSince.toISOString() } } : {}),
  }
  for (let skip = 0; ; skip += SESSION_PAGE) {
    const page = await payment.listPaymentSessions(filters, {
      select: SESSION_FIELDS,
      take: SESSION_PAGE,
      skip,
      order: { created_at: "ASC", id: "ASC" },
      withDeleted: true,
    })
    if (page.length) yield page
    if (page.length < SESSION_PAGE) return
  }
}

/** These sessions of these services, deleted ones included. */
export function sessionsById(payment: IPaymentModuleService, providerIds: string[], ids: string[]) {
  return payment.listPaymentSessions(
    { id: [...new Set(ids)], provider_id: providerIds },
    { select: SESSION_FIELDS, take: ids.length, withDeleted: true }
  )
}

type Session = Awaited<ReturnType<IPaymentModuleService["listPaymentSessions"]>>[number]

/** The attempts of one session; `done` when nothing IOTPay says could change anything (the session moved on). */
export function attemptsOf(session: Session, now: Date): Attempt[] {
  const data = readSessionData(session.data)
  if (!data.session_id || !data.attempt) return []
  const dropped = Boolean((session as { deleted_at?: unknown }).deleted_at)
  const created = new Date(session.created_at)
  const out: Attempt[] = []
  for (let attempt = 1; attempt <= data.attempt; attempt++) {
    const current = !dropped && attempt === data.attempt
    out.push({
      sessionId: data.session_id,
      providerId: session.provider_id,
      mchOrderNo: mchOrderNoForSession(data.session_id, attempt),
      current,
      // A later attempt started after the session was created; when exactly is not stored, so it counts from the
      // run that first sees it.
      firstSeen: attempt === 1 ? created : now,
      done: current && session.status !== PaymentSessionStatus.PENDING,
    })
  }
  return out
}
