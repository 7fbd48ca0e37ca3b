import { OutcomeBatch, type Outcome } from "../outcome-batch"

/** A write that holds each statement until the test releases (or fails) it, recording what it was asked to write. */
function heldWrite() {
  const statements: Outcome[][] = []
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = []
  const write = (outcomes: Outcome[]) =>
    new Promise<void>((resolve, reject) => {
      statements.push(outcomes)
      pending.push({ resolve, reject })
    })
  const settle = async (how: "resolve" | "reject") => {
    const next = pending.shift()!
    if (how === "resolve") next.resolve()
    else next.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"))
    await new Promise((r) => setImmediate(r))
  }
  return { write, statements, settle }
}

const v = (id: string, outcome: Outcome["outcome"] = "ignored"): Outcome => ({ id, outcome, detail: null })

describe("OutcomeBatch (group commit of the subscriber's verdicts)", () => {
  it("writes a lone verdict at once, and those arriving while a statement is in flight together in the next", async () => {
    const { write, statements, settle } = heldWrite()
    const batch = new OutcomeBatch(write, 1)
    const done: string[] = []
    const first = batch.submit(v("a")).then(() => done.push("a"))
    expect(statements).toEqual([[v("a")]])
    const later = ["b", "c", "d"].map((id) => batch.submit(v(id)).then(() => done.push(id)))
    expect(statements).toHaveLength(1)
    await settle("resolve")
    await first
    expect(done).toEqual(["a"]) // b, c, d are not answered before their own statement commits
    expect(statements[1]).toEqual([v("b"), v("c"), v("d")])
    await settle("resolve")
    await Promise.all(later)
    expect(done).toEqual(["a", "b", "c", "d"])
  })

  it("two verdicts for one row in a batch: one VALUES entry, order_created kept over a later one", async () => {
    const { write, statements, settle } = heldWrite()
    const batch = new OutcomeBatch(write, 1)
    const first = batch.submit(v("x"))
    const both = [batch.submit(v("y", "order_created")), batch.submit(v("y", "already_applied"))]
    const last = [batch.submit(v("z", "failed")), batch.submit(v("z", "not_applied"))]
    await settle("resolve")
    await first
    expect(statements[1]).toEqual([v("y", "order_created"), v("z", "not_applied")])
    await settle("resolve")
    await Promise.all([...both, ...last])
  })

  it("a failed statement rejects each of its callers, and the next statement still goes", async () => {
    const { write, statements, settle } = heldWrite()
    const batch = new OutcomeBatch(write, 1)
    const first = batch.submit(v("a"))
    const second = batch.submit(v("b"))
    await settle("reject")
    await expect(first).rejects.toThrow("ECONNREFUSED")
    expect(statements[1]).toEqual([v("b")])
    await settle("resolve")
    await expect(second).resolves.toBeUndefined()
  })
})
