import { MedusaService } from "@medusajs/framework/utils"
import { entityId } from "./entity-id"
import { IotpayNotify, type NotifyOutcome } from "./models/notify"
import { IotpayOpenPayment } from "./models/open-payment"
import { IotpayReconcileCheck } from "./models/reconcile-check"
import { IotpayReconcileRun } from "./models/reconcile-run"
import { DeliveryBatch, type DeliveryLimits } from "./delivery-batch"
import { LedgerStore } from "./ledger-store"
import { toInboxRow, type InboxInput } from "./inbox-row"
import { OutageLog, isInboxOutage } from "./outage-log"
import { OutcomeBatch, type Outcome } from "./outcome-batch"
import { SettledRepeats, type SettledEntry } from "./settled-repeats"

type Manager = { execute: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]> }
type Logger = { warn: (message: string) => void; error: (message: string) => void; info: (message: string) => void }

export type InboxEntry = SettledEntry
type InboxRow = ReturnType<typeof toInboxRow>

/**
 * The notify inbox and the reconcile schedule. Reads and plain deletes use the CRUD MedusaService generates from the
 * data models. Hand-written SQL only where one statement must decide atomically what a read-then-write would race on:
 * the group commit of deliveries (one INSERT … ON CONFLICT for a batch, so ten concurrent copies of one notify make
 * one row with deliveries = 10), increments (deliveries, redrives, checks), the outcome that never replaces
 * `order_created`, the re-drive claim (FOR UPDATE SKIP LOCKED), the idempotent inserts (ON CONFLICT), the due-checks
 * keyset page (row comparison) and the outcome counts (GROUP BY).
 */
