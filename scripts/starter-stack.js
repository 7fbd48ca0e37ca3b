// What test-starter.js runs the starter against: the demo backend (scripts/demo/run.js) with a throw-away database,
// told to serve the starter (STORE_CORS, AUTH_CORS, IOTPAY_ALLOWED_RETURN_URLS, IOTPAY_RETURN_URL) and to trust the
// starter's server on this host for the shopper's IP (IOTPAY_TRUSTED_PROXIES=loopback); then the starter itself,
// built (`next build` pre-renders product pages, so the backend runs first) and started (`next start`).
const { spawn, execFileSync } = require("node:child_process")
const fs = require("node:fs")
const path = require("node:path")
const { Client } = require("pg")
const { databaseUrl, ensurePostgres } = require("./postgres")

const root = path.resolve(__dirname, "..")
const READY_MS = 10 * 60_000

/** Spawns `command` in its own process group; resolves once its output matches `ready` (rejects if it exits first). */
function launch(command, args, { cwd, env, ready, logFile }) {
  const out = fs.openSync(logFile, "w")
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)))
  const started = new Promise((resolve, reject) => {
    let seen = ""
    const onData = (chunk) => {
      fs.writeSync(out, chunk)
      seen = (seen + chunk).slice(-20_000)
      if (ready.test(seen)) resolve()
    }
    child.stdout.setEncoding("utf8").on("data", onData)
    child.stderr.setEncoding("utf8").on("data", onData)
    exited.then((code) => reject(new Error(`${path.basename(command)} exited (${code}); see ${logFile}`)))
    setTimeout(() => reject(new Error(`${path.basename(command)} not ready in time; see ${logFile}`)), READY_MS).unref()
  })
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    try {
      process.kill(-child.pid, "SIGTERM")
    } catch {}
    await Promise.race([exited, new Promise((r) => setTimeout(r, 90_000))])
    try {
      process.kill(-child.pid, "SIGKILL") // whatever did not stop in 90 s
    } catch {}
  }
  return { started, stop }
}

async function sql(conn, text) {
  const client = new Client({ ...conn, port: Number(conn.port), database: "postgres" })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/** The demo backend for the starter at `starterUrl`; answers its URLs, publishable key and stop(). */
async function startBackend({ dataDir, ports, starterUrl, log }) {
  const pg = await ensurePostgres({ embeddedDir: path.join(dataDir, "pg"), log })
  const dbName = `medusa_iotpay_starter_${Date.now().toString(36)}_${process.pid}`
  await sql(pg.conn, `create database "${dbName}"`)
  log(`demo backend on ports ${ports.medusa}/${ports.storefront}/${ports.sandbox}, database ${dbName}...`)
  const demo = launch(process.execPath, [path.join(root, "scripts", "demo", "run.js")], {
    cwd: root,
    ready: /^\[demo\] ready in /m,
    logFile: path.join(dataDir, "demo.log"),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(pg.conn, dbName),
      DEMO_DATA_DIR: path.join(dataDir, "demo"),
      PORT: String(ports.medusa),
      STOREFRONT_PORT: String(ports.storefront),
      IOTPAY_SANDBOX_PORT: String(ports.sandbox),
      STORE_CORS: starterUrl,
      AUTH_CORS: starterUrl,
      IOTPAY_RETURN_URL: `${starterUrl}/ca/checkout/iotpay-return`,
      IOTPAY_ALLOWED_RETURN_URLS: starterUrl,
      IOTPAY_TRUSTED_PROXIES: "loopback",
      MEDUSA_DISABLE_TELEMETRY: "true",
    },
  })
  const stop = async () => {
    await demo.stop()
    await sql(pg.conn, `drop database if exists "${dbName}" with (force)`).catch((e) => log(`drop: ${e.message}`))
    await pg.stop()
  }
  try {
    await demo.started
  } catch (error) {
    await stop()
    throw error
  }
  const info = JSON.parse(fs.readFileSync(path.join(dataDir, "demo", "demo.json"), "utf8"))
  return {
    medusaUrl: `http://localhost:${ports.medusa}`,
    sandboxUrl: `http://127.0.0.1:${ports.sandbox}`,
    publishableKey: info.publishableKey,
    stop,
  }
}

/** `next build` then `next start` of the starter against `backend`; answers stop(). */
async function startStarter({ starter, port, backend, dataDir, log }) {
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_PUBLIC_MEDUSA_BACKEND_URL: backend.medusaUrl,
    NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: backend.publishableKey,
    NEXT_PUBLIC_BASE_URL: `http://localhost:${port}`,
    NEXT_PUBLIC_DEFAULT_REGION: "ca",
  }
  const next = path.join(starter, "node_modules", ".bin", "next")
  log("next build (pre-renders the store's pages from the backend)...")
  execFileSync(next, ["build"], { cwd: starter, env, stdio: "inherit" })
  log(`next start on port ${port}...`)
  const server = launch(next, ["start", "-p", String(port)], {
    cwd: starter,
    env,
    ready: /Ready in|started server on/i,
    logFile: path.join(dataDir, "next.log"),
  })
  await server.started
  return { stop: server.stop }
}

module.exports = { startBackend, startStarter }
