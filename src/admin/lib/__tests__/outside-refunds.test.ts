import { describe, expect, it } from "@jest/globals"
import type { Difference, Statement } from "../../../lib/statement/types"
import { outsideRefunds } from "../outside-refunds"

const difference = (kind: Difference["kind"], recordable?: boolean): Difference => ({
  kind,
  orderId: "order_01",
  paymentId: "pay_01",
  mchOrderNo: `m-${kind}-${recordable}`,
  payOrderId: null,
  cents: 150,
  detail: "",
  ...(recordable === undefined ? {} : { recordable }),
})
const statementOf = (differences: Difference[]) => ({ differences }) as Statement

describe("outsideRefunds", () => {
  it("offers the button only for outside refunds whose entry imports them; the others are reported only", () => {
    const on = difference("refunded_outside_store", true)
    const off = difference("refunded_outside_store", false)
    const other = difference("amount_differs")
    expect(outsideRefunds(statementOf([on, off, other]))).toEqual({ recordable: [on], reportedOnly: [off] })
    expect(outsideRefunds(statementOf([off]))).toEqual({ recordable: [], reportedOnly: [off] })
    expect(outsideRefunds(statementOf([other]))).toEqual({ recordable: [], reportedOnly: [] })
  })
})