export default class IotpayNotifyModuleService extends MedusaService({
  IotpayNotify,
  IotpayReconcileCheck,
  IotpayReconcileRun,
  IotpayOpenPayment,
}) {
  protected readonly manager_: Manager
  /** Module options from medusa-config (see docs/notify-and-reconcile.md "The notify inbox"). */
  readonly options: IotpayNotifyModuleOptions
  /** Copies of notifies already carried through: counted in memory, written in batches (see SettledRepeats). */
  readonly settledRepeats: SettledRepeats
  /** Each payment session's reversals and cancel state, apart from Medusa's payment.data (see LedgerStore). */
  readonly ledger: LedgerStore
  /** Other deliveries: upserted in batches while a statement is in flight, with a deadline (see DeliveryBatch). */
  private readonly firstDeliveries: DeliveryBatch<InboxRow>
  /** A database outage logged once, with a summary when it ends, not once per notify answered 503 (see OutageLog). */
  private readonly outage: OutageLog
  /** The subscriber's verdicts: written in batches while a statement is in flight (see OutcomeBatch). */
  private readonly outcomes: OutcomeBatch

  constructor(container: Record<string, unknown>, options?: IotpayNotifyModuleOptions) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.manager_ = container.manager as Manager
    this.options = options ?? {}
    this.firstDeliveries = new DeliveryBatch<InboxRow>(
      (rows) => this.upsertDeliveries(rows),
      deliveryLimits(this.options)
    )
    this.ledger = new LedgerStore(this.manager_)
    this.outcomes = new OutcomeBatch((outcomes) => this.writeOutcomes(outcomes))
    const logger = container.logger as Logger | undefined
    this.outage = new OutageLog(logger)
    this.settledRepeats = new SettledRepeats(
      (counts) => this.addDeliveries(counts),
      (error) =>
        isInboxOutage(error)
          ? this.outage.failed("repeat counts", error)
          : logger?.warn(`IOTPay notify inbox: repeat deliveries not counted: ${error.message}`)
    )
  }

  /**
   * Upserts the row of a verified notify; a repeat only bumps deliveries and last_received_at. A repeat of a row
   * this process already saw carried through is counted without waiting on Postgres (see SettledRepeats). A failure
   * because the database is down is logged here, once per outage (the caller logs only other failures).
   */
  async recordDelivery(input: InboxInput): Promise<InboxEntry> {
    const key = SettledRepeats.key(input.configId, input.record.payOrderId, input.record.status)
    const settled = this.settledRepeats.count(key)
    if (settled) {
      return settled
    }
    let entry: InboxEntry
    try {
      entry = await this.firstDeliveries.submit({ key, row: toInboxRow(input) })
    } catch (error) {
      if (isInboxOutage(error)) {
        this.outage.failed(`notify ${input.record.payOrderId}`, error as Error)
      }
      throw error
    }
    this.outage.succeeded()
    this.settledRepeats.remember(key, entry)
    return entry
  }

  private async upsertDeliveries(rows: { key: string; row: InboxRow; n: number }[]) {
    const saved = await this.manager_.execute(
      `INSERT INTO iotpay_notify AS t (id, provider_config_id, pay_order_id, mch_order_no, pay_type, status, amount,
         currency, record, deliveries, first_received_at, last_received_at)
       VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?::int, ?::int, ?, ?::jsonb, ?::int, now(), now())").join(", ")}
       ON CONFLICT (provider_config_id, pay_order_id, status) WHERE deleted_at IS NULL
       DO UPDATE SET deliveries = t.deliveries + excluded.deliveries, last_received_at = now(), updated_at = now()
       RETURNING id, provider_config_id, pay_order_id, status, deliveries, processed_at, outcome`,
      rows.flatMap(({ row, n }) => [
        entityId("iotntf"),
        row.provider_config_id,
        row.pay_order_id,
        row.mch_order_no,
        row.pay_type,
        row.status,
        row.amount,
        row.currency,
        JSON.stringify(row.record),
        n,
      ])
    )
    const entries = new Map<string, InboxEntry>()
    for (const r of saved) {
      const key = SettledRepeats.key(String(r.provider_config_id), String(r.pay_order_id), Number(r.status))
      entries.set(key, {
        id: r.id as string,
        deliveries: r.deliveries as number,
        processed_at: r.processed_at as Date | null,
        outcome: r.outcome as InboxEntry["outcome"],
      })
    }
    return entries
  }

  private async addDeliveries(counts: { id: string; n: number; at: Date }[]) {
    await this.manager_.execute(
      `UPDATE iotpay_notify AS t SET deliveries = t.deliveries + v.n,
         last_received_at = greatest(t.last_received_at, v.at), updated_at = now()
       FROM (VALUES ${counts.map(() => "(?, ?::int, ?::timestamptz)").join(", ")}) AS v(id, n, at) WHERE t.id = v.id`,
      counts.flatMap((c) => [c.id, c.n, c.at])
    )
  }

  /**
   * The subscriber's verdict. `order_created` is final: later copies of the same notify find the order made, or
   * time out waiting for the session lock the first copy held, and neither changes what the notify caused.
   */
  async recordOutcome(id: string, outcome: NotifyOutcome, detail: string | null) {
    await this.outcomes.submit({ id, outcome, detail: detail?.slice(0, 2000) ?? null })
  }

  private async writeOutcomes(outcomes: Outcome[]) {
    await this.manager_.execute(
      `UPDATE iotpay_notify AS t SET outcome = v.outcome, outcome_detail = v.detail, processed_at = now(),
         updated_at = now()
       FROM (VALUES ${outcomes.map(() => "(?, ?, ?)").join(", ")}) AS v(id, outcome, detail)
       WHERE t.id = v.id AND t.outcome IS DISTINCT FROM 'order_created'`,
      outcomes.flatMap((o) => [o.id, o.outcome, o.detail])
    )
  }

  /**
   * Rows to hand to the subscriber again: never processed, or failed, and untouched for `idleMs` (the process that
   * took them died, an in-memory event was lost, or the last try threw). Claimed atomically (updated_at moves on),
   * so two workers never re-drive the same row in the same minute.
   */
  async claimForRedrive(idleMs: number, maxRedrives: number, limit: number) {
    const rows = await this.manager_.execute(
      `UPDATE iotpay_notify SET redrives = redrives + 1, updated_at = now()
       WHERE id IN (
         SELECT id FROM iotpay_notify
         WHERE deleted_at IS NULL AND (processed_at IS NULL OR outcome = 'failed') AND redrives < ?
           AND updated_at < now() - (? * interval '1 millisecond')
         ORDER BY first_received_at LIMIT ? FOR UPDATE SKIP LOCKED)
       RETURNING id, provider_config_id, record, redrives`,
      [maxRedrives, idleMs, limit]
    )
    return rows as unknown as {
      id: string
      provider_config_id: string
      record: Record<string, unknown>
      redrives: number
    }[]
  }

  /** Creates the back-off rows of attempts not seen before; existing rows are left as they are. */
  async ensureChecks(rows: NewCheck[]) {
    if (!rows.length) return
    const values = rows.map(() => "(?, ?, ?, ?, ?, ?, 0, ?)").join(", ")
    const params = rows.flatMap((r) => [
      entityId("iotrc"),
      r.provider_config_id,
      r.provider_id,
      r.mch_order_no,
      r.session_id,
      r.first_seen_at,
      r.next_check_at,
    ])
    await this.manager_.execute(
      `INSERT INTO iotpay_reconcile_check (id, provider_config_id, provider_id, mch_order_no, session_id, first_seen_at, checks, next_check_at)
       VALUES ${values}
       ON CONFLICT (provider_config_id, mch_order_no) WHERE deleted_at IS NULL
       DO UPDATE SET provider_id = excluded.provider_id WHERE iotpay_reconcile_check.provider_id IS NULL`,
      params
    )
  }

  /**
   * One page of the attempts of these services due at `now` (next_check_at passed), in (next_check_at, id) order
   * after `after` (keyset pages). Rows made before provider_id was kept (null) are read by every service's pass.
   */
  async dueChecks(
    configId: string,
    providerIds: string[],
    now: Date,
    limit: number,
    after?: { at: Date; id: string }
  ): Promise<DueCheck[]> {
    const rows = await this.manager_.execute(
      `SELECT id, provider_id, mch_order_no, session_id, first_seen_at, next_check_at, checks FROM iotpay_reconcile_check
       WHERE deleted_at IS NULL AND provider_config_id = ? AND next_check_at <= ?
         AND (provider_id IS NULL OR provider_id IN (${providerIds.map(() => "?").join(", ") || "NULL"}))
         ${after ? "AND (next_check_at, id) > (?, ?)" : ""}
       ORDER BY next_check_at, id LIMIT ?`,
      [configId, now, ...providerIds, ...(after ? [after.at, after.id] : []), limit]
    )
    return rows.map((r) => ({
      ...(r as unknown as DueCheck),
      first_seen_at: new Date(r.first_seen_at as string),
      next_check_at: new Date(r.next_check_at as string),
    }))
  }

  /** Payments seen with a reversal open: kept until settled (see models/open-payment.ts). */
  async markOpen(rows: { id: string; provider_config_id: string; provider_id: string }[]) {
    if (!rows.length) return
    await this.manager_.execute(
      `INSERT INTO iotpay_open_payment (id, provider_config_id, provider_id) VALUES ${rows.map(() => "(?, ?, ?)").join(", ")}
       ON CONFLICT (id) DO UPDATE SET deleted_at = NULL, updated_at = now()`,
      rows.flatMap((r) => [r.id, r.provider_config_id, r.provider_id])
    )
  }

  /** One page of the open payments of these services, by id after `after`. */
  async openPayments(configId: string, providerIds: string[], limit: number, after = ""): Promise<string[]> {
    if (!providerIds.length) return []
    const rows = await this.listIotpayOpenPayments(
      { provider_config_id: configId, provider_id: providerIds, id: { $gt: after } },
      { select: ["id"], order: { id: "ASC" }, take: limit }
    )
    return rows.map((r) => r.id)
  }

  /** Payments with nothing open any more (or gone). */
  async markSettled(ids: string[]) {
    if (!ids.length) return
    await this.deleteIotpayOpenPayments(ids)
  }

  /** What one check found; `asked` false when the attempt was closed without asking IOTPay. */
  async recordCheck(id: string, { asked, result, next }: { asked: boolean; result: string; next: Date | null }) {
    await this.manager_.execute(
      `UPDATE iotpay_reconcile_check SET checks = checks + ?, last_checked_at = CASE WHEN ? THEN now() ELSE last_checked_at END,
         last_result = ?, next_check_at = ?, updated_at = now() WHERE id = ?`,
      [asked ? 1 : 0, asked, result.slice(0, 500), next, id]
    )
  }

  /**
   * The inbox for the admin, newest first: one page of rows (optionally of one outcome, `unprocessed` = no outcome
   * yet), how many match, and how many rows each outcome has.
   */
  async listInbox({ outcome, limit, offset }: { outcome?: InboxOutcomeFilter; limit: number; offset: number }) {
    const rows = await this.listIotpayNotifies(
      outcome === undefined ? {} : { outcome: outcome === "unprocessed" ? null : outcome },
      { select: [...INBOX_COLUMNS], order: { first_received_at: "DESC", id: "DESC" }, skip: offset, take: limit }
    )
    // The count of every outcome in one GROUP BY: the generated CRUD has no grouping.
    const grouped = await this.manager_.execute(
      `SELECT coalesce(outcome, 'unprocessed') AS outcome, count(*)::int AS n FROM iotpay_notify
       WHERE deleted_at IS NULL GROUP BY 1`
    )
    const counts = Object.fromEntries(grouped.map((g) => [String(g.outcome), Number(g.n)])) as Record<string, number>
    const total = outcome === undefined ? Object.values(counts).reduce((a, b) => a + b, 0) : (counts[outcome] ?? 0)
    return { rows: rows as unknown as InboxListRow[], total, counts }
  }

  /** The inbox rows of one payment (by its mchOrderNo or IOTPay's payOrderId), oldest first. */
  async listInboxFor(mchOrderNos: string[], payOrderIds: string[]): Promise<InboxListRow[]> {
    const either = [
      ...(mchOrderNos.length ? [{ mch_order_no: mchOrderNos }] : []),
      ...(payOrderIds.length ? [{ pay_order_id: payOrderIds }] : []),
    ]
    if (!either.length) return []
    const rows = await this.listIotpayNotifies(
      { $or: either },
      { select: [...INBOX_COLUMNS], order: { first_received_at: "ASC", id: "ASC" } }
    )
    return rows as unknown as InboxListRow[]
  }

  /** Keeps what a reconcile run did: always as `last`, and as `last_completed` when it went through. */
  async recordReconcileRun(run: ReconcileRunInput) {
    const ids = run.skipped || run.error ? ["last"] : ["last", "last_completed"]
    const finishedAt = new Date()
    for (const id of ids) {
      await this.manager_.execute(
        `INSERT INTO iotpay_reconcile_run (id, started_at, finished_at, skipped, sessions, due, asked, recovered, ms, error,
           scanned_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, finished_at = excluded.finished_at,
           skipped = excluded.skipped, sessions = excluded.sessions, due = excluded.due, asked = excluded.asked,
           recovered = excluded.recovered, ms = excluded.ms, error = excluded.error,
           scanned_until = excluded.scanned_until, updated_at = now(), deleted_at = NULL`,
        [
          id,
          run.startedAt,
          finishedAt,
          run.skipped,
          run.sessions ?? null,
          run.due ?? null,
          run.asked ?? null,
          run.recovered ?? null,
          run.ms ?? null,
          run.error?.slice(0, 2000) ?? null,
          run.scannedUntil ?? null,
        ]
      )
    }
  }

  /** The reconcile job's last run and last completed run (null before the first). */
  async lastReconcileRuns(): Promise<{ last: ReconcileRunRow | null; lastCompleted: ReconcileRunRow | null }> {
    const rows = (await this.listIotpayReconcileRuns({ id: ["last", "last_completed"] })) as ReconcileRunRow[]
    const find = (id: string) => rows.find((r) => r.id === id) ?? null
    return { last: find("last"), lastCompleted: find("last_completed") }
  }
}

