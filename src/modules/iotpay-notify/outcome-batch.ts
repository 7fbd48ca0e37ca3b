import type { NotifyOutcome } from "./models/notify"

/** One subscriber verdict to write on its inbox row. */
export type Outcome = { id: string; outcome: NotifyOutcome; detail: string | null }

type Waiter = { resolve: () => void; reject: (error: Error) => void }

/**
 * Group commit for the subscriber's verdicts, as DeliveryBatch does for the inbox's inserts: an idle batch writes a
 * verdict at once; verdicts arriving while a statement is in flight wait and go together in the next one (one
 * UPDATE … FROM (VALUES …), one commit). Under a burst of distinct notifies every one of them otherwise costs its own
 * UPDATE and WAL flush after its INSERT (`npm run bench`, first deliveries).
 *
 * Each caller resolves only once the statement holding its verdict has committed, so the subscriber returns after
 * the write as before; a failed statement rejects all of its callers (the subscriber throws, the re-drive job hands
 * the row over again). Two verdicts for one row in a batch: `order_created` wins (it is final, see recordOutcome),
 * else the later one.
 */
export class OutcomeBatch {
  private queue = new Map<string, { outcome: Outcome; waiters: Waiter[] }>()
  private inFlight = 0

  constructor(
    /** Writes the verdicts (one per row) in one statement. */
    private readonly write: (outcomes: Outcome[]) => Promise<void>,
    private readonly maxInFlight = 2,
    private readonly maxRows = 200
  ) {}

  submit(outcome: Outcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queued = this.queue.get(outcome.id)
      if (!queued) {
        this.queue.set(outcome.id, { outcome, waiters: [{ resolve, reject }] })
      } else {
        queued.waiters.push({ resolve, reject })
        if (queued.outcome.outcome !== "order_created") queued.outcome = outcome
      }
      this.pump()
    })
  }

  private pump() {
    while (this.inFlight < this.maxInFlight && this.queue.size) {
      const batch = [...this.queue.values()].slice(0, this.maxRows)
      for (const { outcome } of batch) {
        this.queue.delete(outcome.id)
      }
      this.inFlight += 1
      this.write(batch.map((b) => b.outcome))
        .then(
          () => batch.forEach((b) => b.waiters.forEach((w) => w.resolve())),
          (error: Error) => batch.forEach((b) => b.waiters.forEach((w) => w.reject(error)))
        )
        .finally(() => {
          this.inFlight -= 1
          this.pump()
        })
    }
  }
}
