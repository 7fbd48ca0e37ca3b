import { classifyStatus } from "../../iotpay"
import { reservedCents, reversedCents, type IotpaySessionData, type Reversal } from "../money/session-data"
import type { Difference, DifferenceKind, IotpayFacts, MedusaFacts, StatementLine } from "./types"

/** Everything the statement knows about one IOTPay payment attempt of the day. */
export type PaymentFacts = {
  date: string
  mchOrderNo: string
  channel: string
  iotpay: IotpayFacts
  medusa: MedusaFacts | null
  /** The plugin's state of the payment with its ledger merged in (src/lib/money/payment-state.ts). */
  ledger: IotpaySessionData
}

export type Compared = { lines: StatementLine[]; differences: Difference[]; outsideCents: number }

const reversalState = (r: Reversal) =>
  r.status === null
    ? "unknown"
    : ({ paid: "done", failed: "failed", pending: "pending" } as const)[classifyStatus(r.status)]

/** Cents still IOTPay's to give back: its refundable figure, or (v1 reports none) the amount less what the ledger holds. */
const leftCents = (f: PaymentFacts) =>
  f.iotpay.refundableCents ?? Math.max(0, (f.iotpay.amountCents ?? 0) - reservedCents(f.ledger))

/** Medusa's refunded cents: every refund row, or everything once the payment was canceled (voided or refunded whole). */
export const medusaRefundedCents = (m: MedusaFacts) =>
  m.canceled ? m.amountCents : m.refunds.reduce((sum, r) => sum + r.cents, 0)

/**
 * One payment attempt compared: IOTPay's answer against Medusa's payment, its refund rows and the plugin's ledger.
 * Pure: the caller asked IOTPay once and read Medusa; this only names what disagrees, in cents.
 */
export function comparePayment(f: PaymentFacts): Compared {
  const { iotpay, medusa, ledger } = f
  const paid = iotpay.state === "paid"
  const differences: Difference[] = []
  /** The kinds the payment's own line names (a reversal's line names its own). */
  const paymentKinds = new Set<DifferenceKind>()
  const differ = (kind: DifferenceKind, cents: number, detail: string, onPayment = true) => {
    if (onPayment) paymentKinds.add(kind)
    differences.push({
      kind,
      orderId: medusa?.orderId ?? null,
      paymentId: medusa?.paymentId ?? null,
      mchOrderNo: f.mchOrderNo,
      payOrderId: iotpay.payOrderId ?? null,
      cents,
      detail,
    })
  }

  if (paid && !medusa?.orderId && leftCents(f) > 0) {
    differ("paid_at_iotpay_no_order", leftCents(f), "paid at IOTPay, but no order in Medusa has this payment")
  }
  if (medusa?.orderId && !medusa.canceled && (iotpay.state === "not_found" || iotpay.state === "failed")) {
    differ(
      "order_without_iotpay_payment",
      medusa.amountCents,
      iotpay.state === "failed" ? "the order's payment failed at IOTPay" : "IOTPay has no payment under this number"
    )
  }
  if (paid && medusa && iotpay.amountCents !== undefined && iotpay.amountCents !== medusa.amountCents) {
    differ(
      "amount_differs",
      Math.abs(iotpay.amountCents - medusa.amountCents),
      `IOTPay charged ${iotpay.amountCents} cents, Medusa records ${medusa.amountCents}`
    )
  }
  let outsideCents = 0
  if (paid && iotpay.refundedCents !== null) {
    // Open reversals count as reserved: one that IOTPay already holds is not an outside refund.
    outsideCents = Math.max(0, iotpay.refundedCents - reservedCents(ledger))
    if (outsideCents > 0) {
      differ("refunded_outside_store", outsideCents, "refunded outside the store, not yet recorded in Medusa")
    }
    const missing = reversedCents(ledger) - iotpay.refundedCents
    if (missing > 0) {
      differ("recorded_in_medusa_not_at_iotpay", missing, "the plugin recorded more refunded than IOTPay shows")
    }
  }
  const rows = new Map((medusa?.refunds ?? []).map((r) => [r.id, r]))
  const reversalLines = (ledger.reversals ?? []).map((r) => {
    const state = reversalState(r)
    const row = r.medusaId ? rows.get(r.medusaId) : undefined
    const kinds: DifferenceKind[] = []
    if (state === "failed" && row) {
      kinds.push("recorded_in_medusa_not_at_iotpay")
      differ(
        "recorded_in_medusa_not_at_iotpay",
        row.cents,
        `Medusa refund ${row.id} failed at IOTPay (${r.mchRefundNo})`,
        false
      )
    }
    if (state === "pending" || state === "unknown") {
      kinds.push("open_reversal")
      differ("open_reversal", r.amountCents, `${r.kind} ${r.mchRefundNo} is ${state} at IOTPay`, false)
    }
    return line(f, {
      type: r.kind,
      mchRefundNo: r.mchRefundNo,
      iotpayCents: state === "done" ? r.amountCents : state === "failed" ? 0 : null,
      medusaCents: row?.cents ?? null,
      status: r.origin === "outside" ? `${state}, made outside the store` : state,
      difference: kinds.join(" "),
    })
  })
  if (ledger.owed) differ("owed", leftCents(f), `money owed back since ${ledger.owed.since}: ${ledger.owed.why}`)
  const payment = line(f, {
    type: "payment",
    mchRefundNo: null,
    iotpayCents: paid ? (iotpay.amountCents ?? null) : null,
    medusaCents: medusa?.amountCents ?? null,
    status: paymentStatus(f),
    difference: [...paymentKinds].join(" "),
    iotpayRefundableCents: paid ? iotpay.refundableCents : null,
    medusaRefundableCents: medusa && !medusa.canceled ? medusa.capturedCents - medusaRefundedCents(medusa) : null,
    orderStatus: medusa?.orderStatus ?? null,
  })
  const outsideLine = outsideCents
    ? [
        line(f, {
          type: "refund",
          mchRefundNo: null,
          iotpayCents: outsideCents,
          medusaCents: null,
          status: "made outside the store",
          difference: "refunded_outside_store",
        }),
      ]
    : []
  return { lines: [payment, ...reversalLines, ...outsideLine], differences, outsideCents }
}

function paymentStatus(f: PaymentFacts): string {
  const at = f.iotpay.state === "error" ? `IOTPay not asked: ${f.iotpay.error}` : `${f.iotpay.state} at IOTPay`
  if (!f.medusa) return `${at}; no Medusa payment`
  if (!f.medusa.orderId) return `${at}; Medusa payment without order`
  return `${at}; order ${f.medusa.orderStatus ?? "?"}${f.medusa.canceled ? ", payment canceled" : ""}`
}

function line(
  f: PaymentFacts,
  fields: Pick<StatementLine, "type" | "mchRefundNo" | "iotpayCents" | "medusaCents" | "status" | "difference"> &
    Partial<StatementLine>
): StatementLine {
  return {
    date: f.date,
    orderId: f.medusa?.orderId ?? null,
    orderDisplayId: f.medusa?.orderDisplayId ?? null,
    paymentId: f.medusa?.paymentId ?? null,
    mchOrderNo: f.mchOrderNo,
    payOrderId: f.iotpay.payOrderId ?? null,
    channel: f.channel,
    ...fields,
  }
}
