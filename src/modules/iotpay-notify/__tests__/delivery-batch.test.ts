import { DeliveryBatch, InboxBusyError } from "../delivery-batch"
import type { SettledEntry } from "../settled-repeats"

type Sent = { key: string; row: string; n: number }[]

/** An upsert that holds each statement until the test releases it, recording what it was asked to write. */
function heldUpsert(refuse: (rows: Sent) => boolean = () => false) {
  const statements: Sent[] = []
  const releases: (() => void)[] = []
  const upsert = (rows: Sent) =>
    new Promise<Map<string, SettledEntry>>((resolve, reject) => {
      statements.push(rows)
      releases.push(() => {
        if (refuse(rows)) {
          reject(new Error(`value too long for row ${rows.map((r) => r.row).join(",")}`))
          return
        }
        resolve(
          new Map(
            rows.map(({ key, n }) => [key, { id: `id-${key}`, deliveries: n, processed_at: null, outcome: null }])
          )
        )
      })
    })
  const releaseAll = async () => {
    while (releases.length) {
      releases.shift()!()
      await new Promise((r) => setImmediate(r))
    }
  }
  return { upsert, statements, releaseAll }
}

describe("DeliveryBatch (group commit of first deliveries)", () => {
  it("sends a lone delivery at once, and the ones arriving while statements are in flight together in the next", async () => {
    const { upsert, statements, releaseAll } = heldUpsert()
    const batch = new DeliveryBatch<string>(upsert, { maxInFlight: 1 })
    const first = batch.submit({ key: "a", row: "A" })
    expect(statements).toEqual([[{ key: "a", row: "A", n: 1 }]])
    const later = ["b", "c", "d"].map((k) => batch.submit({ key: k, row: k.toUpperCase() }))
    expect(statements).toHaveLength(1)
    await releaseAll()
    expect(statements).toHaveLength(2)
    expect(statements[1].map((r) => r.key)).toEqual(["b", "c", "d"])
    await expect(first).resolves.toMatchObject({ id: "id-a" })
    await expect(Promise.all(later)).resolves.toEqual(
      ["b", "c", "d"].map((k) => expect.objectContaining({ id: `id-${k}` }))
    )
  })

  it("copies of one row in a batch are one VALUES entry with their count, and every copy gets the row", async () => {
    const { upsert, statements, releaseAll } = heldUpsert()
    const batch = new DeliveryBatch<string>(upsert, { maxInFlight: 1 })
    void batch.submit({ key: "x", row: "X" })
    const copies = [1, 2, 3].map(() => batch.submit({ key: "a", row: "A" }))
    await releaseAll()
    expect(statements[1]).toEqual([{ key: "a", row: "A", n: 3 }])
    expect((await Promise.all(copies)).map((e) => e.id)).toEqual(["id-a", "id-a", "id-a"])
  })

  it("no caller is answered before the statement holding its row has returned", async () => {
    const { upsert, releaseAll } = heldUpsert()
    const batch = new DeliveryBatch<string>(upsert, { maxInFlight: 1 })
    let answered = false
    void batch.submit({ key: "a", row: "A" }).then(() => (answered = true))
    await new Promise((r) => setImmediate(r))
    expect(answered).toBe(false)
    await releaseAll()
    expect(answered).toBe(true)
  })

  it("a refused row fails only its own callers: the batch is retried row by row", async () => {
    const { upsert, statements, releaseAll } = heldUpsert((rows) => rows.some((r) => r.row === "BAD"))
    const batch = new DeliveryBatch<string>(upsert, { maxInFlight: 1 })
    void batch.submit({ key: "x", row: "X" })
    const good = batch.submit({ key: "a", row: "A" })
    const bad = batch.submit({ key: "b", row: "BAD" }).catch((e: Error) => e)
    const alsoGood = batch.submit({ key: "c", row: "C" })
    await releaseAll()
    await expect(good).resolves.toMatchObject({ id: "id-a" })
    await expect(alsoGood).resolves.toMatchObject({ id: "id-c" })
    expect(await bad).toEqual(new Error("value too long for row BAD"))
    expect(statements.map((s) => s.map((r) => r.key).join(""))).toEqual(["x", "abc", "a", "b", "c"])
  })

  it("a statement that answers no row for a key fails that key's callers with what happened", async () => {
    const batch = new DeliveryBatch<string>(async () => new Map())
    await expect(batch.submit({ key: "iotpay\u0000PC1\u00002", row: "A" })).rejects.toThrow(
      "the inbox upsert returned no row for notify iotpay/PC1/2"
    )
  })

  it("keeps at most maxInFlight statements and maxRows rows per statement", async () => {
    const { upsert, statements, releaseAll } = heldUpsert()
    const batch = new DeliveryBatch<string>(upsert, { maxInFlight: 2, maxRows: 2 })
    const all = ["a", "b", "c", "d", "e", "f"].map((k) => batch.submit({ key: k, row: k }))
    expect(statements.map((s) => s.length)).toEqual([1, 1])
    await releaseAll()
    expect(statements.map((s) => s.length)).toEqual([1, 1, 2, 2])
    await expect(Promise.all(all)).resolves.toHaveLength(6)
  })

  describe("when the database is slow or gone", () => {
    afterEach(() => jest.useRealTimers())

    it("answers a caller whose row is not committed by the deadline, and drops a queued row nobody waits for", async () => {
      jest.useFakeTimers()
      const { upsert, statements, releaseAll } = heldUpsert()
      const batch = new DeliveryBatch<string>(upsert, { maxInFlight: 1, deadlineMs: 5000 })
      const inFlight = batch.submit({ key: "a", row: "A" }).catch((e: Error) => e)
      const queued = batch.submit({ key: "b", row: "B" }).catch((e: Error) => e)
      jest.advanceTimersByTime(4999)
      expect(batch.size).toBe(2)
      jest.advanceTimersByTime(1)
      for (const answer of [await inFlight, await queued]) {
        expect(answer).toBeInstanceOf(InboxBusyError)
        expect(answer).toMatchObject({
          reason: "deadline",
          message: "the notify's row was not committed within 5000 ms",
        })
      }
      expect(batch.size).toBe(0)
      jest.useRealTimers()
      await releaseAll()
      // b was never sent: its notify was answered 503 and IOTPay resends it.
      expect(statements.map((s) => s.map((r) => r.key).join(""))).toEqual(["a"])
      const next = batch.submit({ key: "c", row: "C" })
      await releaseAll()
      await expect(next).resolves.toMatchObject({ id: "id-c" })
    })

    it("refuses at once when maxWaiting callers wait, and takes callers again once they are answered", async () => {
      const { upsert, releaseAll } = heldUpsert()
      const batch = new DeliveryBatch<string>(upsert, { maxInFlight: 1, maxWaiting: 2 })
      const waiting = [batch.submit({ key: "a", row: "A" }), batch.submit({ key: "a", row: "A" })]
      await expect(batch.submit({ key: "b", row: "B" })).rejects.toMatchObject({
        name: "InboxBusyError",
        reason: "full",
        message: "the inbox has 2 notifies waiting for the database already",
      })
      await releaseAll()
      await expect(Promise.all(waiting)).resolves.toHaveLength(2)
      const later = batch.submit({ key: "b", row: "B" })
      await releaseAll()
      await expect(later).resolves.toMatchObject({ id: "id-b" })
    })

    it.each([
      [
        "a refused connection",
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      ],
      [
        "knex's pool timeout",
        new Error(
          "Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?"
        ),
      ],
      [
        "Postgres shutting down",
        Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      ],
    ])("fails a whole batch on %s, without a row-by-row retry", async (_, failure) => {
      const statements: string[] = []
      const batch = new DeliveryBatch<string>(
        async (rows) => {
          statements.push(rows.map((r) => r.key).join(""))
          if (statements.length === 1) await new Promise((r) => setImmediate(r))
          throw failure
        },
        { maxInFlight: 1 }
      )
      const answers = ["x", "a", "b", "c"].map((k) => batch.submit({ key: k, row: k }).catch((e: Error) => e))
      expect(await Promise.all(answers)).toEqual([failure, failure, failure, failure])
      expect(statements).toEqual(["x", "abc"])
      expect(batch.size).toBe(0)
    })
  })
})
