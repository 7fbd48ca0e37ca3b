#!/usr/bin/env node
// Runs a command (the fault matrix) with a Postgres of its own in DB_HOST/DB_PORT and its data directory in
// IOTPAY_OWN_PGDATA, so the tests may stop and start it (scripts/own-postgres.js); removed afterwards.
const { spawn } = require("node:child_process")
const { createOwnPostgres } = require("./own-postgres")
const { envFor } = require("./postgres")

async function main() {
  const [command, ...args] = process.argv.slice(2)
  if (!command) throw new Error("usage: with-own-postgres.js <command> [args...]")
  const pg = await createOwnPostgres()
  console.log(`[with-own-postgres] PostgreSQL on localhost:${pg.conn.port} (${pg.dataDir})`)
  const child = spawn(command, args, {
    stdio: "inherit",
    env: { ...process.env, ...envFor(pg.conn), IOTPAY_OWN_PGDATA: pg.dataDir },
  })
  const forward = (signal) => child.kill(signal)
  process.on("SIGINT", forward)
  process.on("SIGTERM", forward)
  const code = await new Promise((resolve) => child.on("exit", (c, s) => resolve(c ?? (s ? 1 : 0))))
  pg.destroy()
  process.exit(code)
}

main().catch((error) => {
  console.error(`[with-own-postgres] ${error.message}`)
  process.exit(1)
})
