"use strict"
// Phase 3, reconcile: with Medusa stopped, scripts/bench/reconcile.ts under `medusa exec` (the job alone against the
// database and the sandbox), cc_query delayed 50 ms at the sandbox, over copies of one pending IOTPay session.
const fs = require("node:fs")
const path = require("node:path")
const { medusaCommand } = require("./processes")
const { log } = require("./util")

const CC_QUERY_LATENCY_MS = 50

/** `templateSessionId`: a pending IOTPay session (initiated, never paid) to copy; `sizes`: "100,1000,10000". */
async function benchReconcile(stack, templateSessionId, sizes) {
  log(`reconcile: ${sizes} abandoned sessions, cc_query delayed ${CC_QUERY_LATENCY_MS} ms at the sandbox...`)
  const out = path.join(stack.logs, "reconcile.json")
  stack.sandbox.addFault({ endpoint: "cc_query", latencyMs: CC_QUERY_LATENCY_MS, times: 0 })
  try {
    await medusaCommand(stack.logs, "reconcile", ["exec", "./scripts/bench/reconcile.ts"], {
      ...stack.env,
      BENCH_TEMPLATE_SESSION: templateSessionId,
      BENCH_RECONCILE_SIZES: sizes,
      BENCH_COUNTER_URL: `${stack.sandbox.url}/_sandbox/calls`,
      BENCH_OUT_FILE: out,
    })
  } finally {
    stack.sandbox.clearFaults()
  }
  return {
    ...JSON.parse(fs.readFileSync(out, "utf8")),
    concurrency: 4,
    cc_query_latency_ms: CC_QUERY_LATENCY_MS,
    target: "cost grows with due sessions only; ≤ ~12 cc_query per abandoned session per day",
  }
}

module.exports = { benchReconcile }
