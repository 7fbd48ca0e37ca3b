import fs from "node:fs"
import os from "node:os"
import path from "node:path"

/** One row of the fault matrix's table (docs/deployment.md "Bad days", docs/faults.md). */
export type FaultRow = { fault: string; done: string; orders: string; moneyMoves: string; lost: number }

/** Where the rows of one `npm run test:faults` run go; scripts/faults.js prints them as one table at the end. */
export const REPORT_FILE = process.env.IOTPAY_FAULTS_REPORT ?? path.join(os.tmpdir(), "iotpay-faults.jsonl")

export function recordFault(row: FaultRow) {
  fs.appendFileSync(REPORT_FILE, `${JSON.stringify(row)}\n`)
}
