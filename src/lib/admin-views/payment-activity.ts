import { classifyStatus, formatCents, parseMchRefundNo, sessionIdFromMchOrderNo } from "../../iotpay"
import type { InboxListRow, InboxOutcomeFilter, ReconcileRunRow } from "../../modules/iotpay-notify/service"
import type { NotifyInbox } from "../notify/notify-inbox"
import { providerDisplayName } from "../config/provider-ids"
import { openReversals, readSessionData, reversedCents } from "../money/session-data"

/** The part of Medusa's query the activity reads (query.graph). */
type QueryLike = { graph: (args: any) => Promise<{ data: any[] }> }

export type IotpayActivityPayment = {
  paymentId: string
  providerId: string
  /** The provider in a merchant's words ("Card via IOTPay"). */
  providerName: string
  orderId: string | null
  orderDisplayId: number | null
  mchOrderNo: string | null
  payOrderId: string | null
  amount: string
  createdAt: string | null
  capturedAt: string | null
  canceledAt: string | null
  /** Refunds and voids done / pending / unknown / failed, as recorded in the payment's data. */
  reversals: { done: number; pending: number; unknown: number; failed: number }
  open: { kind: "refund" | "void"; mchRefundNo: string; amount: string; state: "pending" | "unknown" }[]
  owed: { since: string; why: string; attempts: number; lastError?: string; amount: string | null } | null
}

/** The inbox filters of Settings → IOTPay: an outcome, or `unprocessed` (no outcome yet). */
export const INBOX_FILTERS = [
  "order_created",
  "already_applied",
  "ignored",
  "not_applied",
  "failed",
  "unprocessed",
] as const satisfies readonly InboxOutcomeFilter[]
export type IotpayInboxFilter = (typeof INBOX_FILTERS)[number]

/** One notify as the admin sees it, with the Medusa order (or cart / session) its mchOrderNo belongs to. */
export type IotpayInboxNotify = {
  id: string
  providerConfigId: string
  payOrderId: string
  mchOrderNo: string | null
  payType: string | null
  status: number
  amount: string
  deliveries: number
  firstReceivedAt: string | null
  lastReceivedAt: string | null
  outcome: IotpayInboxFilter
  outcomeDetail: string | null
  processedAt: string | null
  redrives: number
  /** The order the notify's payment belongs to; else the cart and payment session, when those still exist. */
  order: { id: string; displayId: number | null } | null
  cart: { id: string; sessionId: string } | null
}

export type IotpayInbox =
  | {
      available: true
      note: string
      filter: IotpayInboxFilter | null
      /** Rows matching the filter; `notifies` is the newest `limit` of them from `offset`. */
      total: number
      limit: number
      offset: number
      counts: Record<IotpayInboxFilter, number>
      notifies: IotpayInboxNotify[]
    }
  | { available: false; note: string }

export type IotpayReconcileRunView = {
  startedAt: string | null
  finishedAt: string | null
  skipped: boolean
  sessions: number | null
  due: number | null
  asked: number | null
  recovered: number | null
  ms: number | null
  error: string | null
}

export type IotpayReconcileView = {
  /** False when IOTPAY_RECONCILE=off: the schedule never runs (reconcileIotpayPayments can still be called). */
  enabled: boolean
  schedule: string
  /** The newest run (also a skipped or failed one), and the newest run that went through. */
  lastRun: IotpayReconcileRunView | null
  lastCompletedRun: IotpayReconcileRunView | null
  /** When the schedule runs next (the minute after the last run; now, when that is past); null when off. */
  nextRunAt: string | null
  note: string
}

export type IotpayActivity = {
  inbox: IotpayInbox
  reconcile: IotpayReconcileView | null
  source: string
  scanned: number
  /**
   * Payments with a refund or void still open (pending, outcome unknown) or money owed back: what reconcile settles.
   */
  attention: IotpayActivityPayment[]
  /** The newest IOTPay payments. */
  recent: IotpayActivityPayment[]
}

export type IotpayActivityOptions = {
  filter?: IotpayInboxFilter
  limit?: number
  offset?: number
  /** The reconcile job's environment (IOTPAY_RECONCILE, IOTPAY_RECONCILE_SCHEDULE). */
  env?: Record<string, string | undefined>
  now?: Date
}

const SCAN = 500
const RECENT = 20
const iso = (t: unknown) => (t ? new Date(t as string).toISOString() : null)

const INBOX_PAGE = 50
const DEFAULT_SCHEDULE = "* * * * *"

/**
 * Settings → IOTPay's activity: the notify inbox newest first (optionally one outcome), each notify with its order;
 * the reconcile job's last and next run; and Medusa's own IOTPay payments with open, unknown or owed reversals.
 * Nothing is asked from IOTPay here (the order panel does that per order).
 */
