import type { NotifyOutcome } from "./models/notify"

/** What the route needs to know about a row: its id and whether it was carried through already. */
export type SettledEntry = { id: string; deliveries: number; processed_at: Date | null; outcome: NotifyOutcome | null }

type Key = string

/**
 * Repeats of a notify whose row already has a final outcome, answered from memory.
 *
 * IOTPay resends a notify until it reads SUCCESS, and sometimes after; a storm of copies of one notify would
 * otherwise queue up on that one row's lock in Postgres (every copy an UPDATE of the same row, one commit each),
 * which is what capped the notify route at half of Medusa's own webhook route in `npm run bench`. Once a row is
 * settled a copy changes nothing but its delivery count, and that count is not money: copies are counted here and
 * added to the row in one statement every `flushMs`. A crash can lose the count of the last `flushMs` of copies,
 * never a notify (the row and its outcome are already in Postgres), so SUCCESS before the count is written is safe.
 */
export class SettledRepeats {
  private readonly settled = new Map<Key, SettledEntry>()
  private readonly pending = new Map<string, { n: number; at: Date }>()
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> | null = null

  constructor(
    private readonly write: (counts: { id: string; n: number; at: Date }[]) => Promise<void>,
    private readonly onWriteError: (error: Error) => void,
    private readonly flushMs = 100,
    private readonly capacity = 10_000
  ) {}

  static key(configId: string, payOrderId: string, status: number): Key {
    return `${configId}\u0000${payOrderId}\u0000${status}`
  }

  /** A copy of a settled notify: counted (written within flushMs), and its entry returned; else null. */
  count(key: Key): SettledEntry | null {
    const entry = this.settled.get(key)
    if (!entry) {
      return null
    }
    const pending = this.pending.get(entry.id) ?? { n: 0, at: new Date() }
    pending.n += 1
    pending.at = new Date()
    this.pending.set(entry.id, pending)
    entry.deliveries += 1
    this.schedule()
    return { ...entry }
  }

  /** Remembers a row Postgres says is carried through (processed, and not failed, which the re-drive retries). */
  remember(key: Key, entry: SettledEntry) {
    if (!entry.processed_at || !entry.outcome || entry.outcome === "failed") {
      return
    }
    if (this.settled.size >= this.capacity) {
      // Oldest first: a notify storm is about recent payments.
      this.settled.delete(this.settled.keys().next().value as Key)
    }
    this.settled.set(key, { ...entry })
  }

  /**
   * Writes the counts gathered so far (also what tests and shutdown call), after the write in flight if there is
   * one. One write at a time: counts gathered while it is in flight wait and go together in the next, so a database
   * that stalls holds one statement here, not a new one every `flushMs`. A failed write loses its counts (reported
   * through onWriteError), which is the same loss as a crash and never a notify.
   */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.writing) {
      return this.writing.then(() => this.flush())
    }
    const counts = [...this.pending].map(([id, { n, at }]) => ({ id, n, at }))
    this.pending.clear()
    if (!counts.length) {
      return Promise.resolve()
    }
    this.writing = this.write(counts)
      .catch((e: Error) => this.onWriteError(e))
      .finally(() => {
        this.writing = null
        if (this.pending.size) {
          this.schedule()
        }
      })
    return this.writing
  }

  private schedule() {
    if (this.timer) {
      return
    }
    this.timer = setTimeout(() => {
      this.timer = null
      // A write still in flight schedules the next one when it ends.
      if (!this.writing) {
        void this.flush()
      }
    }, this.flushMs)
    this.timer.unref()
  }
}
