/** Node socket errors: the database host is not answering at all. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
])

/**
 * Postgres SQLSTATEs that say "not now" rather than "not this row": class 08 (connection exception), 53300
 * (too many connections), 57014 (statement timeout / cancel), 57P01–57P03 (shutting down, crash, starting up).
 */
const SQLSTATES = /^(08...|53300|57014|57P0[123])$/

/** Messages of errors that carry no code: knex's pool timeout and pg's dropped connection. */
const MESSAGES =
  /Timeout acquiring a connection|Connection terminated|connection timeout|Client has encountered a connection error/i

/**
 * Whether an inbox statement failed because the database could not be reached or did not answer in time, as
 * opposed to refusing a row. The difference decides the retry: a refused row is worth retrying the batch row by row
 * (so it fails only its own notify), an unreachable database is not (each retry would wait the same timeout again,
 * and a slow database would get N statements instead of one). MikroORM wraps the driver's error but copies its
 * `code`, so the code is read from the error and from its cause.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown } | null | undefined
  if (!e || depth > 3) {
    return false
  }
  const code = typeof e.code === "string" ? e.code : ""
  return (
    SOCKET_CODES.has(code) ||
    SQLSTATES.test(code) ||
    MESSAGES.test(String(e.message ?? "")) ||
    // Node reports a refused connection to a name with several addresses as an AggregateError of socket errors.
    (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) ||
    isDatabaseUnavailable(e.cause, depth + 1)
  )
}
