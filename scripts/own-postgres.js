// A Postgres of the test's own (initdb in a temp dir, a free port) that a fault test may stop and start with pg_ctl,
// never the machine's: the fault matrix (npm run test:faults) stops its database on purpose, and other suites and
// other people share the one on 5432. Needs the server binaries (initdb, pg_ctl, postgres) on PATH.
const { execFileSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const { freePort } = require("./postgres")

// Postgres refuses to run as root: as root, every server command runs as the `postgres` system user.
const asPostgres = (cmd, args) =>
  process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]

function run(cmd, args) {
  const [file, argv] = asPostgres(cmd, args)
  execFileSync(file, argv, { stdio: ["ignore", "ignore", "pipe"] })
}

/** The control of an existing data directory (a test reads it from IOTPAY_OWN_PGDATA). */
function ownPostgres(dataDir) {
  const running = () => fs.existsSync(path.join(dataDir, "postmaster.pid"))
  return {
    dataDir,
    running,
    start: () => run("pg_ctl", ["start", "-w", "-D", dataDir, "-l", path.join(dataDir, "server.log")]),
    // fast: open sessions are terminated (clients see 57P01, then refused connections), as in a restart.
    stop: () => running() && run("pg_ctl", ["stop", "-w", "-m", "fast", "-D", dataDir]),
  }
}

/** initdb in a temp dir, trust auth, a free port on localhost; started. */
async function createOwnPostgres() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "iotpay-own-pg-"))
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dataDir])
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
  const port = await freePort()
  fs.appendFileSync(
    path.join(dataDir, "postgresql.conf"),
    `\nport = ${port}\nlisten_addresses = 'localhost'\nunix_socket_directories = '${dataDir}'\nfsync = off\n`
  )
  const pg = ownPostgres(dataDir)
  pg.start()
  return {
    ...pg,
    conn: { host: "localhost", port: String(port), user: "postgres", password: "" },
    destroy: () => {
      pg.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

module.exports = { createOwnPostgres, ownPostgres }
