import {
  CHECK_OFFSETS_MS,
  RECONCILE_LOOKBACK_MS,
  SCAN_OVERLAP_MS,
  changedSince,
  nextCheckAt,
} from "../reconcile-schedule"

const MINUTE = 60_000

/** Checks one abandoned attempt gets when the job runs every `everyMs` and IOTPay never says paid. */
function checksInLife(everyMs: number, startAfterMs = 0) {
  const first = new Date(Date.UTC(2026, 0, 1))
  let next: Date | null = first
  let checks = 0
  for (let t = startAfterMs; t <= 48 * 60 * MINUTE; t += everyMs) {
    const now = new Date(first.getTime() + t)
    if (t > RECONCILE_LOOKBACK_MS) break // out of the window the job pages through
    if (next && next <= now) {
      checks++
      next = nextCheckAt(first, now)
    }
  }
  return { checks, done: next === null }
}

describe("reconcile back-off", () => {
  it("asks about an abandoned attempt at most 12 times in its life, however often the job runs", () => {
    expect(CHECK_OFFSETS_MS).toHaveLength(12)
    for (const every of [MINUTE, 5 * MINUTE, 17 * MINUTE, 60 * MINUTE]) {
      const { checks, done } = checksInLife(every)
      expect({ every, done }).toEqual({ every, done: true })
      expect(checks).toBeLessThanOrEqual(12)
      expect(checks).toBeGreaterThanOrEqual(every === MINUTE ? 12 : 8)
    }
  })

  it("asks early (a shopper who paid and closed the tab) and still once after the session's 24 hours", () => {
    const first = new Date(0)
    expect(nextCheckAt(first, new Date(0))).toEqual(new Date(5 * MINUTE))
    expect(nextCheckAt(first, new Date(5 * MINUTE))).toEqual(new Date(15 * MINUTE))
    expect(nextCheckAt(first, new Date(22 * 60 * MINUTE))).toEqual(new Date(25 * 60 * MINUTE))
    expect(nextCheckAt(first, new Date(25 * 60 * MINUTE))).toBeNull()
    expect(RECONCILE_LOOKBACK_MS).toBeGreaterThan(25 * 60 * MINUTE)
  })

  it("does not catch up on missed checks: a job down for hours (or a first deploy) asks once, then follows the schedule", () => {
    expect(nextCheckAt(new Date(0), new Date(10 * 60 * MINUTE))).toEqual(new Date(12 * 60 * MINUTE))
    expect(checksInLife(MINUTE, 20 * 60 * MINUTE).checks).toBe(3) // at 20 h (once), 21 h, 25 h
  })
})

describe("changedSince (from when a run reads changed sessions and payments)", () => {
  const now = new Date(Date.UTC(2026, 0, 2))
  it("reads everything on a first run", () => {
    expect(changedSince(null, now)).toBeUndefined()
  })
  it("reads from the last completed run's now, less the overlap", () => {
    const last = new Date(now.getTime() - MINUTE)
    expect(changedSince(last, now)).toEqual(new Date(last.getTime() - SCAN_OVERLAP_MS))
  })
  it("distrusts a watermark ahead of now (a clock set back): reads everything", () => {
    expect(changedSince(new Date(now.getTime() + MINUTE), now)).toBeUndefined()
  })
})