export async function iotpayActivity(
  query: QueryLike,
  providerIds: string[],
  inbox?: NotifyInbox,
  options: IotpayActivityOptions = {}
): Promise<IotpayActivity> {
  const { data } = providerIds.length
    ? await query.graph({
        entity: "payment",
        fields: [
          "id",
          "provider_id",
          "amount",
          "currency_code",
          "data",
          "created_at",
          "captured_at",
          "canceled_at",
          "payment_collection.order.id",
          "payment_collection.order.display_id",
        ],
        filters: { provider_id: providerIds },
        pagination: { order: { created_at: "DESC" }, take: SCAN },
      })
    : { data: [] }
  const rows = data.map(toActivity)
  return {
    inbox: inbox
      ? await inboxView(query, inbox, options)
      : {
          available: false,
          note:
            'The notify inbox module is not registered in medusa-config (see docs/notify-and-reconcile.md "The notify inbox"): no notify ' +
            "can be listed. Shown instead: what Medusa's IOTPay payments record.",
        },
    reconcile: inbox ? reconcileView(await inbox.lastReconcileRuns(), options) : null,
    source: `the newest ${SCAN} IOTPay payments in Medusa (payment data, not asked from IOTPay)`,
    scanned: rows.length,
    attention: rows.filter((r) => r.open.length > 0 || r.owed !== null),
    recent: rows.slice(0, RECENT),
  }
}

function toActivity(payment: any): IotpayActivityPayment {
  const data = readSessionData(payment.data)
  const currency = String(payment.currency_code ?? "").toUpperCase()
  const money = (cents: number) => `${formatCents(cents)} ${currency}`
  const all = data.reversals ?? []
  const count = (pred: (s: number | null) => boolean) => all.filter((r) => pred(r.status)).length
  const order = payment.payment_collection?.order
  return {
    paymentId: payment.id,
    providerId: payment.provider_id,
    providerName: providerDisplayName(payment.provider_id),
    orderId: order?.id ?? null,
    orderDisplayId: order?.display_id ?? null,
    mchOrderNo: data.mchOrderNo ?? null,
    payOrderId: data.payOrderId ?? null,
    amount: data.amountCents !== undefined ? money(data.amountCents) : `${payment.amount} ${currency}`,
    createdAt: iso(payment.created_at),
    capturedAt: iso(payment.captured_at),
    canceledAt: iso(payment.canceled_at),
    reversals: {
      done: count((s) => s !== null && classifyStatus(s) === "paid"),
      pending: count((s) => s !== null && classifyStatus(s) === "pending"),
      unknown: count((s) => s === null),
      failed: count((s) => s === 9),
    },
    open: openReversals(data).map((r) => ({
      kind: r.kind,
      mchRefundNo: r.mchRefundNo,
      amount: money(r.amountCents),
      state: r.status === null ? ("unknown" as const) : ("pending" as const),
    })),
    owed: data.owed
      ? {
          ...data.owed,
          amount: data.amountCents !== undefined ? money(data.amountCents - reversedCents(data)) : null,
        }
      : null,
  }
}

async function inboxView(query: QueryLike, inbox: NotifyInbox, options: IotpayActivityOptions): Promise<IotpayInbox> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? INBOX_PAGE)), 200)
  const offset = Math.max(0, Math.trunc(options.offset ?? 0))
  const { rows, total, counts } = await inbox.listInbox({ outcome: options.filter, limit, offset })
  const links = await ordersOf(
    query,
    rows.map((r) => r.mch_order_no)
  )
  return {
    available: true,
    note:
      "Every verified IOTPay notify (and every paid record the reconcile job found), newest first, with what the " +
      "plugin did with it.",
    filter: options.filter ?? null,
    total,
    limit,
    offset,
    counts: Object.fromEntries(INBOX_FILTERS.map((f) => [f, counts[f] ?? 0])) as Record<IotpayInboxFilter, number>,
    notifies: rows.map((r) => toNotify(r, links.get(r.mch_order_no ?? ""))),
  }
}

type OrderLink = Pick<IotpayInboxNotify, "order" | "cart">

/**
 * The Medusa order of each notify's number. A payment's mchOrderNo names its payment session (src/iotpay/ids.ts),
 * whose payment collection belongs to an order once the cart is completed, and to the cart before that. A refund's
 * number (`R` + the Medusa refund's ULID) names the refund, whose payment leads to the same collection; a void's or a
 * cancel's (`V`/`C` + the session's ULID) names the session. Numbers made from a digest (a retried attempt's) name
 * nothing that can be looked up.
 */
