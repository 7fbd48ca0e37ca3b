import type { LedgerRow } from "../../modules/iotpay-notify/ledger-store"
import { isOpen, owedSchema, reversalSchema, type IotpaySessionData, type Reversal } from "./session-data"

export type { LedgerRow }

/**
 * Rows are kept per attempt (`a<attempt>:`): a session whose amount changed has a new attempt, a new IOTPay payment
 * and a fresh list of reversals, and a stranded earlier attempt is given back on its own list.
 */
const prefixOf = (data: IotpaySessionData) => `a${data.attempt ?? 1}:`
const REVERSAL = "reversal:"
const STATE = "state"

/** The rows that record `data`'s reversals and cancel state (open rows are what the reconcile job settles). */
export function ledgerRowsOf(data: IotpaySessionData): LedgerRow[] {
  const prefix = prefixOf(data)
  const reversals = (data.reversals ?? []).map((r) => ({
    key: `${prefix}${REVERSAL}${r.mchRefundNo}`,
    value: r as unknown as Record<string, unknown>,
    open: isOpen(r),
  }))
  const state = {
    key: `${prefix}${STATE}`,
    value: { canceled: data.canceled ?? false, owed: data.owed ?? null },
    open: !!data.owed,
  }
  return [...reversals, state]
}

/**
 * `data` with the ledger's rows merged in by reversal number. A row wins over data's copy of the same number (rows
 * are written under the payment's lock, data may be a copy Medusa read before); an entry only data holds (written
 * before the ledger existed) is kept. `canceled` never goes back to false; `owed` is the ledger's when it has a state.
 */
export function withLedger(data: IotpaySessionData, rows: LedgerRow[]): IotpaySessionData {
  const prefix = prefixOf(data)
  const mine = rows.filter((r) => r.key.startsWith(prefix))
  if (!mine.length) return data
  const byNumber = new Map<string, Reversal>((data.reversals ?? []).map((r) => [r.mchRefundNo, r]))
  let state: { canceled?: boolean; owed?: unknown } | undefined
  for (const { key: prefixed, value } of mine) {
    const key = prefixed.slice(prefix.length)
    if (key === STATE) state = value
    if (!key.startsWith(REVERSAL)) continue
    const parsed = reversalSchema.safeParse(value)
    if (parsed.success) byNumber.set(parsed.data.mchRefundNo, parsed.data)
  }
  const reversals = [...byNumber.values()].sort((a, b) => a.at.localeCompare(b.at))
  const merged: IotpaySessionData = { ...data, reversals: reversals.length ? reversals : undefined }
  if (!state) return merged
  const owed = owedSchema.safeParse(state.owed)
  return {
    ...merged,
    canceled: data.canceled || state.canceled === true || undefined,
    owed: owed.success ? owed.data : undefined,
  }
}

/** The attempts whose state row says money is still owed (a cancel or give-back that failed). */
export function owedAttempts(rows: LedgerRow[]): number[] {
  const attempts = rows
    .filter((r) => r.open && r.key.endsWith(`:${STATE}`))
    .map((r) => Number(/^a(\d+):/.exec(r.key)?.[1]))
  return attempts.filter((a) => Number.isInteger(a) && a > 0)
}
