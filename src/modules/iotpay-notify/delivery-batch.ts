import { isDatabaseUnavailable } from "./db-unavailable"
import type { SettledEntry } from "./settled-repeats"

/** One notify delivery to upsert: its row key and the INSERT's values for it. */
export type Delivery<Row> = { key: string; row: Row }

/** Why a delivery was answered without its row being known to be committed; the route answers 503 for each. */
export class InboxBusyError extends Error {
  constructor(
    readonly reason: "deadline" | "full",
    detail: string
  ) {
    super(detail)
    this.name = "InboxBusyError"
  }
}

/** Limits that keep a slow or dead database from holding sockets and memory (docs/notify-and-reconcile.md "The notify inbox"). */
export type DeliveryLimits = {
  /** Statements in flight at once. */
  maxInFlight: number
  /** Rows per statement. */
  maxRows: number
  /** A caller whose row is not committed within this is answered an error (IOTPay resends the notify). */
  deadlineMs: number
  /** Callers waiting at once (queued or in flight); one more is refused at once. */
  maxWaiting: number
}

export const DEFAULT_DELIVERY_LIMITS: DeliveryLimits = {
  maxInFlight: 2,
  maxRows: 200,
  deadlineMs: 5000,
  maxWaiting: 2000,
}

type Waiter = { resolve: (entry: SettledEntry) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
type Group<Row> = { row: Row; n: number; waiters: Set<Waiter> }

/**
 * Group commit for first deliveries: while one upsert statement is in flight, deliveries that arrive meanwhile wait
 * and go together in the next one (one multi-row INSERT … ON CONFLICT, one commit). An idle inbox sends a delivery at
 * once, so a lone notify waits no longer than before; under a burst of distinct notifies, Node and Postgres pay one
 * statement and one WAL flush per batch instead of one per notify (`npm run bench`, first deliveries).
 *
 * Each caller's promise resolves only after the statement that holds its row has committed, so SUCCESS still follows
 * the durable write. Copies of one row in a batch become one VALUES entry with their count (a statement cannot touch
 * a row twice). If a batch is refused, its rows are retried one by one, so a row Postgres refuses fails only its own
 * callers (answered FAIL, IOTPay resends) and never the notifies that happened to share its statement.
 *
 * A bad day for the database must not become a bad day for the process: a caller is rejected after `deadlineMs`
 * whether or not its statement has come back (a statement that commits later leaves a row the resent notify finds),
 * a caller beyond `maxWaiting` is rejected at once, and a batch that failed because the database is unreachable or
 * timed out is failed whole, since retrying it row by row would wait the same timeout once per row.
 */
export class DeliveryBatch<Row> {
  private queue = new Map<string, Group<Row>>()
  private inFlight = 0
  private waiting = 0
  private readonly limits: DeliveryLimits

  constructor(
    /** Upserts the rows (each with its delivery count) in one statement; answers an entry per key. */
    private readonly upsert: (rows: { key: string; row: Row; n: number }[]) => Promise<Map<string, SettledEntry>>,
    limits: Partial<DeliveryLimits> = {}
  ) {
    this.limits = { ...DEFAULT_DELIVERY_LIMITS, ...limits }
  }

  /** Callers waiting for their row (queued or in flight). */
  get size() {
    return this.waiting
  }

  submit({ key, row }: Delivery<Row>): Promise<SettledEntry> {
    if (this.waiting >= this.limits.maxWaiting) {
      return Promise.reject(
        new InboxBusyError("full", `the inbox has ${this.waiting} notifies waiting for the database already`)
      )
    }
    return new Promise<SettledEntry>((resolve, reject) => {
      const queued = this.queue.get(key)
      const group = queued ?? { row, n: 0, waiters: new Set<Waiter>() }
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => this.expire(key, group, waiter), this.limits.deadlineMs),
      }
      group.n += 1
      group.waiters.add(waiter)
      this.waiting += 1
      if (!queued) {
        this.queue.set(key, group)
      }
      this.pump()
    })
  }

  private pump() {
    while (this.inFlight < this.limits.maxInFlight && this.queue.size) {
      const batch = [...this.queue].slice(0, this.limits.maxRows)
      for (const [key] of batch) {
        this.queue.delete(key)
      }
      this.inFlight += 1
      void this.send(batch).finally(() => {
        this.inFlight -= 1
        this.pump()
      })
    }
  }

  private async send(batch: [string, Group<Row>][]) {
    try {
      this.settle(batch, await this.upsert(batch.map(([key, g]) => ({ key, row: g.row, n: g.n }))))
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        batch.forEach(([, group]) => this.fail(group, error as Error))
        return
      }
      for (const one of batch) {
        // Callers past their deadline were answered already: their row goes only with a caller still waiting.
        if (!one[1].waiters.size) {
          continue
        }
        try {
          this.settle([one], await this.upsert([{ key: one[0], row: one[1].row, n: one[1].n }]))
        } catch (oneError) {
          this.fail(one[1], oneError as Error)
        }
      }
    }
  }

  private settle(batch: [string, Group<Row>][], entries: Map<string, SettledEntry>) {
    for (const [key, group] of batch) {
      const entry = entries.get(key)
      if (entry) {
        this.finish(group, (w) => w.resolve({ ...entry }))
      } else {
        this.fail(group, new Error(`the inbox upsert returned no row for notify ${key.replace(/\u0000/g, "/")}`))
      }
    }
  }

  private fail(group: Group<Row>, error: Error) {
    this.finish(group, (w) => w.reject(error))
  }

  private finish(group: Group<Row>, answer: (w: Waiter) => void) {
    for (const w of group.waiters) {
      clearTimeout(w.timer)
      answer(w)
    }
    this.waiting -= group.waiters.size
    group.waiters.clear()
  }

  /** The deadline passed: answer this caller now; a row nobody waits for any more leaves the queue unsent. */
  private expire(key: string, group: Group<Row>, waiter: Waiter) {
    if (!group.waiters.delete(waiter)) {
      return
    }
    this.waiting -= 1
    if (this.queue.get(key) === group) {
      group.n -= 1
      if (!group.waiters.size) {
        this.queue.delete(key)
      }
    }
    waiter.reject(
      new InboxBusyError("deadline", `the notify's row was not committed within ${this.limits.deadlineMs} ms`)
    )
  }
}