const INBOX_COLUMNS = [
  "id",
  "provider_config_id",
  "pay_order_id",
  "mch_order_no",
  "pay_type",
  "status",
  "amount",
  "currency",
  "deliveries",
  "first_received_at",
  "last_received_at",
  "outcome",
  "outcome_detail",
  "processed_at",
  "redrives",
] as const

/** An outcome, or `unprocessed` for rows without one yet. */
export type InboxOutcomeFilter = NotifyOutcome | "unprocessed"

export type InboxListRow = {
  id: string
  provider_config_id: string
  pay_order_id: string
  mch_order_no: string | null
  pay_type: string | null
  status: number
  amount: number
  currency: string | null
  deliveries: number
  first_received_at: Date
  last_received_at: Date
  outcome: NotifyOutcome | null
  outcome_detail: string | null
  processed_at: Date | null
  redrives: number
}

export type ReconcileRunInput = {
  startedAt: Date
  skipped: boolean
  sessions?: number
  due?: number
  asked?: number
  recovered?: number
  ms?: number
  error?: string
  /** The run's `now`, once every new and changed session up to it had its back-off rows. */
  scannedUntil?: Date
}

export type ReconcileRunRow = {
  id: string
  started_at: Date
  finished_at: Date
  skipped: boolean
  sessions: number | null
  due: number | null
  asked: number | null
  recovered: number | null
  ms: number | null
  error: string | null
  scanned_until: Date | null
}

