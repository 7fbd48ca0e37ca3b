import type { SettledEntry } from "./settled-repeats"

/** One notify delivery to upsert: its row key and the INSERT's values for it. */
export type Delivery<Row> = { key: string; row: Row }

type Waiter = { resolve: (entry: SettledEntry) => void; reject: (error: Error) => void }
type Group<Row> = { row: Row; n: number; waiters: Waiter[] }

/**
 * Group commit for first deliveries: while one upsert statement is in flight, deliveries that arrive meanwhile wait
 * and go together in the next one (one multi-row INSERT … ON CONFLICT, one commit). An idle inbox sends a delivery at
 * once, so a lone notify waits no longer than before; under a burst of distinct notifies, Node and Postgres pay one
 * statement and one WAL flush per batch instead of one per notify (`npm run bench`, first deliveries).
 *
 * Each caller's promise settles only after the statement that holds its row has committed, so SUCCESS still follows
 * the durable write. Copies of one row in a batch become one VALUES entry with their count (a statement cannot touch
 * a row twice). If a batch fails, its rows are retried one by one, so a row Postgres refuses fails only its own
 * callers (answered FAIL, IOTPay resends) and never the notifies that happened to share its statement.
 */
export class DeliveryBatch<Row> {
  private queue = new Map<string, Group<Row>>()
  private inFlight = 0

  constructor(
    /** Upserts the rows (each with its delivery count) in one statement; answers an entry per key. */
    private readonly upsert: (rows: { key: string; row: Row; n: number }[]) => Promise<Map<string, SettledEntry>>,
    private readonly maxInFlight = 2,
    private readonly maxRows = 200
  ) {}

  submit({ key, row }: Delivery<Row>): Promise<SettledEntry> {
    return new Promise<SettledEntry>((resolve, reject) => {
      const group = this.queue.get(key)
      if (group) {
        group.n += 1
        group.waiters.push({ resolve, reject })
      } else {
        this.queue.set(key, { row, n: 1, waiters: [{ resolve, reject }] })
      }
      this.pump()
    })
  }

  private pump() {
    while (this.inFlight < this.maxInFlight && this.queue.size) {
      const batch = [...this.queue].slice(0, this.maxRows)
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
      if (batch.length === 1) {
        this.fail(batch[0][1], error as Error)
        return
      }
      for (const one of batch) {
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
        group.waiters.forEach((w) => w.resolve({ ...entry }))
      } else {
        this.fail(group, new Error(`the inbox upsert returned no row for notify ${key.replace(/\u0000/g, "/")}`))
      }
    }
  }

  private fail(group: Group<Row>, error: Error) {
    group.waiters.forEach((w) => w.reject(error))
  }
}
