const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A calendar day written YYYY-MM-DD that exists (2026-02-30 does not). */
export function isStatementDay(text: string): boolean {
  if (!DAY.test(text)) return false
  const d = new Date(`${text}T00:00:00.000Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text)
}

/** The day as UTC instants: from its first to its last millisecond. */
export function dayRange(date: string): { date: string; from: Date; until: Date } {
  const from = new Date(`${date}T00:00:00.000Z`)
  return { date, from, until: new Date(from.getTime() + 24 * 60 * 60 * 1000 - 1) }
}

/** YYYY-MM-DD of `now` less `daysBack` days, in UTC (the scheduled job checks yesterday). */
export const utcDay = (now: Date, daysBack = 0) =>
  new Date(now.getTime() - daysBack * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
