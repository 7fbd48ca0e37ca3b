// The sandbox's own MD5 signing (not the client's code) against the published vectors, the data both sides share.
import { SIGNING_VECTORS } from "../../iotpay/__tests__/fixtures"
import { sign, signed, stringToSign, verify } from "../sign"

const KEY = "TESTKEY123"

describe.each(SIGNING_VECTORS)("vector: $name", ({ message, hashed, sign: expected }) => {
  it("builds the published string and sign", () => {
    expect(stringToSign(message, KEY)).toBe(hashed)
    expect(sign(message, KEY)).toBe(expected)
  })

  it("verifies the signed message, in either hex case, and refuses any change", () => {
    expect(verify({ ...message, sign: expected }, KEY)).toBe(true)
    expect(verify({ ...message, sign: expected.toLowerCase() }, KEY)).toBe(true)
    expect(verify({ ...message, sign: expected }, "OTHERKEY")).toBe(false)
    expect(verify({ ...message, extra: "x", sign: expected }, KEY)).toBe(false) // every received field counts
    expect(signed(message, KEY).sign).toBe(expected)
  })
})

describe("verify refuses malformed signs without throwing", () => {
  const { message, sign: good } = SIGNING_VECTORS[1]
  it.each([
    ["missing", undefined],
    ["a number", 123],
    ["31 characters", good.slice(1)],
    ["33 characters", `${good}0`],
    ["32 non-hex characters", "Z".repeat(32)],
    ["32 multi-byte characters", "é".repeat(32)],
    ["empty", ""],
  ])("%s", (_what, bad) => {
    expect(verify({ ...message, sign: bad }, KEY)).toBe(false)
  })

  it("a nested object field makes the message unverifiable, not an exception", () => {
    expect(verify({ ...message, nested: { a: 1 }, sign: good }, KEY)).toBe(false)
    expect(() => sign({ nested: [1] }, KEY)).toThrow(TypeError)
  })

  it("null and undefined fields are dropped like empty strings; 0 is kept", () => {
    expect(stringToSign({ a: null, b: undefined, c: "", d: 0, e: false }, "K")).toBe("d=0&e=false&key=K")
  })
})
