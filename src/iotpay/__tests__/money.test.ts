import { IotpayInvalidRequestError } from "../errors"
import { assertCad, formatCents, fromCents, IOTPAY_CURRENCY, toCents } from "../money"

function invalidField(fn: () => unknown): string[] {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(IotpayInvalidRequestError)
    return (e as IotpayInvalidRequestError).issues.map((i) => i.field)
  }
  throw new Error("expected IotpayInvalidRequestError")
}

describe("toCents", () => {
  it.each([
    [19.99, 1999],
    [0.1 + 0.2, 30],
    [19.990000000000002, 1999],
    [0.01, 1],
    [1, 100],
    [1234567.89, 123456789],
    ["0.01", 1],
    ["19.99", 1999],
    [" 19.9 ", 1990],
    ["19.990000", 1999],
    ["5", 500],
    [".5", 50],
  ])("%p → %p", (input, expected) => {
    expect(toCents(input as number | string)).toBe(expected)
  })

  it("accepts Medusa BigNumber shapes", () => {
    const medusaBigNumber = {
      get numeric() {
        return 19.99
      },
      get raw() {
        return { value: "19.99", precision: 20 }
      },
      toJSON: () => 19.99,
      valueOf: () => 19.99,
    }
    expect(toCents(medusaBigNumber)).toBe(1999)
    expect(toCents({ value: "19.99", precision: 20 })).toBe(1999)
    expect(toCents({ value: "19.99000000000000000000", precision: 20 })).toBe(1999)
    expect(toCents({ toJSON: () => "0.30" })).toBe(30)
    expect(toCents({ numeric: 4.5 })).toBe(450)
    expect(toCents({ toFixed: () => "12.34", toJSON: () => "ignored" })).toBe(1234)
    expect(toCents({ valueOf: () => 7 } as unknown as number)).toBe(700)
  })

  it("rejects a genuine third decimal", () => {
    expect(invalidField(() => toCents(19.999))).toEqual(["amount"])
    expect(invalidField(() => toCents("19.999"))).toEqual(["amount"])
    expect(invalidField(() => toCents("0.001"))).toEqual(["amount"])
    expect(invalidField(() => toCents(1e-7))).toEqual(["amount"])
    expect(invalidField(() => toCents(1.005))).toEqual(["amount"])
    expect(invalidField(() => toCents({ value: "1.005", precision: 20 }))).toEqual(["amount"])
  })

  it("rejects zero, negatives, NaN, Infinity, junk", () => {
    for (const bad of [0, -1, -0.01, "0", "0.00", "-5", NaN, Infinity, -Infinity, "", "abc", "1e3", "1,5", null]) {
      expect(invalidField(() => toCents(bad as number))).toEqual(["amount"])
    }
  })

  it("rejects amounts IOTPay cannot hold", () => {
    expect(invalidField(() => toCents(1e21))).toEqual(["amount"])
    expect(invalidField(() => toCents("21474836.48"))).toEqual(["amount"])
    expect(toCents("21474836.47")).toBe(2147483647)
  })

  it("checks the currency, case-insensitively", () => {
    expect(toCents(1, "cad")).toBe(100)
    expect(toCents(1, "CAD")).toBe(100)
    expect(invalidField(() => toCents(1, "usd"))).toEqual(["currency"])
    expect(() => assertCad("EUR")).toThrow(/CAD/)
    expect(() => assertCad(undefined)).toThrow(IotpayInvalidRequestError)
    expect(IOTPAY_CURRENCY).toBe("CAD")
  })

  it("names the field and the fix in the message", () => {
    expect(() => toCents(19.999)).toThrow(/amount: has more than 2 decimal places/)
  })
})

describe("fromCents / formatCents", () => {
  it.each([
    [1999, "19.99", 19.99],
    [1, "0.01", 0.01],
    [30, "0.30", 0.3],
    [100, "1.00", 1],
    [0, "0.00", 0],
    [-5, "-0.05", -0.05],
    [2147483647, "21474836.47", 21474836.47],
  ])("%p cents", (cents, text, value) => {
    expect(formatCents(cents)).toBe(text)
    expect(fromCents(cents)).toBe(value)
  })
  it("round-trips through toCents", () => {
    for (const c of [1, 7, 99, 1999, 123456789]) expect(toCents(fromCents(c))).toBe(c)
  })
  it("rejects fractional cents", () => {
    expect(() => formatCents(1.5)).toThrow(RangeError)
  })
})
