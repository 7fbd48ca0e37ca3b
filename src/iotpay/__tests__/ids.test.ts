import { IotpayInvalidRequestError } from "../errors"
import { mchOrderNoForSession, mchRefundNoFor, newCardId, parseMchRefundNo, sessionIdFromMchOrderNo } from "../ids"

const ULID = "01JD8ZP3XG0B5Q2M7Y4T9K6WAE"

describe("mchOrderNoForSession", () => {
  it("uses the session's ULID and the attempt", () => {
    expect(mchOrderNoForSession(`payses_${ULID}`)).toBe(`${ULID}-1`)
    expect(mchOrderNoForSession(`payses_${ULID}`, 42)).toBe(`${ULID}-42`)
  })
  it("stays within 30 characters at the highest attempt", () => {
    const no = mchOrderNoForSession(`payses_${ULID}`, 999)
    expect(no).toBe(`${ULID}-999`)
    expect(no.length).toBe(30)
  })
  it("round-trips", () => {
    for (const attempt of [1, 9, 10, 999]) {
      expect(sessionIdFromMchOrderNo(mchOrderNoForSession(`payses_${ULID}`, attempt))).toEqual({
        sessionId: `payses_${ULID}`,
        attempt,
      })
    }
  })
  it("rejects attempts outside 1..999", () => {
    for (const bad of [0, -1, 1000, 1.5, NaN]) {
      expect(() => mchOrderNoForSession(`payses_${ULID}`, bad)).toThrow(IotpayInvalidRequestError)
    }
  })
  it("digests ids that are not <prefix>_<ULID>, deterministically and within 30 chars", () => {
    for (const id of ["session-123", "payses_notaulid", "x".repeat(200), "payses_01jd8zp3xg0b5q2m7y4t9k6wae"]) {
      const a = mchOrderNoForSession(id, 999)
      expect(a.length).toBeLessThanOrEqual(30)
      expect(a).toBe(mchOrderNoForSession(id, 999))
      expect(a).toMatch(/^Z[0-9A-HJKMNP-TV-Z]{25}-999$/)
      expect(sessionIdFromMchOrderNo(a)).toBeNull() // not reversible: the provider stores it instead
    }
    expect(mchOrderNoForSession("a")).not.toBe(mchOrderNoForSession("b"))
  })
  it("rejects empty ids", () => {
    expect(() => mchOrderNoForSession("")).toThrow(IotpayInvalidRequestError)
  })
  it("parses only its own format", () => {
    for (const bad of [
      "",
      "1234567890abc",
      `${ULID}`,
      `${ULID}-0`,
      `${ULID}-1000`,
      `${ULID}-01`,
      `8${ULID.slice(1)}-1`,
    ]) {
      expect(sessionIdFromMchOrderNo(bad)).toBeNull()
    }
  })
})

describe("mchRefundNoFor", () => {
  it("prefixes the kind letter to the ULID (27 chars)", () => {
    expect(mchRefundNoFor("refund", `ref_${ULID}`)).toBe(`R${ULID}`)
    expect(mchRefundNoFor("void", `pay_${ULID}`)).toBe(`V${ULID}`)
    expect(mchRefundNoFor("cancel_refund", `ref_${ULID}`)).toBe(`C${ULID}`)
    expect(mchRefundNoFor("refund", `ref_${ULID}`).length).toBe(27)
  })
  it("is deterministic, also for digest fallbacks", () => {
    expect(mchRefundNoFor("refund", "weird id")).toBe(mchRefundNoFor("refund", "weird id"))
    expect(mchRefundNoFor("refund", "weird id").length).toBe(27)
    expect(mchRefundNoFor("refund", "weird id")).not.toBe(mchRefundNoFor("void", "weird id"))
  })
  it("parses back", () => {
    expect(parseMchRefundNo(`V${ULID}`)).toEqual({ kind: "void", ulid: ULID })
    expect(parseMchRefundNo(mchRefundNoFor("refund", "weird id"))).toEqual({ kind: "refund", ulid: null })
    expect(parseMchRefundNo("R1234567890abc")).toBeNull()
  })
  it("rejects unknown kinds", () => {
    expect(() => mchRefundNoFor("chargeback" as "refund", `ref_${ULID}`)).toThrow(IotpayInvalidRequestError)
  })
})

describe("newCardId", () => {
  it("is 30 chars of CD + base32 and never repeats", () => {
    const ids = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const id = newCardId()
      expect(id).toMatch(/^CD[0-9A-HJKMNP-TV-Z]{28}$/)
      ids.add(id)
    }
    expect(ids.size).toBe(1000)
  })
})
