import { isDatabaseUnavailable } from "./db-unavailable"
import { InboxBusyError } from "./delivery-batch"

type Logger = { error: (message: string) => void; info: (message: string) => void }

/**
 * Whether an inbox write failed because of the database as a whole (unreachable, timed out, or the inbox's queue
 * full or past its deadline behind it), as opposed to Postgres refusing this one notify's row.
 */
export const isInboxOutage = (error: unknown): boolean =>
  error instanceof InboxBusyError || isDatabaseUnavailable(error)

/**
 * Logs a database outage once instead of once per notify. While Postgres is down every delivery is answered 503 (a
 * thousand lines in 20 s at IOTPay's pace, which buries everything else in the log): the first failure is logged
 * with its cause, then a reminder every `remindMs` while it lasts, and one line when a write succeeds again saying
 * how long it lasted and how many writes failed meanwhile.
 */
export class OutageLog {
  private since: number | null = null
  private lastLine = 0
  private failures = 0

  constructor(
    private readonly logger: Logger | undefined,
    private readonly remindMs = 60_000,
    private readonly now: () => number = Date.now
  ) {}

  /** A write failed because of an outage; `what` names it ("notify PC2026…", "repeat counts"). */
  failed(what: string, error: Error) {
    const at = this.now()
    this.failures += 1
    if (this.since === null) {
      this.since = at
      this.lastLine = at
      this.logger?.error(
        `IOTPay notify inbox: the database is unavailable (${what}: ${error.message}). Notifies are answered 503 ` +
          `and IOTPay sends them again; further failures are counted, not logged one by one, until a write succeeds.`
      )
    } else if (at - this.lastLine >= this.remindMs) {
      this.lastLine = at
      this.logger?.error(
        `IOTPay notify inbox: the database is still unavailable after ${seconds(at - this.since)} s; ` +
          `${this.failures} writes failed so far (last: ${what}: ${error.message}).`
      )
    }
  }

  /** A write committed: ends the outage, if there was one, with its summary. */
  succeeded() {
    if (this.since === null) {
      return
    }
    this.logger?.info(
      `IOTPay notify inbox: the database answers again after ${seconds(this.now() - this.since)} s; ` +
        `${this.failures} writes failed meanwhile (their notifies were answered 503, IOTPay sends them again).`
    )
    this.since = null
    this.failures = 0
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(1)
