#!/usr/bin/env node
// npm run test:faults: the fault matrix (integration-tests/faults) on its own Postgres, which the tests stop and
// start, then one table of what each fault did (docs/deployment.md "Bad days"). Extra arguments go to jest (e.g. one spec file).
const { spawnSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")

const report = path.join(os.tmpdir(), `iotpay-faults-${process.pid}.jsonl`)
const root = path.join(__dirname, "..")
const jest = [
  ...["scripts/with-own-postgres.js", "node", "scripts/with-postgres.js", "jest"],
  ...[
    "--config",
    "jest.config.js",
    "--selectProjects",
    "faults",
    "--runInBand",
    "--forceExit",
    ...process.argv.slice(2),
  ],
]
const run = spawnSync(process.execPath, jest, {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, IOTPAY_FAULTS_REPORT: report },
})

const rows = fs.existsSync(report)
  ? fs
      .readFileSync(report, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : []
fs.rmSync(report, { force: true })
if (rows.length) {
  const cell = (text) => String(text).replace(/\|/g, "\\|")
  console.log("\n| fault | what was done | orders | money moves at the sandbox | entries lost |")
  console.log("|---|---|---|---|---|")
  for (const r of rows) {
    console.log(`| ${[r.fault, r.done, r.orders, r.moneyMoves, r.lost].map(cell).join(" | ")} |`)
  }
}
process.exit(run.status ?? 1)
