"use strict"
// The stack every phase runs on: a fresh database on scripts/postgres.js, migrated and seeded (scripts/bench/seed.ts),
// the IOTPay sandbox in this process (it counts the calls it receives, so no hop is added to what is timed), and
// `medusa start` of this repository (in-memory event bus, admin off, the plugin's scheduled jobs off). `close()` undoes
// all of it.
const fs = require("node:fs")
const path = require("node:path")
const { ensurePostgres, databaseUrl } = require("../postgres")
const { loadSandboxModule } = require("../../bin/iotpay-sandbox.js")
const { healthy, medusa, medusaCommand, stopGroup } = require("./processes")
const { freePort, log } = require("./util")

const MERCHANT = { merchantId: "10000701", loginName: "bench", secretKey: "bench-sandbox-key" }
const STOREFRONT = "http://storefront.bench"

/** The environment of every Medusa child: this stack's database, the sandbox as IOTPay, no scheduled jobs. */
function medusaEnv({ dbUrl, port, medusaUrl, sandbox, infoFile }) {
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    PORT: String(port),
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_ADMIN_DISABLED: "true",
    IOTPAY_MERCHANT_ID: MERCHANT.merchantId,
    IOTPAY_LOGIN_NAME: MERCHANT.loginName,
    IOTPAY_SECRET_KEY: MERCHANT.secretKey,
    IOTPAY_API_BASE: sandbox.apiBase,
    IOTPAY_BACKEND_URL: medusaUrl,
    IOTPAY_RETURN_URL: `${STOREFRONT}/return`,
    IOTPAY_ALLOWED_RETURN_URLS: STOREFRONT,
    IOTPAY_RECONCILE: "off", // the bench runs the job itself, in the reconcile phase
    IOTPAY_INBOX_REDRIVE: "off",
    BENCH_INFO_FILE: infoFile,
  }
  delete env.REDIS_URL // the default (shared, in-memory event bus) topology
  return env
}

/**
 * Starts the stack; resolves with { env, logs, medusaUrl, store, sandbox, calls(), server, stopServer(),
 * close() }. On a failure half-way, what was started is stopped before the error is rethrown.
 */
async function startStack(logs) {
  const pg = await ensurePostgres({ log })
  const dbName = `medusa_iotpay_bench_${process.pid}`
  const { Client } = require("pg")
  const admin = new Client({ ...pg.conn, port: Number(pg.conn.port), database: "postgres" })
  await admin.connect()
  await admin.query(`create database ${dbName}`)
  const { startSandbox } = loadSandboxModule("index")
  const sandbox = await startSandbox({ ...MERCHANT, port: 0 })
  const port = await freePort()
  const medusaUrl = `http://localhost:${port}`
  const infoFile = path.join(logs, "store.json")
  const env = medusaEnv({ dbUrl: databaseUrl(pg.conn, dbName), port, medusaUrl, sandbox, infoFile })
  const stack = {
    env,
    logs,
    medusaUrl,
    sandbox,
    calls: () => sandbox.calls(),
    server: undefined,
    async stopServer() {
      if (stack.server) await stopGroup(stack.server)
      stack.server = undefined
    },
    async close() {
      await stack.stopServer()
      await sandbox.close()
      await admin
        .query(`drop database if exists ${dbName} with (force)`)
        .catch((e) => log(`could not drop ${dbName}: ${e.message}`))
      await admin.end()
      await pg.stop()
    },
  }
  try {
    log(`database ${dbName} on ${pg.source}: migrating...`)
    await medusaCommand(logs, "migrate", ["db:migrate"], env)
    log("seeding...")
    await medusaCommand(logs, "seed", ["exec", "./scripts/bench/seed.ts"], env)
    stack.store = JSON.parse(fs.readFileSync(infoFile, "utf8"))
    log(`starting Medusa on ${medusaUrl}...`)
    stack.server = medusa(logs, "medusa", ["start"], env)
    await healthy(medusaUrl, stack.server, path.join(logs, "medusa.log"))
  } catch (error) {
    await stack.close()
    throw error
  }
  return stack
}

module.exports = { MERCHANT, STOREFRONT, startStack }
