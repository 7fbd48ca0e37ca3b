#!/usr/bin/env node
// `npm run demo`: PostgreSQL (DATABASE_URL, else localhost:5432, else embedded in .demo-data/pg), the IOTPay sandbox,
// migrations, a one-time seed, Medusa with the admin dashboard, and a small storefront. Ctrl-C stops all of it.
// `npm run demo -- --check` (or DEMO_SMOKE=1) starts everything, places one order over HTTP, stops, exits 0.
//
// Every long-lived child runs in a process group of its own (detached: true) so that a terminal Ctrl-C reaches only
// this script, which then stops the others in order (Medusa, sandbox, Postgres last) by group: no orphans, even of the
// processes they fork (esbuild under vite, the server `medusa develop` forks).
const { spawn, fork } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const path = require("node:path")
const { databaseUrl } = require("../postgres")
const { startStorefront } = require("./storefront-server")
const { storefrontEnv } = require("./storefront-env")
const { smokeCheckout } = require("./smoke")

const ROOT = path.resolve(__dirname, "..", "..")
// DEMO_DATA_DIR: where logs, the sandbox state, demo.json and an embedded Postgres live (the e2e tests use a scratch one).
const DATA = path.resolve(ROOT, process.env.DEMO_DATA_DIR || ".demo-data")
const LOGS = path.join(DATA, "logs")
const INFO_FILE = path.join(DATA, "demo.json")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [ROOT] })
const CHECK = process.argv.includes("--check") || process.env.DEMO_SMOKE === "1"
const VERBOSE = process.env.DEMO_VERBOSE === "1"

const PORTS = {
  medusa: Number(process.env.PORT || 9000),
  storefront: Number(process.env.STOREFRONT_PORT || 8000),
  sandbox: Number(process.env.IOTPAY_SANDBOX_PORT || 4848),
}
const MEDUSA_URL = `http://localhost:${PORTS.medusa}`
const STOREFRONT_URL = `http://localhost:${PORTS.storefront}`
const SANDBOX_URL = `http://127.0.0.1:${PORTS.sandbox}`
const DB_NAME = "medusa_iotpay_demo"
// Sandbox credentials: the demo never talks to the real IOTPay, whatever IOTPAY_* the shell has.
const MERCHANT = { id: "10000701", login: "demo", secret: "iotpay-demo-sandbox-key" }
const ADMIN = { email: "admin@iotpay.local", password: "iotpay-demo" }
const PROVIDER_ID = "pp_iotpay_iotpay"

const started = Date.now()
const children = [] // { name, child }, in start order; stopped in reverse
let storefront
let stopping = null

const log = (line) => console.log(`[demo] ${line}`)
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Spawns `node <script> ...args` in its own process group, output to .demo-data/logs/<name>.log. */
function launch(name, script, args, env, { ipc = false } = {}) {
  const logFile = path.join(LOGS, `${name}.log`)
  const out = VERBOSE ? "inherit" : fs.openSync(logFile, "w")
  const options = { cwd: ROOT, env, detached: true, stdio: ["ignore", out, out, ...(ipc ? ["ipc"] : [])] }
  const child = ipc ? fork(script, args, options) : spawn(process.execPath, [script, ...args], options)
  if (!VERBOSE) fs.closeSync(out)
  const entry = {
    name,
    child,
    logFile,
    exited: new Promise((r) => child.once("exit", (code, signal) => r(code ?? signal))),
  }
  children.push(entry)
  return entry
}

/** Runs a one-shot `medusa <args>` and fails with the end of its log when it fails. */
async function medusaCommand(name, args, env) {
  const entry = launch(name, MEDUSA_CLI, args, env)
  const code = await entry.exited
  children.splice(children.indexOf(entry), 1)
  if (code !== 0) {
    throw new Error(`medusa ${args.join(" ")} failed (${code}). End of ${rel(entry.logFile)}:\n${tail(entry.logFile)}`)
  }
}

