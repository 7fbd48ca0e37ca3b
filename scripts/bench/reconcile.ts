// `medusa exec ./scripts/bench/reconcile.ts` (run by scripts/bench/run.js with the Medusa server stopped): one
// reconcileIotpayPayments run over N abandoned IOTPay sessions for each N in BENCH_RECONCILE_SIZES, then a second run
// a minute later (nothing due), a run after 100 more sessions arrived (only they are due), then a simulated day for BENCH_DAY_SESSIONS sessions (a run every 20 minutes for 30 h)
// to count cc_query calls per abandoned session per day. Sessions are copies of a real pending IOTPay session
// (BENCH_TEMPLATE_SESSION) inserted with SQL; each size lives in its own simulated time window (days apart, beyond the
// job's 26 h lookback), so one size's sessions are never seen by another's run. The gateway calls themselves are
// counted by the sandbox itself (GET /_sandbox/calls); this script reports the job's own figures and wall time.
import fs from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { cloneSessions } from "../seed-sessions"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const HOUR = 60 * MINUTE

async function gatewayCalls(): Promise<number> {
  const counts = await (await fetch(process.env.BENCH_COUNTER_URL!)).json()
  return counts.cc_query ?? 0
}

export default async function reconcileBench({ container }: ExecArgs) {
  const template = process.env.BENCH_TEMPLATE_SESSION!
  const sizes = (process.env.BENCH_RECONCILE_SIZES || "100,1000,10000").split(",").map(Number)
  const out: Record<string, unknown>[] = []
  const timed = async (label: string, at: Date) => {
    const before = await gatewayCalls()
    const started = process.hrtime.bigint()
    const result = await reconcileIotpayPayments(container, at)
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    if (result.skipped) throw new Error("reconcile run skipped (lock held)")
    const row = {
      label,
      sessions: result.sessions,
      due: result.due,
      asked: result.asked,
      cc_query_at_sandbox: (await gatewayCalls()) - before,
      ms: Math.round(ms),
    }
    console.log(`[bench reconcile] ${JSON.stringify(row)}`)
    out.push(row)
  }
  // Each window starts days after the last: one untimed run gives the older sessions their last check first, so what
  // is timed and counted in a window is that window's sessions alone.
  const retireOlder = (at: Date) => reconcileIotpayPayments(container, new Date(at.getTime() - HOUR))
  let window = 1
  for (const n of sizes) {
    const at = new Date(Date.now() + window++ * 3 * DAY)
    await retireOlder(at)
    await cloneSessions(container, template, n, new Date(at.getTime() - 30 * MINUTE))
    await timed(`${n} sessions, all due`, at)
    await timed(`${n} sessions, 1 min later (none due)`, new Date(at.getTime() + MINUTE))
    await cloneSessions(container, template, 100, new Date(at.getTime() + MINUTE))
    await timed(`${n} + 100 new sessions, 2 min later`, new Date(at.getTime() + 2 * MINUTE))
  }
  const daySessions = Number(process.env.BENCH_DAY_SESSIONS || 100)
  const start = new Date(Date.now() + window++ * 3 * DAY)
  await retireOlder(start)
  await cloneSessions(container, template, daySessions, start)
  const before = await gatewayCalls()
  let runs = 0
  const started = Date.now()
  for (let t = 0; t <= 30 * 60 * MINUTE; t += 20 * MINUTE, runs++) {
    await reconcileIotpayPayments(container, new Date(start.getTime() + t))
  }
  const calls = (await gatewayCalls()) - before
  const day = {
    sessions: daySessions,
    runs,
    simulated_hours: 30,
    cc_query: calls,
    per_session: calls / daySessions,
    ms: Date.now() - started,
  }
  console.log(`[bench reconcile] day: ${JSON.stringify(day)}`)
  fs.writeFileSync(process.env.BENCH_OUT_FILE!, JSON.stringify({ runs: out, day }, null, 2))
}
