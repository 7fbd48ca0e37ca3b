import { generateEntityId } from "@medusajs/framework/utils"
import { entityId } from "../entity-id"

/** The ULID time of an id's first 10 characters (Crockford base32, most significant first). */
const decodeTime = (ulid: string) =>
  [...ulid.slice(0, 10)].reduce((t, c) => t * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c), 0)

describe("entityId", () => {
  it("has the shape of Medusa's generateEntityId: prefix, underscore, 26 Crockford base32 characters", () => {
    const shape = /^iotntf_[0-9A-HJKMNP-TV-Z]{26}$/
    expect(generateEntityId(undefined, "iotntf")).toMatch(shape)
    for (let i = 0; i < 1000; i++) expect(entityId("iotntf")).toMatch(shape)
  })

  it("starts with the ULID time of its millisecond, so ids sort by creation", () => {
    const at = Date.UTC(2026, 11, 6, 21, 30, 0, 123)
    expect(decodeTime(entityId("x", at).slice(2))).toBe(at)
    expect(entityId("x", at) < entityId("x", at + 1)).toBe(true)
    // Written as Medusa's own ids write their time: between one made just before and one made just after.
    const time = (id: string) => id.slice(2, 12)
    const before = time(generateEntityId(undefined, "x"))
    const ours = time(entityId("x"))
    expect(before <= ours && ours <= time(generateEntityId(undefined, "x"))).toBe(true)
  })

  it("never repeats across many ids in one millisecond, and uses every character of the alphabet", () => {
    const ids = Array.from({ length: 20_000 }, () => entityId("x", 1))
    expect(new Set(ids).size).toBe(ids.length)
    const chars = new Set(ids.flatMap((id) => [...id.slice(12)]))
    expect(chars.size).toBe(32)
  })
})
