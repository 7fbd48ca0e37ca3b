import { ledgerRowsOf, owedAttempts, withLedger } from "../ledger"
import type { IotpaySessionData, Reversal } from "../session-data"

const entry = (mchRefundNo: string, status: number | null, at: string): Reversal => ({
  kind: "refund",
  mchRefundNo,
  amountCents: 100,
  status,
  at,
})

describe("the reversal ledger merged into a stale copy of payment data", () => {
  const base: IotpaySessionData = { session_id: "payses_1", attempt: 1, amountCents: 2824 }

  it("keeps an entry only the ledger holds, and the ledger's newer status over data's copy", () => {
    const stale = { ...base, reversals: [entry("R1", null, "2026-01-01T00:00:00Z")] }
    const rows = ledgerRowsOf({
      ...base,
      reversals: [entry("R1", 2, "2026-01-01T00:00:00Z"), entry("R2", 0, "2026-01-01T00:00:01Z")],
    })
    const merged = withLedger(stale, rows)
    expect(merged.reversals!.map((r) => [r.mchRefundNo, r.status])).toEqual([
      ["R1", 2],
      ["R2", 0],
    ])
    expect(rows.filter((r) => r.open).map((r) => r.key)).toEqual(["a1:reversal:R2"])
  })

  it("keeps data's entries written before the ledger, and the ledger's owed marker and cancel", () => {
    const old = { ...base, reversals: [entry("R0", 2, "2025-12-31T00:00:00Z")] }
    const owed = { since: "2026-01-01T00:00:00Z", why: "canceled", attempts: 1 }
    const merged = withLedger(old, ledgerRowsOf({ ...base, canceled: true, owed }))
    expect(merged.reversals!.map((r) => r.mchRefundNo)).toEqual(["R0"])
    expect(merged).toMatchObject({ canceled: true, owed })
    // A later path cleared owed in the ledger: a stale copy still holding it does not bring it back.
    const cleared = withLedger({ ...old, owed }, ledgerRowsOf({ ...base, canceled: true }))
    expect(cleared.owed).toBeUndefined()
  })

  it("reads only the rows of the data's own attempt", () => {
    const rows = ledgerRowsOf({ ...base, attempt: 2, reversals: [entry("R9", 2, "2026-01-01T00:00:00Z")] })
    expect(withLedger(base, rows)).toEqual(base)
  })
})

describe("owed attempts (stranded give-backs the reconcile job retries)", () => {
  const owed = { since: "2026-01-01T00:00:00Z", why: "stranded", attempts: 1 }
  it("names each attempt whose state row is open, and no other", () => {
    const rows = [
      ...ledgerRowsOf({ session_id: "payses_1", attempt: 1, owed }),
      ...ledgerRowsOf({ session_id: "payses_1", attempt: 2, canceled: true }),
      ...ledgerRowsOf({ session_id: "payses_1", attempt: 3, owed, reversals: [] }),
    ]
    expect(owedAttempts(rows)).toEqual([1, 3])
    expect(owedAttempts(ledgerRowsOf({ session_id: "payses_1", attempt: 4 }))).toEqual([])
  })
})
