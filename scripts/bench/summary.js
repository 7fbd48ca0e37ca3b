"use strict"
// The summary `npm run bench` prints once bench.json is written.
const path = require("node:path")

function printNotify(n, notify) {
  console.log(
    "notify (req/s @50 · p99 @50 · p99 @4 · Medusa CPU per request @50 during the load, and until idle · seconds to idle after @50):"
  )
  for (const [name, x] of Object.entries(n)) {
    console.log(
      `  ${name.padEnd(22)} ${x.rps_50} req/s · ${x.p99_ms_50} ms · ${x.p99_ms_4} ms · ${x.cpu_ms_per_request_in_window_50} ms, ${x.cpu_ms_per_request_50} ms · ${x.drain_s_50} s`
    )
  }
  console.log(
    `  ours / Medusa's webhook route: ${notify.ratio_rps_50}× (per round ${notify.ratios_50.join(" / ")}; target ≥ 1.0×)`
  )
  console.log(
    `  distinct notifies, ours / Medusa's: ${notify.ratio_rps_50_distinct}× (per round ${notify.ratios_50_distinct.join(" / ")})`
  )
  const sm = notify.server_mode
  if (!sm) return
  for (const [name, x] of Object.entries(sm.summary)) {
    console.log(
      `  server mode, distinct: ${name.padEnd(20)} ${x.rps_50} req/s · p99 ${x.p99_ms_50} ms · ${x.cpu_ms_per_request_in_window_50} ms CPU per request`
    )
  }
  console.log(`  server mode, distinct, ours / Medusa's: ${sm.ratio_rps_50}× (per round ${sm.ratios_50.join(" / ")})`)
}

function printCheckout(c) {
  console.log("checkout (median of " + c.pp_iotpay_iotpay.checkouts + ", initiate + complete):")
  for (const p of ["pp_iotpay_iotpay", "pp_system_default"]) {
    console.log(
      `  ${p.padEnd(18)} ${c[p].median_ms} ms (initiate ${c[p].median_initiate_ms} + complete ${c[p].median_complete_ms}); gateway calls ${JSON.stringify(c[p].gateway_calls_first)}`
    )
  }
  const [low, high] = c.median_pair_ratio_95
  console.log(
    `  ratio ${c.ratio_of_medians}× (median of pair ratios ${c.median_pair_ratio}×, 95 % interval ${low}–${high}×; target ≤ 1.05×)`
  )
}

function printNotifyToOrder(n) {
  if (!n) return
  console.log(
    `paid notify → order (median of ${n.ours.all_ms.length}): ours ${n.ours.median_ms} ms, Medusa's webhook route ${n.medusas.median_ms} ms`
  )
}

function printReconcile(reconcile) {
  console.log("reconcile (cc_query +50 ms, concurrency 4):")
  for (const x of reconcile.runs) {
    console.log(`  ${x.label.padEnd(38)} due ${x.due}, cc_query ${x.cc_query_at_sandbox}, ${x.ms} ms`)
  }
  const d = reconcile.day
  console.log(
    `  a day: ${d.sessions} abandoned sessions, ${d.runs} runs over ${d.simulated_hours} h → ${d.per_session} cc_query per session`
  )
}

function printSummary(r, outFile) {
  console.log(
    `\nBenchmarks (${r.machine.cpus} cores, ${r.machine.note}); JSON: ${path.relative(process.cwd(), outFile)}`
  )
  printNotify(r.notify.summary, r.notify)
  printCheckout(r.checkout)
  printNotifyToOrder(r.notify_to_order)
  printReconcile(r.reconcile)
}

module.exports = { printSummary }
