import { reconcileView } from "../payment-activity"

const run = (startedAt: string, over: Record<string, unknown> = {}) =>
  ({
    id: "last",
    started_at: new Date(startedAt),
    finished_at: new Date(Date.parse(startedAt) + 1200),
    skipped: false,
    sessions: 12,
    due: 3,
    asked: 2,
    recovered: 1,
    ms: 1200,
    error: null,
    ...over,
  }) as any

describe("reconcileView: the reconcile job's last and next run", () => {
  const now = new Date("2026-12-01T10:00:30.000Z")

  it("next run = last run + 1 minute on the default schedule", () => {
    const v = reconcileView({ last: run("2026-12-01T10:00:00.000Z"), lastCompleted: null }, { env: {}, now })
    expect(v).toMatchObject({ enabled: true, schedule: "* * * * *", nextRunAt: "2026-12-01T10:01:00.000Z" })
    expect(v.lastRun).toMatchObject({ due: 3, asked: 2, recovered: 1, ms: 1200, skipped: false, error: null })
    expect(v.note).toBe("Runs every minute.")
  })

  it("a last run long past: next is now, and the note asks whether a worker runs the jobs", () => {
    const v = reconcileView({ last: run("2026-12-01T09:50:00.000Z"), lastCompleted: null }, { env: {}, now })
    expect(v.nextRunAt).toBe(now.toISOString())
    expect(v.note).toMatch(/no run was recorded in the last minute/)
  })

  it("no run yet; a skipped run keeps the last completed one", () => {
    expect(reconcileView({ last: null, lastCompleted: null }, { env: {}, now })).toMatchObject({
      lastRun: null,
      nextRunAt: now.toISOString(),
      note: "Runs every minute; no run recorded yet.",
    })
    const skipped = run("2026-12-01T10:00:00.000Z", { skipped: true, due: null, asked: null, recovered: null })
    const v = reconcileView({ last: skipped, lastCompleted: run("2026-12-01T09:59:00.000Z") }, { env: {}, now })
    expect(v.lastRun).toMatchObject({ skipped: true, due: null })
    expect(v.lastCompletedRun).toMatchObject({ startedAt: "2026-12-01T09:59:00.000Z", due: 3 })
  })

  it("IOTPAY_RECONCILE=off: no next run; another schedule is named instead of guessed", () => {
    const off = reconcileView({ last: null, lastCompleted: null }, { env: { IOTPAY_RECONCILE: "off" }, now })
    expect(off).toMatchObject({ enabled: false, nextRunAt: null })
    expect(off.note).toMatch(/IOTPAY_RECONCILE=off/)
    const other = reconcileView(
      { last: null, lastCompleted: null },
      { env: { IOTPAY_RECONCILE_SCHEDULE: "*/2 * * * * *" }, now }
    )
    expect(other).toMatchObject({ enabled: true, nextRunAt: null, schedule: "*/2 * * * * *" })
  })
})
