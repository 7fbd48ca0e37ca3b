// The test's own Postgres (scripts/with-own-postgres.js puts its data directory in IOTPAY_OWN_PGDATA).
const { ownPostgres } = require("../../scripts/own-postgres") as {
  ownPostgres: (dir: string) => { start: () => void; stop: () => void; running: () => boolean }
}

export function theTestsPostgres() {
  const dir = process.env.IOTPAY_OWN_PGDATA
  if (!dir) {
    throw new Error(
      "the fault matrix stops its database: run it with npm run test:faults (scripts/with-own-postgres.js)"
    )
  }
  return ownPostgres(dir)
}
