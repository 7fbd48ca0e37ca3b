import { isDatabaseUnavailable } from "../db-unavailable"

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe("isDatabaseUnavailable (retry row by row, or fail the batch)", () => {
  it.each([
    ["a refused socket", withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED")],
    ["a reset socket", withCode("read ECONNRESET", "ECONNRESET")],
    ["a connection exception (class 08)", withCode("connection failure", "08006")],
    ["too many connections", withCode("sorry, too many clients already", "53300")],
    ["a statement timeout", withCode("canceling statement due to statement timeout", "57014")],
    ["Postgres starting up", withCode("the database system is starting up", "57P03")],
    ["knex's pool timeout", new Error("Knex: Timeout acquiring a connection. The pool is probably full.")],
    ["pg's dropped connection", new Error("Connection terminated unexpectedly")],
    [
      "a wrapped cause",
      Object.assign(new Error("inbox write failed"), { cause: withCode("connect ECONNREFUSED", "ECONNREFUSED") }),
    ],
    [
      "an AggregateError of refused addresses",
      Object.assign(new AggregateError([withCode("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")]), { code: "" }),
    ],
  ])("%s: unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  it.each([
    ["a value too long", withCode("value too long for type character varying(30)", "22001")],
    ["a unique violation", withCode("duplicate key value violates unique constraint", "23505")],
    ["a plain error", new Error("the inbox upsert returned no row")],
    ["nothing", undefined],
  ])("%s: a refused row, not an unavailable database", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false)
  })
})