export async function ordersOf(query: QueryLike, numbers: (string | null)[]): Promise<Map<string, OrderLink>> {
  const bySession = new Map<string, string[]>()
  const byRefund = new Map<string, string[]>()
  const add = (map: Map<string, string[]>, id: string, no: string) => map.set(id, [...(map.get(id) ?? []), no])
  for (const no of new Set(numbers)) {
    if (!no) continue
    const sessionId = sessionIdFromMchOrderNo(no)?.sessionId
    const reversal = sessionId ? null : parseMchRefundNo(no)
    if (sessionId) add(bySession, sessionId, no)
    else if (reversal?.ulid && reversal.kind === "refund") add(byRefund, `ref_${reversal.ulid}`, no)
    else if (reversal?.ulid) add(bySession, `payses_${reversal.ulid}`, no)
  }
  const links = new Map<string, OrderLink>()
  const linkOf = (sessionId: string | undefined, collection: any): OrderLink => ({
    order: collection?.order?.id ? { id: collection.order.id, displayId: collection.order.display_id ?? null } : null,
    cart: collection?.cart?.id && sessionId ? { id: collection.cart.id, sessionId } : null,
  })
  const collectionFields = (prefix: string) =>
    ["order.id", "order.display_id", "cart.id"].map((f) => `${prefix}payment_collection.${f}`)
  if (bySession.size) {
    const { data } = await query.graph({
      entity: "payment_session",
      fields: ["id", ...collectionFields("")],
      filters: { id: [...bySession.keys()] },
    })
    for (const session of data) {
      for (const no of bySession.get(session.id) ?? []) links.set(no, linkOf(session.id, session.payment_collection))
    }
  }
  if (byRefund.size) {
    const { data } = await query.graph({
      entity: "refund",
      fields: ["id", "payment.payment_session_id", ...collectionFields("payment.")],
      filters: { id: [...byRefund.keys()] },
    })
    for (const refund of data) {
      const link = linkOf(refund.payment?.payment_session_id, refund.payment?.payment_collection)
      for (const no of byRefund.get(refund.id) ?? []) links.set(no, link)
    }
  }
  return links
}

function toNotify(row: InboxListRow, link: OrderLink | undefined): IotpayInboxNotify {
  const currency = (row.currency ?? "").toUpperCase()
  return {
    id: row.id,
    providerConfigId: row.provider_config_id,
    payOrderId: row.pay_order_id,
    mchOrderNo: row.mch_order_no,
    payType: row.pay_type,
    status: Number(row.status),
    amount: `${formatCents(Number(row.amount))}${currency ? ` ${currency}` : ""}`,
    deliveries: Number(row.deliveries),
    firstReceivedAt: iso(row.first_received_at),
    lastReceivedAt: iso(row.last_received_at),
    outcome: row.outcome ?? "unprocessed",
    outcomeDetail: row.outcome_detail,
    processedAt: iso(row.processed_at),
    redrives: Number(row.redrives),
    order: link?.order ?? null,
    cart: link?.cart ?? null,
  }
}

function runView(row: ReconcileRunRow | null): IotpayReconcileRunView | null {
  if (!row) return null
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  return {
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    skipped: Boolean(row.skipped),
    sessions: n(row.sessions),
    due: n(row.due),
    asked: n(row.asked),
    recovered: n(row.recovered),
    ms: n(row.ms),
    error: row.error,
  }
}

/**
 * The last runs as kept by the job, and when the schedule (every minute unless IOTPAY_RECONCILE_SCHEDULE) runs next.
 */
export function reconcileView(
  runs: { last: ReconcileRunRow | null; lastCompleted: ReconcileRunRow | null },
  options: Pick<IotpayActivityOptions, "env" | "now"> = {}
): IotpayReconcileView {
  const env = options.env ?? process.env
  const now = options.now ?? new Date()
  const schedule = env.IOTPAY_RECONCILE_SCHEDULE || DEFAULT_SCHEDULE
  const lastRun = runView(runs.last)
  const lastCompletedRun = runView(runs.lastCompleted)
  const base = { schedule, lastRun, lastCompletedRun }
  if (env.IOTPAY_RECONCILE === "off") {
    return {
      ...base,
      enabled: false,
      nextRunAt: null,
      note: "IOTPAY_RECONCILE=off: the scheduled reconcile does not run on this server.",
    }
  }
  if (schedule !== DEFAULT_SCHEDULE) {
    return { ...base, enabled: true, nextRunAt: null, note: `Runs on the schedule "${schedule}".` }
  }
  const last = lastRun?.startedAt ? Date.parse(lastRun.startedAt) : NaN
  const next = Number.isNaN(last) ? NaN : last + 60_000
  const nextRunAt = new Date(Number.isNaN(next) || next < now.getTime() ? now.getTime() : next).toISOString()
  return {
    ...base,
    enabled: true,
    nextRunAt,
    note: Number.isNaN(last)
      ? "Runs every minute; no run recorded yet."
      : next < now.getTime() - 60_000
        ? "Runs every minute, but no run was recorded in the last minute (is a worker running the jobs?)."
        : "Runs every minute.",
  }
}
