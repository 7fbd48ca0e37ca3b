import type { Reversal } from "../../money/session-data"
import { importing, unlessImportingOutside } from "../outside-scope"

const entry: Reversal = {
  kind: "refund",
  mchRefundNo: "outside-PC1-200",
  amountCents: 200,
  status: 2,
  origin: "outside",
  at: "2026-12-05T10:00:00.000Z",
}
const data = { session_id: "payses_1", attempt: 1, amountCents: 2824 }

describe("a provider's refund while the statement brings an outside refund in", () => {
  it("records the outside refund under Medusa's refund id and sends nothing, for that payment only", async () => {
    const send = jest.fn(async () => ({ ...data, reversals: [] }))
    const refund = unlessImportingOutside("ref_1", send)
    const recorded = await importing.run({ sessionId: "payses_1", entry }, () => refund(data))
    expect(send).not.toHaveBeenCalled()
    expect(recorded).toEqual({ ...data, reversals: [{ ...entry, medusaId: "ref_1" }], refundable: 2624 })
    // Another payment's refund during the same import, and any refund outside one, are sent as always.
    await importing.run({ sessionId: "payses_other", entry }, () => refund(data))
    await refund(data)
    expect(send).toHaveBeenCalledTimes(2)
  })
})
