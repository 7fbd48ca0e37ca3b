/** The statement of one day: what IOTPay holds against what Medusa says (docs/statement.md). */

/** What IOTPay answered about one payment attempt, asked once (cc_query for cards, query_order for v1). */
export type IotpayFacts = {
  state: "paid" | "pending" | "failed" | "not_found" | "error"
  payOrderId?: string
  amountCents?: number
  /** Cents IOTPay shows refunded or voided; null when IOTPay does not tell (v1 without the refund query). */
  refundedCents: number | null
  /** Cents IOTPay says are still refundable (cards); null when IOTPay reports none (v1). */
  refundableCents: number | null
  paidAt?: string
  error?: string
}

/** One Medusa refund row of the payment, in cents (the plugin's own rounding where it recorded the refund). */
export type MedusaRefund = { id: string; cents: number; note: string | null; createdAt: string }

/** Medusa's side of one payment attempt; null when Medusa holds no payment for it. */
export type MedusaFacts = {
  paymentId: string
  orderId: string | null
  orderDisplayId: number | null
  orderStatus: string | null
  /** Cents the plugin charged for this payment (data.amountCents). */
  amountCents: number
  capturedCents: number
  refunds: MedusaRefund[]
  canceled: boolean
}

export type DifferenceKind =
  | "refunded_outside_store"
  | "recorded_in_medusa_not_at_iotpay"
  | "open_reversal"
  | "owed"
  | "paid_at_iotpay_no_order"
  | "order_without_iotpay_payment"
  | "amount_differs"

export type Difference = {
  kind: DifferenceKind
  orderId: string | null
  paymentId: string | null
  mchOrderNo: string
  payOrderId: string | null
  cents: number
  detail: string
  /** refunded_outside_store only: recorded in Medusa by this run, already there, or why not. */
  imported?: "imported" | "not_imported"
  importNote?: string
  /**
   * refunded_outside_store only: whether "Record outside refunds in Medusa" (the POST) may record it, i.e. its
   * provider entry's `importOutsideRefunds` is on; false: the POST would only report it again.
   */
  recordable?: boolean
}

/** One CSV line: a payment, or one of its refunds and voids. */
export type StatementLine = {
  date: string
  type: "payment" | "refund" | "void"
  orderId: string | null
  orderDisplayId: number | null
  paymentId: string | null
  mchOrderNo: string
  payOrderId: string | null
  mchRefundNo: string | null
  channel: string
  iotpayCents: number | null
  medusaCents: number | null
  status: string
  difference: string
  /** Payment lines: what is left to refund on each side, and the order's status in Medusa. */
  iotpayRefundableCents?: number | null
  medusaRefundableCents?: number | null
  orderStatus?: string | null
}

export type Totals = { chargedCents: number; refundedCents: number; netCents: number }

export type Statement = {
  date: string
  /** How many times IOTPay was asked (one per payment attempt of the day, one per v1 refund when it can be asked). */
  asked: number
  iotpay: Totals
  medusa: Totals
  /** True when some refunds IOTPay cannot report (v1 without the refund query) are left out of IOTPay's total. */
  iotpayRefundsPartial: boolean
  lines: StatementLine[]
  differences: Difference[]
}