/** The end of a log, led by its first error line: Medusa logs the message once, then pages of stack. */
function tail(file, lines = 20) {
  try {
    const all = fs
      .readFileSync(file, "utf8")
      .replace(/\x1b\[[0-9;]*m/g, "")
      .trimEnd()
      .split("\n")
    const end = all.slice(-lines)
    const at = all.findIndex((l) => /error/i.test(l))
    const head =
      at >= 0 && at < all.length - lines ? [...all.slice(at, Math.min(at + 3, all.length - lines)), "..."] : []
    return [...head, ...end].join("\n")
  } catch {
    return "(no log)"
  }
}
const rel = (p) => path.relative(process.cwd(), p) || p

/** Stops a process group: SIGTERM, then SIGKILL when something in it is still there after `graceMs`. */
async function stopGroup({ child }, graceMs = 10_000, signalLeaderOnly = false) {
  const alive = () => {
    try {
      process.kill(-child.pid, 0)
      return true
    } catch {
      return false
    }
  }
  try {
    if (signalLeaderOnly) child.kill("SIGTERM")
    else process.kill(-child.pid, "SIGTERM")
  } catch {}
  for (const until = Date.now() + graceMs; alive() && Date.now() < until;) await sleep(100)
  if (alive()) {
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {}
  }
}

function onSignal(signal) {
  if (!stopping) return shutdown(0, `${signal}: stopping...`)
  // A second Ctrl-C: no more waiting.
  for (const { child } of children) {
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {}
  }
  process.exit(1)
}

function shutdown(code, reason) {
  stopping ??= (async () => {
    if (reason) log(reason)
    storefront?.close()
    storefront?.closeAllConnections()
    // Reverse start order: Medusa before the sandbox, the Postgres holder last. The holder is asked (not its group
    // killed) so that it stops postgres cleanly itself.
    for (const entry of [...children].reverse()) {
      await stopGroup(entry, entry.name === "postgres" ? 20_000 : 10_000, entry.name === "postgres")
    }
    log(`stopped everything (${seconds()}).`)
    process.exit(code)
  })()
  return stopping
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once("error", () => resolve(false))
    server.listen(port, () => server.close(() => resolve(true)))
  })
}

async function waitFor(what, url, entry, timeoutMs) {
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    if (stopping) return new Promise(() => {}) // shutdown owns the exit now
    const code = await Promise.race([entry.exited, sleep(0).then(() => undefined)])
    if (code !== undefined) {
      throw new Error(`${what} exited (${code}) while starting. End of ${rel(entry.logFile)}:\n${tail(entry.logFile)}`)
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(3000) }).then(
      (r) => r.ok,
      () => false
    )
    if (ok) return
    await sleep(1000)
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s; see ${rel(entry.logFile)}`)
}

/** Runs scripts/postgres.js' ensurePostgres in a detached helper (see postgres-holder.js) and waits for its answer. */
function startPostgres() {
  const entry = launch("postgres", path.join(__dirname, "postgres-holder.js"), [path.join(DATA, "pg")], process.env, {
    ipc: true,
  })
  return new Promise((resolve, reject) => {
    entry.child.on("message", (m) => {
      if (m.type === "log") log(m.line.replace(/^Initialising/, "initialising").replace(/^Starting/, "starting"))
      if (m.type === "ready") resolve(m)
      if (m.type === "error") reject(new Error(`PostgreSQL: ${m.message}`))
    })
    entry.exited.then((code) => reject(new Error(`the PostgreSQL helper exited (${code}); see ${rel(entry.logFile)}`)))
  })
}

async function ensureDatabase(conn, name) {
  const { Client } = require("pg")
  const client = new Client({ ...conn, port: Number(conn.port), database: "postgres" })
  await client.connect()
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name])
    if (!rowCount) {
      log(`creating database ${name}...`)
      await client.query(`create database "${name.replace(/"/g, '""')}"`)
    }
  } finally {
    await client.end()
  }
}

