import {
  classifyStatus,
  formatCents,
  IotpayUnreachableError,
  isSuccessStatus,
  type IotpayStatusClass,
  type OrderRecord,
} from "../../iotpay"
import type { InboxListRow } from "../../modules/iotpay-notify/service"
import type { PaymentGateway } from "../gateway/payment-gateway"
import { isV1ProviderId, providerDisplayName } from "../config/provider-ids"
import { readSessionData, reversedCents, type IotpaySessionData } from "../money/session-data"

export type IotpayReversalView = {
  kind: "refund" | "void"
  mchRefundNo: string
  payOrderId?: string
  amount: string
  status: number | null
  statusText: string
}

export type IotpayPaymentView = {
  paymentId: string
  providerId: string
  /** The provider in a merchant's words ("Card via IOTPay", "WeChat Pay via IOTPay"). */
  providerName: string
  payOrderId: string | null
  mchOrderNo: string | null
  status: number | null
  /** IOTPay's status in the plugin's one vocabulary (null: IOTPay has no such payment). */
  outcome: IotpayStatusClass | null
  statusText: string
  amount: string | null
  refundable: string | null
  currency: string
  cardNum: string | null
  cardType: string | null
  authNum: string | null
  paySuccTime: string | null
  /** IOTPay's V3 records carry no settlement flag; shown when a record has one. */
  settled: boolean | null
  reversals: IotpayReversalView[]
  /** What happened at IOTPay for this payment, oldest first (from the payment's data and the live view above). */
  timeline: IotpayTimelineEvent[]
  error?: string
  /**
   * IOTPay could not be asked (down, timed out, an answer that is not IOTPay's): what is shown is the plugin's record.
   */
  unreachable?: boolean
}

export type IotpayTimelineState = "done" | "pending" | "unknown" | "failed" | "owed"

export type IotpayTimelineEvent = {
  /** ISO time, or null when nothing records when it happened (kept after the event before it). */
  at: string | null
  kind: "created" | "notify" | "authorized" | "captured" | "refund" | "void" | "owed" | "canceled"
  title: string
  detail: string
  /** IOTPay's number for the event (mchOrderNo of the purchase, mchRefundNo of a refund or void). */
  number?: string
  amount?: string
  state?: IotpayTimelineState
  /** A notify: how many times IOTPay delivered it, and what the plugin did with it (`unprocessed`: nothing yet). */
  deliveries?: number
  outcome?: string
}

/** The Medusa payment fields the view reads; the times only feed the timeline. */
export type IotpayPaymentInput = {
  id: string
  provider_id: string
  currency_code: string
  data?: Record<string, unknown> | null
  created_at?: string | Date | null
  captured_at?: string | Date | null
  canceled_at?: string | Date | null
  payment_session?: { created_at?: string | Date | null } | null
}

const STATUS_TEXT: Record<number, string> = { 0: "pending", 1: "unknown", 2: "success", 3: "success", 9: "failed" }
const statusText = (s: number | null | undefined) =>
  s === null || s === undefined ? "not found at IOTPay" : (STATUS_TEXT[s] ?? `status ${s}`)
/** A status the plugin recorded (none yet: the answer was lost or never came). */
const recordedText = (s: number | null | undefined) => (s === null || s === undefined ? "not known" : statusText(s))

/**
 * What IOTPay says now about one Medusa payment and each refund/void the plugin sent for it (cc_query each); the
 * notify inbox rows of the payment, when given, become the timeline's "notify received" entries.
 */
export async function iotpayPaymentView(
  gateway: PaymentGateway,
  payment: IotpayPaymentInput,
  notifies: InboxListRow[] = []
): Promise<IotpayPaymentView> {
  const data = readSessionData(payment.data)
  const view: IotpayPaymentView = {
    paymentId: payment.id,
    providerId: payment.provider_id,
    providerName: providerDisplayName(payment.provider_id),
    payOrderId: data.payOrderId ?? null,
    mchOrderNo: data.mchOrderNo ?? null,
    status: null,
    outcome: null,
    statusText: statusText(null),
    amount: null,
    refundable: null,
    currency: payment.currency_code.toUpperCase(),
    cardNum: data.cardNum ?? null,
    cardType: data.cardType ?? null,
    authNum: data.authNum ?? null,
    paySuccTime: data.paySuccTime ?? null,
    settled: null,
    reversals: [],
    timeline: [],
  }
  // A failed question is not an answer: the payment and its refunds keep what the plugin recorded, marked so,
  // rather than "not found at IOTPay" (which is what IOTPay says of a number it never received).
  let failure: Error | undefined
  const ask = async (question: () => Promise<OrderRecord | null>) => {
    if (failure) return undefined
    try {
      return await question()
    } catch (error) {
      failure = error as Error
      return undefined
    }
  }
  const query = data.payOrderId
    ? { payOrderId: data.payOrderId }
    : data.mchOrderNo
      ? { mchOrderNo: data.mchOrderNo }
      : null
  const record = query ? await ask(() => gateway.findPayment(query)) : null
  if (record) Object.assign(view, fromRecord(record))
  // v1 reports no refundable: the panel shows the amount less the refunds this store's ledger holds as done, and
  // nothing else reads that figure.
  if (record && !gateway.reportsRefundable) {
    view.refundable = formatCents(Math.max(0, record.amount - reversedCents(data)))
  }
  for (const reversal of data.reversals ?? []) {
    const found = await ask(() => gateway.findReversal(reversal.mchRefundNo))
    const status = found === undefined ? (reversal.status ?? null) : (found?.status ?? null)
    view.reversals.push({
      kind: reversal.kind,
      mchRefundNo: reversal.mchRefundNo,
      payOrderId: found?.payOrderId ?? reversal.payOrderId,
      amount: formatCents(found?.amount ?? reversal.amountCents),
      status,
      statusText: found === undefined ? `${recordedText(status)} (as recorded; IOTPay not asked)` : statusText(status),
    })
  }
  if (failure) {
    view.error = `IOTPay could not be asked: ${failure.message}`
    view.unreachable = true
    if (record === undefined) {
      view.statusText = failure instanceof IotpayUnreachableError ? "IOTPay unreachable" : "IOTPay could not be asked"
    }
  }
  // IOTPay keeps a reversed sale at status 2; say what happened to it instead of a bare "paid".
  if (view.statusText === "paid" && view.refundable === "0.00") {
    const voided = view.reversals.some((r) => r.kind === "void" && r.statusText === "success")
    view.statusText = voided ? "voided" : "fully refunded"
  }
  view.timeline = iotpayTimeline(payment, data, view, notifies)
  return view
}

