import type { Difference, Statement } from "../../lib/statement/types"

/** The statement's refunds made outside the store. */
export const allOutside = (statement: Statement): Difference[] =>
  statement.differences.filter((d) => d.kind === "refunded_outside_store")

/**
 * The day's refunds made outside the store, split by what "Record outside refunds in Medusa" would do with them:
 * `recordable` it records (or says why not, e.g. not captured yet), `reportedOnly` it refuses outright because their
 * provider entry's `importOutsideRefunds` is off, so the page offers no button for those.
 */
export function outsideRefunds(statement: Statement): { recordable: Difference[]; reportedOnly: Difference[] } {
  const outside = allOutside(statement)
  return {
    recordable: outside.filter((d) => d.recordable !== false),
    reportedOnly: outside.filter((d) => d.recordable === false),
  }
}
