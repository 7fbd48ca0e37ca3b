const MINUTE = 60_000
const HOUR = 60 * MINUTE

/**
 * When the reconcile job asks IOTPay about one attempt, as offsets from when the attempt was first seen (the
 * session's creation for a first attempt): at once, then after 5 and 15 minutes and an hour (a shopper who paid
 * and closed the tab), then every 3 hours up to 21 hours, then one last time after 25 hours (a hosted page stays
 * payable about an hour after the 24 h a session lives). 12 cc_query calls at most in an attempt's life, instead of
 * one every run.
 */
export const CHECK_OFFSETS_MS = [
  0,
  5 * MINUTE,
  15 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  9 * HOUR,
  12 * HOUR,
  15 * HOUR,
  18 * HOUR,
  21 * HOUR,
  25 * HOUR,
]

/** Sessions created longer ago than this have had their last check (with a run's worth of slack). */
export const RECONCILE_LOOKBACK_MS = CHECK_OFFSETS_MS[CHECK_OFFSETS_MS.length - 1] + HOUR

/**
 * The next check after `now`, or null when the schedule is used up. Offsets already in the past are skipped, not
 * caught up on: a job that was down for hours (or a first deploy over old sessions) asks once, not once per offset.
 */
export function nextCheckAt(firstSeen: Date, now: Date): Date | null {
  for (const offset of CHECK_OFFSETS_MS) {
    const at = firstSeen.getTime() + offset
    if (at > now.getTime()) return new Date(at)
  }
  return null
}

/** Sessions changed this long before the last scan are read again: writes still in flight when it ran, clock skew. */
export const SCAN_OVERLAP_MS = 10 * 60_000

/**
 * From when a run reads changed sessions and payments: the last completed run's `now` less an overlap, or undefined
 * (read everything in the lookback) on a first run or when that watermark is ahead of `now` (a clock set back
 * cannot be trusted to have seen what is there now).
 */
export function changedSince(scannedUntil: Date | null, now: Date): Date | undefined {
  return scannedUntil && scannedUntil <= now ? new Date(scannedUntil.getTime() - SCAN_OVERLAP_MS) : undefined
}
