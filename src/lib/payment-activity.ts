import { classifyStatus, formatCents } from "../iotpay"
import { openReversals, readSessionData, reversedCents } from "./session-data"

/** The part of Medusa's query the activity reads (query.graph). */
type QueryLike = { graph: (args: any) => Promise<{ data: any[] }> }

export type IotpayActivityPayment = {
  paymentId: string
  providerId: string
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

export type IotpayActivity = {
  /** The notify inbox does not exist in this version; the page says so instead of inventing one. */
  inbox: { available: false; note: string }
  source: string
  scanned: number
  /** Payments with a refund or void still open (pending, outcome unknown) or money owed back: what reconcile settles. */
  attention: IotpayActivityPayment[]
  /** The newest IOTPay payments. */
  recent: IotpayActivityPayment[]
}

const SCAN = 500
const RECENT = 20
const iso = (t: unknown) => (t ? new Date(t as string).toISOString() : null)

/**
 * What can be read today without the notify inbox: Medusa's own IOTPay payments and what their data records (open,
 * unknown and owed reversals), newest first. Nothing is asked from IOTPay here (the order panel does that per order).
 */
export async function iotpayActivity(query: QueryLike, providerIds: string[]): Promise<IotpayActivity> {
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
    inbox: {
      available: false,
      note:
        "The notify inbox (every IOTPay notify with its outcome) is not part of this version yet. Shown instead: what " +
        "Medusa's IOTPay payments record today. Open the order for IOTPay's live answer.",
    },
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
