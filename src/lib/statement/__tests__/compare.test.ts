import { comparePayment, type PaymentFacts } from "../compare"
import { statementCsv } from "../csv"
import { dayRange, isStatementDay } from "../day"
import type { IotpayFacts, MedusaFacts } from "../types"

const paidAt = (over: Partial<IotpayFacts> = {}): IotpayFacts => ({
  state: "paid",
  payOrderId: "PC1",
  amountCents: 2824,
  refundedCents: 0,
  refundableCents: 2824,
  ...over,
})
const order = (over: Partial<MedusaFacts> = {}): MedusaFacts => ({
  paymentId: "pay_1",
  orderId: "order_1",
  orderDisplayId: 7,
  orderStatus: "pending",
  amountCents: 2824,
  capturedCents: 2824,
  refunds: [],
  canceled: false,
  ...over,
})
const facts = (over: Partial<PaymentFacts> = {}): PaymentFacts => ({
  date: "2026-12-05",
  mchOrderNo: "S1-1",
  channel: "PF_CC",
  iotpay: paidAt(),
  medusa: order(),
  ledger: { session_id: "payses_1", attempt: 1, amountCents: 2824 },
  ...over,
})
const kinds = (f: PaymentFacts) => comparePayment(f).differences.map((d) => [d.kind, d.cents])
const refund = (mchRefundNo: string, amountCents: number, status: number | null, medusaId?: string) => ({
  kind: "refund" as const,
  mchRefundNo,
  amountCents,
  status,
  medusaId,
  at: "2026-12-05T10:00:00.000Z",
})

describe("comparePayment: one IOTPay payment against Medusa", () => {
  it("a paid order both sides agree on has no difference and one payment line", () => {
    const { lines, differences } = comparePayment(facts())
    expect(differences).toEqual([])
    expect(lines).toEqual([
      expect.objectContaining({
        type: "payment",
        orderId: "order_1",
        iotpayCents: 2824,
        medusaCents: 2824,
        difference: "",
        iotpayRefundableCents: 2824,
        medusaRefundableCents: 2824,
      }),
    ])
  })

  it("names a refund made outside the store: IOTPay refunded more than the ledger holds, open ones counted", () => {
    const ledger = { session_id: "payses_1", attempt: 1, amountCents: 2824, reversals: [refund("R1", 500, 2, "ref_1")] }
    const medusa = order({ refunds: [{ id: "ref_1", cents: 500, note: null, createdAt: "x" }] })
    const f = facts({ ledger, medusa, iotpay: paidAt({ refundedCents: 700, refundableCents: 2124 }) })
    expect(kinds(f)).toEqual([["refunded_outside_store", 200]])
    expect(comparePayment(f).outsideCents).toBe(200)
    expect(comparePayment(f).lines.map((l) => [l.type, l.iotpayCents, l.medusaCents, l.difference])).toEqual([
      ["payment", 2824, 2824, "refunded_outside_store"],
      ["refund", 500, 500, ""],
      ["refund", 200, null, "refunded_outside_store"],
    ])
    // An unknown-outcome refund IOTPay did take is not an outside refund: it is reserved, only open.
    const open = { ...ledger, reversals: [refund("R1", 500, 2, "ref_1"), refund("R2", 200, null, "ref_2")] }
    expect(kinds({ ...f, ledger: open })).toEqual([["open_reversal", 200]])
  })

  it("names a refund recorded in Medusa that failed at IOTPay (an unknown outcome settled as failed)", () => {
    const ledger = { session_id: "payses_1", attempt: 1, amountCents: 2824, reversals: [refund("R1", 400, 9, "ref_1")] }
    const medusa = order({ refunds: [{ id: "ref_1", cents: 400, note: null, createdAt: "x" }] })
    const f = facts({ ledger, medusa })
    expect(kinds(f)).toEqual([["recorded_in_medusa_not_at_iotpay", 400]])
    const line = comparePayment(f).lines[1]
    expect(line).toMatchObject({
      type: "refund",
      mchRefundNo: "R1",
      iotpayCents: 0,
      medusaCents: 400,
      status: "failed",
    })
    expect(line.difference).toBe("recorded_in_medusa_not_at_iotpay")
  })

  it("names a payment paid at IOTPay with no order, unless it was all given back", () => {
    expect(kinds(facts({ medusa: null }))).toEqual([["paid_at_iotpay_no_order", 2824]])
    const givenBack = facts({ medusa: null, iotpay: paidAt({ refundedCents: 2824, refundableCents: 0 }) })
    givenBack.ledger = { ...givenBack.ledger, reversals: [{ ...refund("V1", 2824, 2), kind: "void" }] }
    expect(kinds(givenBack)).toEqual([])
  })

  it("names an order whose payment IOTPay does not hold, or that failed there", () => {
    const missing = facts({ iotpay: { state: "not_found", refundedCents: null, refundableCents: null } })
    expect(kinds(missing)).toEqual([["order_without_iotpay_payment", 2824]])
    const failed = facts({ iotpay: { state: "failed", amountCents: 2824, refundedCents: null, refundableCents: null } })
    expect(comparePayment(failed).differences[0].detail).toMatch(/failed at IOTPay/)
  })

  it("names money owed back and an amount that differs; v1 with no refund figure compares no refunds", () => {
    const owed = facts({
      ledger: { session_id: "p", attempt: 1, amountCents: 2824, owed: { since: "t", why: "canceled", attempts: 2 } },
    })
    expect(kinds(owed)).toEqual([["owed", 2824]])
    expect(kinds(facts({ medusa: order({ amountCents: 2823 }) }))).toEqual([["amount_differs", 1]])
    const v1 = facts({ channel: "WX_NATIVE", iotpay: paidAt({ refundedCents: null, refundableCents: null }) })
    expect(kinds(v1)).toEqual([])
  })
})

describe("statement day and CSV", () => {
  it("accepts real days only", () => {
    expect(isStatementDay("2026-12-05")).toBe(true)
    for (const bad of ["2026-02-30", "2026-1-5", "yesterday", "2026-12-05T00:00"]) {
      expect(isStatementDay(bad)).toBe(false)
    }
    expect(dayRange("2026-12-05")).toEqual({
      date: "2026-12-05",
      from: new Date("2026-12-05T00:00:00.000Z"),
      until: new Date("2026-12-05T23:59:59.999Z"),
    })
  })

  it("writes cents and dollars, quotes commas and defuses formulas", () => {
    const [line] = comparePayment(facts()).lines
    const csv = statementCsv([{ ...line, status: "=cmd, x" }])
    expect(csv.split("\r\n")).toEqual([
      "date,order_id,order_display_id,payment_id,type,iotpay_mch_order_no,iotpay_pay_order_id,iotpay_mch_refund_no," +
        "channel,iotpay_cents,iotpay_dollars,medusa_cents,medusa_dollars,status,difference",
      `2026-12-05,order_1,7,pay_1,payment,S1-1,PC1,,PF_CC,2824,28.24,2824,28.24,"'=cmd, x",`,
      "",
    ])
  })
})
