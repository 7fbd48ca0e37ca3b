#!/usr/bin/env node
// Runs a command (the integration tests) with a Postgres in DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD, starting an
// embedded one when the machine has none, and stopping it afterwards.
const { spawn } = require("node:child_process")
const path = require("node:path")
const { ensurePostgres, envFor } = require("./postgres")

async function main() {
  const [command, ...args] = process.argv.slice(2)
  if (!command) throw new Error("usage: with-postgres.js <command> [args...]")
  const pg = await ensurePostgres({ log: (line) => console.log(`[with-postgres] ${line}`) })
  console.log(`[with-postgres] using PostgreSQL from ${pg.source}`)
  const child = spawn(command, args, {
    stdio: "inherit",
    shell: process.platform === "win32",
    env: {
      ...process.env,
      ...envFor(pg.conn),
      // Medusa's test runner loads medusa-config through a dynamic import, which jest only allows with this flag.
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ""} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
      MEDUSA_DISABLE_TELEMETRY: process.env.MEDUSA_DISABLE_TELEMETRY ?? "true",
      PATH: `${path.join(__dirname, "..", "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
    },
  })
  child.on("error", (error) => console.error(`[with-postgres] could not start ${command}: ${error.message}`))
  const forward = (signal) => child.kill(signal)
  process.on("SIGINT", forward)
  process.on("SIGTERM", forward)
  const code = await new Promise((resolve) => child.on("exit", (c, s) => resolve(c ?? (s ? 1 : 0))))
  await pg.stop()
  process.exit(code)
}

main().catch((error) => {
  console.error(`[with-postgres] ${error.message}`)
  process.exit(1)
})
