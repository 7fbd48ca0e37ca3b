import { SIGNING_VECTORS } from "./fixtures"
import { signParams, signingString, verifySignature, withSignature, UnsignableFieldError } from "../sign"

const KEY = "TESTKEY123"

const vectors = SIGNING_VECTORS

describe("IOTPay signing test vectors", () => {
  it.each(vectors.map((v, i) => [i + 1, v] as const))("vector %i: string and sign match", (_n, v) => {
    expect(signingString(v.message, KEY)).toBe(v.hashed)
    expect(signParams(v.message, KEY)).toBe(v.sign)
    expect(verifySignature({ ...v.message, sign: v.sign }, KEY)).toBe(true)
    expect(withSignature(v.message, KEY).sign).toBe(v.sign)
  })

  it("accepts a lower-case received sign", () => {
    const v = vectors[2]
    expect(verifySignature({ ...v.message, sign: v.sign.toLowerCase() }, KEY)).toBe(true)
  })

  it("signs numbers sent as strings the same (form-encoded notifies)", () => {
    const v = vectors[2]
    const asStrings = Object.fromEntries(Object.entries(v.message).map(([k, x]) => [k, String(x)]))
    expect(verifySignature({ ...asStrings, sign: v.sign }, KEY)).toBe(true)
  })
})

describe("tampering is detected", () => {
  const v = vectors[2]
  const signed: Record<string, unknown> = { ...v.message, sign: v.sign }

  it("changed value", () => {
    expect(verifySignature({ ...signed, amount: 1998 }, KEY)).toBe(false)
    expect(verifySignature({ ...signed, status: 9 }, KEY)).toBe(false)
  })
  it("dropped field", () => {
    const { transNum: _t, ...rest } = signed
    expect(verifySignature(rest, KEY)).toBe(false)
  })
  it("added field", () => {
    expect(verifySignature({ ...signed, extra: "x" }, KEY)).toBe(false)
  })
  it("wrong key", () => {
    expect(verifySignature(signed, "TESTKEY124")).toBe(false)
  })
  it("missing, short or non-string sign", () => {
    const { sign: _s, ...unsigned } = signed
    expect(verifySignature(unsigned, KEY)).toBe(false)
    expect(verifySignature({ ...unsigned, sign: "ABC" }, KEY)).toBe(false)
    expect(verifySignature({ ...unsigned, sign: 123 }, KEY)).toBe(false)
  })
  it("a sign that is not exactly 32 hex characters is false, never a throw", () => {
    const { sign: good, ...unsigned } = signed as Record<string, unknown> & { sign: string }
    const bad = [
      "é".repeat(32), // 32 characters, 64 UTF-8 bytes: used to make timingSafeEqual throw
      good.slice(0, 31) + "é",
      good.slice(0, 31) + "\u0000",
      good + "0", // 33
      good.slice(0, 31), // 31
      "G".repeat(32), // 32 non-hex
      "Z" + good.slice(1),
      ` ${good.slice(1)}`,
      good.slice(0, 16) + "😀" + good.slice(18), // 32 UTF-16 units with a surrogate pair
      "",
    ]
    for (const sign of bad) {
      expect(() => verifySignature({ ...unsigned, sign }, KEY)).not.toThrow()
      expect(verifySignature({ ...unsigned, sign }, KEY)).toBe(false)
    }
    expect(verifySignature({ ...unsigned, sign: good }, KEY)).toBe(true)
  })
  it("a nested object makes verification fail, not throw", () => {
    expect(verifySignature({ ...signed, nested: { a: 1 } }, KEY)).toBe(false)
  })
})

describe("sign rules", () => {
  it("skips null, undefined and empty string; keeps 0 and false", () => {
    expect(signingString({ a: null, b: undefined, c: "", d: 0, e: false }, "K")).toBe("d=0&e=false&key=K")
  })
  it("ignores an existing sign field", () => {
    expect(signingString({ a: "1", sign: "X" }, "K")).toBe("a=1&key=K")
    expect(withSignature({ a: "1", sign: "STALE" }, "K").sign).toBe(signParams({ a: "1" }, "K"))
  })
  it("sorts by name in ASCII order", () => {
    expect(signingString({ b: "2", a: "1", C: "3" }, "K")).toBe("C=3&a=1&b=2&key=K")
  })
  it("rejects nested objects and arrays", () => {
    expect(() => signParams({ a: { b: 1 } }, "K")).toThrow(UnsignableFieldError)
    expect(() => signParams({ a: [1] }, "K")).toThrow(/"a"/)
  })
  it("produces 32 upper-case hex chars", () => {
    expect(signParams({ a: "1" }, "K")).toMatch(/^[0-9A-F]{32}$/)
  })
})
