type Manager = { execute: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]> }

/** One ledger row: a reversal (`reversal:<mchRefundNo>`) or a session's `state` (canceled, owed). */
export type LedgerRow = { key: string; value: Record<string, unknown>; open: boolean }

/**
 * The reversal ledger of each payment session, kept apart from Medusa's payment.data: Medusa writes back whatever
 * copy of data a provider returned, after the provider's lock is released, so a copy read before another path's
 * entry would erase it there. Rows here are only written under the payment's lock (src/lib/money/payment-state.ts) and
 * never deleted, so every path reads every entry any path wrote.
 */
export class LedgerStore {
  constructor(private readonly manager: Manager) {}

  async read(sessionId: string): Promise<LedgerRow[]> {
    const rows = await this.manager.execute(
      `SELECT entry_key, value, open FROM iotpay_ledger WHERE session_id = ? ORDER BY created_at, entry_key`,
      [sessionId]
    )
    return rows.map((r) => ({
      key: String(r.entry_key),
      value: (typeof r.value === "string" ? JSON.parse(r.value) : r.value) as Record<string, unknown>,
      open: r.open === true,
    }))
  }

  /** Upserts rows by (session, key): the caller holds the lock and read the rows first, so its copy is the newest. */
  async write(sessionId: string, rows: LedgerRow[]): Promise<void> {
    if (!rows.length) return
    await this.manager.execute(
      `INSERT INTO iotpay_ledger AS t (session_id, entry_key, value, open)
       VALUES ${rows.map(() => "(?, ?, ?::jsonb, ?)").join(", ")}
       ON CONFLICT (session_id, entry_key)
       DO UPDATE SET value = excluded.value, open = excluded.open, updated_at = now()
       WHERE t.value IS DISTINCT FROM excluded.value OR t.open IS DISTINCT FROM excluded.open`,
      rows.flatMap((r) => [sessionId, r.key, JSON.stringify(r.value), r.open])
    )
  }

  /** Sessions with a reversal or a cancel still open (the reconcile job settles them), after `after`, by id. */
  async openSessions(limit: number, after = ""): Promise<string[]> {
    const rows = await this.manager.execute(
      `SELECT DISTINCT session_id FROM iotpay_ledger WHERE open AND session_id > ? ORDER BY session_id LIMIT ?`,
      [after, limit]
    )
    return rows.map((r) => String(r.session_id))
  }
}
