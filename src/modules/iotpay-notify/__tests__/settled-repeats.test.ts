import { waitFor } from "../../../__tests__/support"
import { SettledRepeats, type SettledEntry } from "../settled-repeats"

const settled = (id: string, outcome: SettledEntry["outcome"] = "order_created"): SettledEntry => ({
  id,
  deliveries: 2,
  processed_at: new Date(),
  outcome,
})

function counter(flushMs = 10_000) {
  const writes: { id: string; n: number }[][] = []
  const errors: string[] = []
  const repeats = new SettledRepeats(
    async (counts) => {
      writes.push(counts.map(({ id, n }) => ({ id, n })))
    },
    (e) => errors.push(e.message),
    flushMs,
    2
  )
  return { repeats, writes, errors }
}

describe("SettledRepeats (copies of a notify already carried through)", () => {
  const key = SettledRepeats.key("iotpay", "PC1", 2)

  it("knows nothing until Postgres says the row is carried through; unprocessed and failed rows always go to Postgres", () => {
    const { repeats } = counter()
    expect(repeats.count(key)).toBeNull()
    repeats.remember(key, { id: "n1", deliveries: 1, processed_at: null, outcome: null })
    expect(repeats.count(key)).toBeNull()
    repeats.remember(key, settled("n1", "failed"))
    expect(repeats.count(key)).toBeNull()
  })

  it("counts copies in memory and writes them in one batch per row", async () => {
    const { repeats, writes } = counter()
    repeats.remember(key, settled("n1"))
    repeats.remember(SettledRepeats.key("iotpay", "PC2", 2), settled("n2", "already_applied"))
    expect(repeats.count(key)).toMatchObject({ id: "n1", deliveries: 3, outcome: "order_created" })
    expect(repeats.count(key)).toMatchObject({ deliveries: 4 })
    repeats.count(SettledRepeats.key("iotpay", "PC2", 2))
    expect(writes).toEqual([])
    await repeats.flush()
    expect(writes).toEqual([
      [
        { id: "n1", n: 2 },
        { id: "n2", n: 1 },
      ],
    ])
    await repeats.flush()
    expect(writes).toHaveLength(1)
  })

  it("a different status of the same payment is a different notify", () => {
    const { repeats } = counter()
    repeats.remember(key, settled("n1"))
    expect(repeats.count(SettledRepeats.key("iotpay", "PC1", 3))).toBeNull()
    expect(repeats.count(SettledRepeats.key("other", "PC1", 2))).toBeNull()
  })

  it("writes on its own after flushMs, and a failed write is reported, not thrown", async () => {
    const errors: string[] = []
    const repeats = new SettledRepeats(
      async () => {
        throw new Error("connection refused")
      },
      (e) => errors.push(e.message),
      5
    )
    repeats.remember(key, settled("n1"))
    repeats.count(key)
    await waitFor(() => errors.length > 0, "the flush to be reported")
    expect(errors).toEqual(["connection refused"])
  })

  it("keeps at most `capacity` rows, forgetting the oldest", () => {
    const { repeats } = counter()
    const keys = ["PC1", "PC2", "PC3"].map((p) => SettledRepeats.key("iotpay", p, 2))
    keys.forEach((k, i) => repeats.remember(k, settled(`n${i}`)))
    expect(repeats.count(keys[0])).toBeNull()
    expect(repeats.count(keys[1])).not.toBeNull()
    expect(repeats.count(keys[2])).not.toBeNull()
  })

  it("has one write in flight at most: copies counted while it stalls go together in the next write", async () => {
    const writes: { id: string; n: number }[][] = []
    let release: () => void = () => {}
    const repeats = new SettledRepeats(
      (counts) => {
        writes.push(counts.map(({ id, n }) => ({ id, n })))
        return new Promise<void>((r) => (release = r))
      },
      () => {},
      1
    )
    repeats.remember(key, settled("n1"))
    repeats.count(key)
    const first = repeats.flush()
    for (let i = 0; i < 5; i++) {
      repeats.count(key)
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(writes).toEqual([[{ id: "n1", n: 1 }]])
    const all = repeats.flush()
    release()
    await first
    await new Promise((r) => setImmediate(r))
    expect(writes).toEqual([[{ id: "n1", n: 1 }], [{ id: "n1", n: 5 }]])
    release()
    await all
    expect(writes).toHaveLength(2)
  })
})