export type IotpayNotifyModuleOptions = {
  /** How many cc_query calls the reconcile job has in flight at once (default 4). */
  reconcileConcurrency?: number | string
  /** A notify whose row is not committed within this many ms is answered 503 (default 5000). */
  notifyDeadlineMs?: number | string
  /** Notifies waiting for the database at once; one more is answered 503 at once (default 2000). */
  notifyMaxWaiting?: number | string
}

/** The inbox's limits from the module options (strings allowed: they often come from the environment). */
function deliveryLimits(options: IotpayNotifyModuleOptions): Partial<DeliveryLimits> {
  const limits: Partial<DeliveryLimits> = {}
  const deadline = Number(options.notifyDeadlineMs)
  const waiting = Number(options.notifyMaxWaiting)
  if (Number.isInteger(deadline) && deadline > 0) limits.deadlineMs = deadline
  if (Number.isInteger(waiting) && waiting > 0) limits.maxWaiting = waiting
  return limits
}

export type NewCheck = {
  provider_config_id: string
  provider_id: string
  mch_order_no: string
  session_id: string
  first_seen_at: Date
  next_check_at: Date | null
}

export type DueCheck = {
  id: string
  provider_id: string | null
  mch_order_no: string
  session_id: string
  first_seen_at: Date
  next_check_at: Date
  checks: number
}