const iso = (t: string | Date | null | undefined): string | null => {
  if (!t) return null
  const d = t instanceof Date ? t : new Date(t)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

function reversalState(status: number | null | undefined): IotpayTimelineState {
  if (status === null || status === undefined) return "unknown"
  const outcome = classifyStatus(status)
  return outcome === "paid" ? "done" : outcome
}

const STATE_TEXT: Record<IotpayTimelineState, string> = {
  done: "done",
  pending: "pending at IOTPay, being settled",
  unknown: "outcome unknown (answer lost), being settled",
  failed: "failed at IOTPay, nothing moved",
  owed: "owed",
}

/**
 * The order-notes view of one payment, oldest first: purchase created (mchOrderNo, amount), authorized, captured,
 * each refund and void with its IOTPay number and status, anything owed, canceled. Recorded facts come from the
 * payment's data; a reversal's status is IOTPay's live answer when the view could read it, else the recorded one.
 */
export function iotpayTimeline(
  payment: IotpayPaymentInput,
  data: IotpaySessionData,
  view?: Pick<IotpayPaymentView, "reversals" | "payOrderId" | "paySuccTime" | "cardNum" | "cardType">,
  notifies: InboxListRow[] = []
): IotpayTimelineEvent[] {
  const currency = payment.currency_code.toUpperCase()
  const money = (cents: number) => `${formatCents(cents)} ${currency}`
  const events: IotpayTimelineEvent[] = []
  const v1 = data.mode === "v1" || isV1ProviderId(payment.provider_id)
  if (data.mchOrderNo) {
    const how =
      data.mode === "saved_card"
        ? "saved card"
        : data.mode === "wallet"
          ? (data.walletType ?? "wallet")
          : v1
            ? `${data.channel ?? "wallet"} (IOTPay v1)`
            : "hosted card page"
    const exact =
      data.amount && data.amountCents !== undefined && data.amount !== formatCents(data.amountCents)
        ? ` (Medusa ${data.amount})`
        : ""
    events.push({
      at: iso(payment.payment_session?.created_at) ?? null,
      kind: "created",
      title: "Purchase created",
      number: data.mchOrderNo,
      amount: data.amountCents !== undefined ? money(data.amountCents) : undefined,
      detail: [
        `mchOrderNo ${data.mchOrderNo}`,
        data.amountCents !== undefined ? `${money(data.amountCents)}${exact}` : null,
        how,
      ]
        .filter(Boolean)
        .join(" · "),
    })
  }
  for (const n of notifies) events.push(notifyEvent(n, money))
  const payOrderId = view?.payOrderId ?? data.payOrderId
  const card = view?.cardNum ?? data.cardNum
  events.push({
    at: iso(payment.created_at),
    kind: "authorized",
    title: "Authorized",
    number: payOrderId ?? undefined,
    detail:
      [
        payOrderId ? `pay order ${payOrderId}` : null,
        card ? `card ${[view?.cardType ?? data.cardType, card].filter(Boolean).join(" ")}` : null,
        (view?.paySuccTime ?? data.paySuccTime) ? `paid at IOTPay ${view?.paySuccTime ?? data.paySuccTime}` : null,
      ]
        .filter(Boolean)
        .join(" · ") || `confirmed by ${v1 ? "query_order" : "cc_query"}`,
    state: "done",
  })
  if (payment.captured_at) {
    events.push({
      at: iso(payment.captured_at),
      kind: "captured",
      title: "Captured",
      detail: `IOTPay purchases are sales: ${v1 ? "query_order" : "cc_query"} confirmed the sale still stands`,
      state: "done",
    })
  }
  for (const r of data.reversals ?? []) {
    const live = view?.reversals.find((v) => v.mchRefundNo === r.mchRefundNo)
    // The live answer wins when IOTPay knows the number; "not found" keeps the recorded status (it may be unknown).
    const status = live && live.status !== null ? live.status : r.status
    const state = reversalState(status)
    const what =
      r.kind === "void" ? "Void" : r.mchRefundNo.startsWith("C") ? "Refund (cancel after settlement)" : "Refund"
    events.push({
      at: iso(r.at),
      kind: r.kind,
      title: what,
      number: r.mchRefundNo,
      amount: money(r.amountCents),
      state,
      detail: [
        `${r.mchRefundNo}`,
        money(r.amountCents),
        STATE_TEXT[state],
        (live?.payOrderId ?? r.payOrderId) ? `IOTPay ${live?.payOrderId ?? r.payOrderId}` : null,
        r.settledAt ? `settled ${iso(r.settledAt)}` : null,
      ]
        .filter(Boolean)
        .join(" · "),
    })
  }
  if (data.owed) {
    const left = data.amountCents !== undefined ? data.amountCents - reversedCents(data) : undefined
    events.push({
      at: iso(data.owed.since),
      kind: "owed",
      title: "Owed back to the shopper",
      amount: left !== undefined ? money(left) : undefined,
      state: "owed",
      detail: [
        left !== undefined ? `${money(left)} not yet confirmed returned` : null,
        data.owed.why,
        `${data.owed.attempts} attempt${data.owed.attempts === 1 ? "" : "s"}`,
        data.owed.lastError ? `last error: ${data.owed.lastError}` : null,
        "the reconcile job retries it",
      ]
        .filter(Boolean)
        .join(" · "),
    })
  }
  if (payment.canceled_at) {
    events.push({
      at: iso(payment.canceled_at),
      kind: "canceled",
      title: "Payment canceled in Medusa",
      detail: "",
      state: "done",
    })
  }
  return oldestFirst(events)
}

const NOTIFY_OUTCOME_TEXT: Record<string, string> = {
  order_created: "order created from it",
  already_applied: "already applied (the cart was completed already)",
  ignored: "ignored",
  not_applied: "not applied",
  failed: "processing failed, retried by the inbox re-drive job",
  unprocessed: "not processed yet",
}

const SELF_EXPLAINED = new Set(["order_created", "already_applied"])

/** One notify inbox row: when IOTPay first sent it, how many deliveries, what the plugin did with it. */
function notifyEvent(n: InboxListRow, money: (cents: number) => string): IotpayTimelineEvent {
  const outcome = n.outcome ?? "unprocessed"
  const deliveries = Number(n.deliveries)
  const status = Number(n.status)
  return {
    at: iso(n.first_received_at),
    kind: "notify",
    title: "Notify received",
    number: n.pay_order_id,
    amount: money(Number(n.amount)),
    state: outcome === "failed" ? "failed" : outcome === "unprocessed" ? "pending" : "done",
    deliveries,
    outcome,
    detail: [
      `pay order ${n.pay_order_id}`,
      `status ${status} (${statusText(status)})`,
      money(Number(n.amount)),
      `${deliveries} deliver${deliveries === 1 ? "y" : "ies"}` +
        (deliveries > 1 && n.last_received_at ? `, last ${iso(n.last_received_at)}` : ""),
      // The detail explains an outcome that needs it; a notify that made the order needs none (its detail names
      // Medusa's internal payment and session ids, which mean nothing to a merchant).
      `outcome: ${NOTIFY_OUTCOME_TEXT[outcome] ?? outcome}` +
        (n.outcome_detail && !SELF_EXPLAINED.has(outcome) ? ` (${n.outcome_detail})` : ""),
      n.redrives ? `${n.redrives} re-drive${Number(n.redrives) === 1 ? "" : "s"}` : null,
    ]
      .filter(Boolean)
      .join(" · "),
  }
}

/** Stable sort by time; an event without a time stays right after the event recorded before it. */
function oldestFirst(events: IotpayTimelineEvent[]): IotpayTimelineEvent[] {
  let last = -Infinity
  const keyed = events.map((e, i) => {
    const t = e.at ? Date.parse(e.at) : NaN
    if (!Number.isNaN(t)) last = Math.max(last, t)
    return { e, i, t: Number.isNaN(t) ? last : t }
  })
  return keyed.sort((a, b) => a.t - b.t || a.i - b.i).map((k) => k.e)
}

function fromRecord(record: OrderRecord): Partial<IotpayPaymentView> {
  const settled = (record as Record<string, unknown>).settled
  return {
    payOrderId: record.payOrderId ?? null,
    status: record.status,
    outcome: classifyStatus(record.status),
    statusText: isSuccessStatus(record.status) ? "paid" : statusText(record.status),
    amount: formatCents(record.amount),
    refundable: record.refundable === undefined ? null : formatCents(record.refundable),
    cardNum: record.cardNum || null,
    cardType: record.cardType || null,
    authNum: record.authNum || null,
    paySuccTime: record.paySuccTime || null,
    settled: typeof settled === "boolean" ? settled : null,
  }
}
