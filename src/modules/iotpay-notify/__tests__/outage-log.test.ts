import { InboxBusyError } from "../delivery-batch"
import { OutageLog, isInboxOutage } from "../outage-log"

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })

function outageLog() {
  const lines: { level: "error" | "info"; message: string }[] = []
  const clock = { now: 0 }
  const logger = {
    error: (message: string) => lines.push({ level: "error", message }),
    info: (message: string) => lines.push({ level: "info", message }),
  }
  return { log: new OutageLog(logger, 60_000, () => clock.now), lines, clock }
}

describe("OutageLog (one line per database outage, not one per notify)", () => {
  it("a 20 s outage of 1000 failed notifies logs the first failure and one summary when a write succeeds", () => {
    const { log, lines, clock } = outageLog()
    for (let i = 0; i < 1000; i++) {
      clock.now = i * 20
      log.failed(`notify PC${i}`, refused())
    }
    clock.now = 20_000
    log.succeeded()
    log.succeeded()
    expect(lines).toEqual([
      {
        level: "error",
        message:
          "IOTPay notify inbox: the database is unavailable (notify PC0: connect ECONNREFUSED 127.0.0.1:5432). " +
          "Notifies are answered 503 and IOTPay sends them again; further failures are counted, not logged one by " +
          "one, until a write succeeds.",
      },
      {
        level: "info",
        message:
          "IOTPay notify inbox: the database answers again after 20.0 s; 1000 writes failed meanwhile (their " +
          "notifies were answered 503, IOTPay sends them again).",
      },
    ])
  })

  it("a long outage adds one reminder a minute; the next outage is logged afresh", () => {
    const { log, lines, clock } = outageLog()
    for (let s = 0; s <= 150; s++) {
      clock.now = s * 1000
      log.failed("notify PC1", refused())
    }
    clock.now = 151_000
    log.succeeded()
    clock.now = 200_000
    log.failed("repeat counts", refused())
    expect(lines.map((l) => l.message.slice(0, 80))).toEqual(
      [
        "IOTPay notify inbox: the database is unavailable (notify PC1: connect ECONNREFUSED",
        "IOTPay notify inbox: the database is still unavailable after 60.0 s; 61 writes failed so far (last: notify PC1",
        "IOTPay notify inbox: the database is still unavailable after 120.0 s; 121 writes failed so far (last: notify P",
        "IOTPay notify inbox: the database answers again after 151.0 s; 151 writes failed meanwhile (their notifies w",
        "IOTPay notify inbox: the database is unavailable (repeat counts: connect ECONNREFUSED 127.0.0.1:5432). Notifies",
      ].map((m) => m.slice(0, 80))
    )
  })

  it("a success with no outage logs nothing", () => {
    const { log, lines } = outageLog()
    log.succeeded()
    expect(lines).toEqual([])
  })
})

describe("isInboxOutage (logged once by the inbox, or per notify by the route)", () => {
  it.each([
    ["an unreachable database", refused(), true],
    ["a notify past its deadline", new InboxBusyError("deadline", "not committed within 5000 ms"), true],
    ["a full queue", new InboxBusyError("full", "2000 notifies waiting"), true],
    ["a row Postgres refused", Object.assign(new Error("value too long"), { code: "22001" }), false],
  ])("%s: %s", (_, error, outage) => {
    expect(isInboxOutage(error)).toBe(outage)
  })
})