async function main() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, onSignal)
  // If whoever started us dies without passing the signal on (npm's `sh -c` killed alone), we get re-parented: stop.
  const parent = process.ppid
  setInterval(() => process.ppid !== parent && shutdown(1, "parent process exited: stopping..."), 1000).unref()
  fs.mkdirSync(LOGS, { recursive: true })
  for (const [name, port] of Object.entries(PORTS)) {
    if (!(await portFree(port))) {
      const envName = { medusa: "PORT", storefront: "STOREFRONT_PORT", sandbox: "IOTPAY_SANDBOX_PORT" }[name]
      throw new Error(`port ${port} (${name}) is in use: is another demo running? Free it or set ${envName}.`)
    }
  }

  log(
    process.env.DATABASE_URL
      ? "using DATABASE_URL..."
      : "looking for PostgreSQL (localhost:5432, else starting embedded PostgreSQL)..."
  )
  const pg = await startPostgres()
  const dbUrl = process.env.DATABASE_URL || databaseUrl(pg.conn, DB_NAME)
  await ensureDatabase(pg.conn, decodeURIComponent(new URL(dbUrl).pathname.slice(1))).catch((error) => {
    // A DATABASE_URL may point at a server where we cannot list or create databases: let the migrations speak.
    if (!process.env.DATABASE_URL) throw error
    log(`could not check that the database exists (${error.message}); going on`)
  })
  log(`PostgreSQL: ${pg.source}, database ${new URL(dbUrl).pathname.slice(1)}`)

  log(`starting the IOTPay sandbox on ${SANDBOX_URL}...`)
  const sandbox = launch(
    "sandbox",
    path.join(ROOT, "bin", "iotpay-sandbox.js"),
    [
      "--port",
      String(PORTS.sandbox),
      "--merchant-id",
      MERCHANT.id,
      "--login-name",
      MERCHANT.login,
      "--secret-key",
      MERCHANT.secret,
      "--state",
      path.join(DATA, "sandbox-state.json"),
      "--notify-fast", // retries after seconds, not minutes: a demo should not make you wait
    ],
    process.env
  )

  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    PORT: String(PORTS.medusa),
    MEDUSA_DISABLE_TELEMETRY: "true",
    IOTPAY_MERCHANT_ID: MERCHANT.id,
    IOTPAY_LOGIN_NAME: MERCHANT.login,
    IOTPAY_SECRET_KEY: MERCHANT.secret,
    IOTPAY_API_BASE: `${SANDBOX_URL}/v3`,
    IOTPAY_V1_API_BASE: `${SANDBOX_URL}/v1`, // WeChat Pay, Alipay, UnionPay (pp_iotpay-wechat_iotpay, ...)
    IOTPAY_V1_REFUND_QUERY_PATH: "query_refund_order", // the sandbox's v1 refund query (the admin panel reads refunds)
    IOTPAY_BACKEND_URL: MEDUSA_URL,
    // The wallets in CNY too (the China region); a US merchant's entry "iotpay-us" takes them in USD (United States).
    IOTPAY_CURRENCIES: process.env.IOTPAY_CURRENCIES || "CAD,CNY",
    IOTPAY_EXTRA_PROVIDERS: JSON.stringify([
      ...JSON.parse(process.env.IOTPAY_EXTRA_PROVIDERS || "[]"),
      { id: "iotpay-us", currencies: ["USD"] },
    ]),
    STOREFRONT_URL,
    ADMIN_CORS: `${MEDUSA_URL},http://localhost:5173`,
    // STORE_CORS, AUTH_CORS, IOTPAY_RETURN_URL, IOTPAY_ALLOWED_RETURN_URLS: the shell's, plus the demo storefront's
    ...storefrontEnv(process.env, { storefrontUrl: STOREFRONT_URL, medusaUrl: MEDUSA_URL }),
    DEMO_INFO_FILE: INFO_FILE,
    DEMO_ADMIN_EMAIL: ADMIN.email,
    DEMO_ADMIN_PASSWORD: ADMIN.password,
  }
  delete env.MEDUSA_ADMIN_DISABLED // the dashboard is half the point of the demo

  log("running migrations (first run takes a minute)...")
  await medusaCommand("migrate", ["db:migrate"], env)
  await waitFor("The IOTPay sandbox", `${SANDBOX_URL}/_sandbox/health`, sandbox, 30_000)

  log("checking the demo store (seeded on the first run only)...")
  fs.rmSync(INFO_FILE, { force: true })
  await medusaCommand("seed", ["exec", "./scripts/demo/seed-demo.ts"], env)
  const info = JSON.parse(fs.readFileSync(INFO_FILE, "utf8"))
  log(
    info.seeded
      ? `seeded: Canada region (CAD, IOTPay), USD and CNY regions (the wallets), 2 products, shipping, admin ${ADMIN.email}`
      : "demo store already seeded: reusing it"
  )

  // `medusa start` with NODE_ENV=development is what `medusa develop` runs, minus its file watcher: TypeScript from
  // src/ and the admin dashboard served by vite, no build step. Not `medusa build` + production start: the build
  // writes .medusa/server, the folder the published plugin is built into (and that bin/iotpay-sandbox.js prefers over
  // src/). Not the watcher by default: any file saved in the repo (tests writing artifacts, an editor) restarts the
  // server for ~15 s, mid-checkout. DEMO_WATCH=1 uses `medusa develop` for those hacking on the plugin.
  const command = process.env.DEMO_WATCH === "1" ? "develop" : "start"
  log(`starting Medusa and the admin dashboard on ${MEDUSA_URL} (medusa ${command}, takes 30-60 s)...`)
  const medusa = launch("medusa", MEDUSA_CLI, [command], { ...env, NODE_ENV: "development" })
  storefront = await startStorefront({
    port: PORTS.storefront,
    config: {
      medusaUrl: MEDUSA_URL,
      publishableKey: info.publishableKey,
      regionId: info.regionId,
      regions: info.regions, // ?currency=USD or CNY picks another region
      providerId: PROVIDER_ID,
      sandboxUrl: SANDBOX_URL,
    },
  })
  await waitFor("Medusa", `${MEDUSA_URL}/health`, medusa, 5 * 60_000)
  for (const entry of [medusa, sandbox]) {
    entry.exited.then(
      (code) =>
        stopping ||
        shutdown(1, `${entry.name} exited unexpectedly (${code}); see ${rel(entry.logFile)}. Stopping the demo.`)
    )
  }

  console.log(
    [
      "",
      `[demo] ready in ${seconds()}${CHECK ? "" : " (Ctrl-C stops everything)"}`,
      "",
      `  Storefront   ${STOREFRONT_URL}`,
      `  Admin        ${MEDUSA_URL}/app   login ${ADMIN.email} / ${ADMIN.password}`,
      `  IOTPay       ${SANDBOX_URL}  (local sandbox, no real money; payments at ${SANDBOX_URL}/_sandbox/orders)`,
      "  Test cards   4242 4242 4242 4242 approves, 4000 0000 0000 0002 declines;",
      "               any future expiry (MMYY, e.g. 1230), any 3-digit CVV",
      "  Wallets      WeChat Pay shows a QR code: open its link to pay in the sandbox wallet; Alipay and UnionPay",
      "               go to the sandbox cashier (approve / cancel / leave unpaid)",
      `  Database     ${new URL(dbUrl).pathname.slice(1)} on ${pg.source}`,
      `  Logs         ${rel(LOGS)}/`,
      "",
    ].join("\n")
  )

  if (CHECK) {
    const result = await smokeCheckout({
      medusaUrl: MEDUSA_URL,
      storefrontUrl: STOREFRONT_URL,
      info,
      providerId: PROVIDER_ID,
      log,
    })
    console.log(`demo smoke: order #${result.displayId} placed`)
    await shutdown(0)
  }
}

main().catch((error) => {
  if (stopping) return
  console.error(`[demo] failed: ${error.message}`)
  shutdown(1)
})
