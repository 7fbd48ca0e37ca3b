#!/usr/bin/env node
"use strict"
// `npm run bench`: three side-by-side benchmarks on one stack, loopback only, results as JSON
// (test-artifacts/bench/bench.json, or --out FILE) and a summary on stdout. docs/benchmarks.md says what each number
// means; docs/benchmarks.md has the latest ones. One module per part:
//
//   stack.js            PostgreSQL (scripts/postgres.js) with a fresh database medusa_iotpay_bench_<pid> (dropped at
//                       the end), migrations, scripts/bench/seed.ts, the IOTPay sandbox in this process (it counts
//                       the calls it receives), and `medusa start` of this repo as a child
//   1. checkout.js      pp_iotpay_iotpay vs pp_system_default, alternating (--checkouts N each, default 60)
//   notify-to-order.js  a paid notify POSTed once to our route or Medusa's, timed until the order exists
//                       (--paid-notifies N per route, default 5)
//   2. notify.js        wrk against our notify route, Medusa's webhook route and /health (--rounds R of --seconds S,
//                       defaults 5 and 5); notify-server-mode.js: the same on a server-mode instance on Redis
//   3. reconcile-phase.js   Medusa stopped, scripts/bench/reconcile.ts under `medusa exec` (--reconcile-sizes,
//                       default 100,1000,10000)
//   summary.js          what is printed at the end
// Needs wrk (Debian: apt-get install -y wrk; installed here when missing and running as root with apt-get).
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const { benchCheckout } = require("./checkout")
const { benchNotify } = require("./notify")
const { benchNotifyToOrder } = require("./notify-to-order")
const { notifyBodies } = require("./notify-bodies")
const { benchNotifyServerMode } = require("./notify-server-mode")
const { benchReconcile } = require("./reconcile-phase")
const { ROOT } = require("./processes")
const { startStack } = require("./stack")
const { storeApi } = require("./store-api")
const { printSummary } = require("./summary")
const { ensureWrk } = require("./wrk")

const USAGE = `Usage: node scripts/bench/run.js [options]   (npm run bench)
  --checkouts N            checkouts per provider in the checkout phase (default 60)
  --paid-notifies N        paid notifies per route timed until their order exists (default 5)
  --rounds R               rounds of the notify phase (default 5)
  --seconds S              seconds of each wrk load (default 5)
  --reconcile-sizes LIST   abandoned sessions per reconcile run, comma-separated (default 100,1000,10000)
  --out FILE               the JSON results (default test-artifacts/bench/bench.json; child logs in logs/ beside it)
  -h, --help               this text
Needs wrk and a PostgreSQL (scripts/postgres.js finds one or starts an embedded one); a Redis on REDIS_URL or
127.0.0.1:6379 for the server-mode rows (skipped otherwise). See docs/benchmarks.md.`

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : fallback
}
const OUT = path.resolve(arg("out", path.join(ROOT, "test-artifacts", "bench", "bench.json")))
const LOGS = path.join(path.dirname(OUT), "logs")
const CHECKOUTS = Number(arg("checkouts", 60))
const PAID_NOTIFIES = Number(arg("paid-notifies", 5))
const ROUNDS = Number(arg("rounds", 5))
const SECONDS = Number(arg("seconds", 5))
const SIZES = arg("reconcile-sizes", "100,1000,10000")

async function main() {
  fs.mkdirSync(LOGS, { recursive: true })
  ensureWrk()
  const stack = await startStack(LOGS)
  const results = {
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      note: "shared, noisy machine: compare ratios",
    },
  }
  try {
    const api = storeApi(stack.medusaUrl, stack.store)
    const checkout = await benchCheckout(stack, api, CHECKOUTS)
    results.checkout = checkout.result
    results.notify_to_order = await benchNotifyToOrder(stack, api, PAID_NOTIFIES)
    const bodies = notifyBodies(stack.sandbox, checkout.paidSession)
    results.notify = await benchNotify(stack, bodies, { rounds: ROUNDS, seconds: SECONDS })
    const serverMode = await benchNotifyServerMode(stack, bodies, { seconds: SECONDS })
    if (serverMode) results.notify.server_mode = serverMode
    // A pending IOTPay session (initiated, never paid) for the reconcile phase to copy.
    const template = await api.initiate(await api.newCart(), "pp_iotpay_iotpay")
    await stack.stopServer()
    results.reconcile = await benchReconcile(stack, template.id, SIZES)
  } finally {
    await stack.close()
  }
  fs.writeFileSync(OUT, JSON.stringify(results, null, 2))
  return results
}

if (require.main === module) {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(USAGE)
  } else {
    main().then(
      (results) => printSummary(results, OUT),
      (error) => {
        console.error(`[bench] failed: ${error.stack || error.message}`)
        process.exit(1)
      }
    )
  }
}
