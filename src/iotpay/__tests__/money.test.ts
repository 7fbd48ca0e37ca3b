import { IotpayInvalidRequestError } from "../errors"
import {
  addDecimal,
  assertCad,
  compareDecimal,
  decimalAmount,
  formatCents,
  fromCents,
  IOTPAY_CURRENCY,
  exceedsCharged,
  refundCents,
  toCents,
} from "../money"

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

  // Documented rule: more than 2 decimals (tax, percentage promotions) are rounded HALF-UP to the cent, exactly.
  it("rounds a third decimal and beyond half-up to the nearest cent", () => {
    expect(toCents(19.999)).toBe(2000)
    expect(toCents("19.999")).toBe(2000)
    expect(invalidField(() => toCents("0.001"))).toEqual(["amount"]) // rounds to 0 cents
    expect(invalidField(() => toCents(1e-7))).toEqual(["amount"]) // "1e-7" → 0 cents
    expect(toCents(1.005)).toBe(101) // String(1.005) is "1.005": the text, not the binary double, is rounded
    expect(toCents({ value: "1.005", precision: 20 })).toBe(101)
  })

  it.each([
    ["28.2387", 2824],
    ["28.238700000000001", 2824],
    ["12.3456789", 1235],
    ["0.125", 13],
    ["0.1249999", 12],
    ["0.005", 1],
    ["0.00499999999999999999999", 0],
    ["19.99", 1999],
    ["19.994999999999999999", 1999],
    ["19.995", 2000],
    ["1.015", 102],
    ["2.675", 268],
    ["21474836.474999", 2147483647],
    ["+3.333", 333],
    ["007.50", 750],
    ["5.", 500],
  ])("half-up, exactly: %p → %p cents", (input, expected) => {
    if (expected === 0) expect(invalidField(() => toCents(input))).toEqual(["amount"])
    else expect(toCents(input)).toBe(expected)
  })

  it("rounds JS numbers from their shortest round-trip text (floats never used)", () => {
    expect(toCents(19.99 + 5.0)).toBe(2499)
    expect(toCents((19.99 + 5.0) * 1.13)).toBe(2824) // 28.238699999999998
    expect(toCents(28.2387)).toBe(2824)
    expect(toCents(1.255)).toBe(126) // the double is 1.25499999999999989..., its text 1.255
    expect(toCents(0.615)).toBe(62)
    expect(toCents(1.5e-2)).toBe(2)
    expect(toCents(5e-3)).toBe(1)
    expect(toCents(1e20 / 1e14)).toBe(100000000)
  })

  it("handles exponent notation of JS numbers exactly, refuses it in text clearly", () => {
    expect(String(1e-7)).toBe("1e-7")
    expect(() => toCents(1e-7)).toThrow(/amount: is less than half a cent/)
    expect(() => toCents(4.9e-7)).toThrow(/less than half a cent/)
    expect(() => toCents(1e21)).toThrow(/amount: is too large/)
    expect(() => toCents(1.5e300)).toThrow(/amount: is too large/)
    expect(() => toCents("1e2")).toThrow(/amount: is in exponent notation/)
    expect(() => toCents({ value: "1.0000000000000000000e-7", precision: 20 })).toThrow(/exponent notation/)
  })

  it("Medusa BigNumber raw values with long decimals", () => {
    expect(toCents({ raw: { value: "28.238700000000000000", precision: 20 }, numeric: 28.2387 } as never)).toBe(2824)
    expect(toCents({ value: "12.3456789", precision: 20 })).toBe(1235)
    expect(toCents({ toJSON: () => 0.125 })).toBe(13)
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
    expect(() => toCents("0.004")).toThrow(/amount: is less than half a cent/)
    expect(() => toCents(-1)).toThrow(/amount: must be greater than 0/)
    expect(() => toCents(0)).toThrow(/amount: must be greater than 0/)
    expect(() => toCents(NaN)).toThrow(/amount: must be a finite number/)
    expect(() => toCents("1,5")).toThrow(/amount: is not a decimal number/)
    expect(() => toCents("21474836.475")).toThrow(/amount: is too large; IOTPay's maximum is 21474836.47 CAD/)
  })

  it("refuses a negative amount even when it would round to 0", () => {
    expect(() => toCents("-0.001")).toThrow(/must be greater than 0/)
    expect(() => toCents("-0")).toThrow(/must be greater than 0/)
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

describe("decimalAmount / addDecimal / compareDecimal", () => {
  it.each([
    ["28.2387", "28.2387"],
    ["28.238700000000000000", "28.2387"],
    [" 019.990 ", "19.99"],
    ["+5", "5"],
    ["5.", "5"],
    [".5", "0.5"],
    ["0.000", "0"],
    ["-0", "0"],
    ["-1.50", "-1.5"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1e-7, "0.0000001"],
    [1.5e-7, "0.00000015"],
    [1e21, "1000000000000000000000"],
    [{ value: "12.3456789", precision: 20 }, "12.3456789"],
    [{ raw: { value: "10.000100000000000000" } }, "10.0001"],
  ])("decimalAmount(%p) → %p", (input, expected) => {
    expect(decimalAmount(input as never)).toBe(expected)
  })

  it("refuses what is not a number", () => {
    for (const bad of [NaN, Infinity, "abc", "", "1e3", null, undefined]) {
      expect(invalidField(() => decimalAmount(bad as never))).toEqual(["amount"])
    }
  })

  it("adds exactly", () => {
    expect(addDecimal("10.0001", "10.0001")).toBe("20.0002")
    expect(addDecimal("0.1", "0.2")).toBe("0.3")
    expect(addDecimal("20.0002", "8.2385")).toBe("28.2387")
    expect(addDecimal("0", "9.4129")).toBe("9.4129")
    expect(addDecimal("1.5", "-1.5")).toBe("0")
    expect(addDecimal("99999999999999999999.99", "0.01")).toBe("100000000000000000000")
  })

  it("compares exactly", () => {
    expect(compareDecimal("1.50", 1.5)).toBe(0)
    expect(compareDecimal("28.2386", "28.2387")).toBe(-1)
    expect(compareDecimal("28.23870000000000000001", "28.2387")).toBe(1)
    expect(compareDecimal("-1", "0")).toBe(-1)
    expect(compareDecimal("10", "9.999")).toBe(1)
  })
})

describe("refundCents", () => {
  /** Refunds `parts` of a payment of `charged`, in order, the way the provider would; returns the cents per refund. */
  function refundSeries(charged: string, parts: string[]): number[] {
    const chargedCents = toCents(charged)
    let refundedAmount = "0"
    let refundedCents = 0
    return parts.map((amount) => {
      const cents = refundCents({ chargedCents, chargedAmount: charged, refundedAmount, refundedCents, amount })
      refundedAmount = addDecimal(refundedAmount, amount)
      refundedCents += cents
      return cents
    })
  }
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)

  it("28.2387 charged (2824 cents): 10.0001 + 10.0001 + 8.2385 refunds exactly 2824", () => {
    const cents = refundSeries("28.2387", ["10.0001", "10.0001", "8.2385"])
    expect(cents).toEqual([1000, 1000, 824])
    expect(sum(cents)).toBe(2824)
  })

  it("3 × 9.4129 refunds exactly 2824", () => {
    const cents = refundSeries("28.2387", ["9.4129", "9.4129", "9.4129"])
    expect(cents).toEqual([941, 942, 941]) // 9.4129 → 941, 18.8258 → 1883, the rest 2824 − 1883
    expect(sum(cents)).toBe(2824)
  })

  it("a single full refund returns the cents charged; Medusa BigNumbers are accepted", () => {
    expect(
      refundCents({
        chargedCents: 2824,
        chargedAmount: { value: "28.238700000000000000", precision: 20 },
        refundedAmount: "0",
        refundedCents: 0,
        amount: { raw: { value: "28.238700000000000000", precision: 20 } },
      })
    ).toBe(2824)
  })

  it("never more than what is left, even when asked for more", () => {
    expect(
      refundCents({
        chargedCents: 2824,
        chargedAmount: "28.2387",
        refundedAmount: "20",
        refundedCents: 2000,
        amount: "50",
      })
    ).toBe(824)
  })

  it("refuses a refund that is less than a cent once rounded cumulatively, and one with nothing left", () => {
    const base = { chargedCents: 2824, chargedAmount: "28.2387", refundedAmount: "10", refundedCents: 1000 }
    expect(() => refundCents({ ...base, amount: "0.004" })).toThrow(/amount: 0.004 is less than a cent/)
    expect(refundCents({ ...base, amount: "0.005" })).toBe(1)
    expect(() => refundCents({ ...base, amount: "0" })).toThrow(/amount: must be greater than 0/)
    expect(() => refundCents({ ...base, amount: "-1" })).toThrow(/amount: must be greater than 0/)
    expect(() => refundCents({ ...base, refundedAmount: "28.2387", refundedCents: 2824, amount: "1" })).toThrow(
      /already been refunded/
    )
  })

  it("names bad bookkeeping inputs", () => {
    const base = { chargedCents: 2824, chargedAmount: "28.2387", refundedAmount: "0", refundedCents: 0, amount: "1" }
    expect(invalidField(() => refundCents({ ...base, chargedCents: 0 }))).toEqual(["chargedCents"])
    expect(invalidField(() => refundCents({ ...base, chargedCents: 1.5 }))).toEqual(["chargedCents"])
    expect(invalidField(() => refundCents({ ...base, refundedCents: -1 }))).toEqual(["refundedCents"])
    expect(invalidField(() => refundCents({ ...base, refundedAmount: "abc" }))).toEqual(["refundedAmount"])
    expect(invalidField(() => refundCents({ ...base, refundedAmount: "-1" }))).toEqual(["refundedAmount"])
    expect(invalidField(() => refundCents({ ...base, chargedAmount: "0" }))).toEqual(["chargedAmount"])
  })

  it("property: any split of the amount charged refunds exactly the cents charged, each refund ≥ 1 cent", () => {
    // Deterministic PRNG so a failure is reproducible.
    let seed = 0x2f6b1d3
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed % n
    }
    const text = (units: number, scale: number) => {
      const digits = String(units).padStart(scale + 1, "0")
      return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`
    }
    for (let run = 0; run < 2000; run++) {
      const scale = 2 + rand(5) // 2..6 decimals
      const unit = 10 ** scale
      const chargedUnits = unit / 100 + rand(500 * unit) // ≥ 0.01
      const charged = text(chargedUnits, scale)
      const chargedCents = toCents(charged)

      // Split into 1..8 parts; parts may be tiny (below a cent), which the rule may refuse.
      const cuts = Array.from({ length: rand(8) }, () => rand(chargedUnits)).sort((a, b) => a - b)
      const bounds = [0, ...cuts, chargedUnits]
      const parts = bounds
        .slice(1)
        .map((b, i) => b - bounds[i])
        .filter((u) => u > 0)
        .map((u) => text(u, scale))

      let refundedAmount = "0"
      let refundedCents = 0
      let pending = "0" // a refused (sub-cent) refund is added to the next one, as a shop would retry it
      for (const part of parts) {
        const amount = addDecimal(pending, part)
        let cents: number
        try {
          cents = refundCents({ chargedCents, chargedAmount: charged, refundedAmount, refundedCents, amount })
        } catch (e) {
          // A sub-cent refund, or the last sub-cent remainder once every cent charged is already back.
          expect((e as Error).message).toMatch(/less than a cent|already been refunded/)
          if (/already been refunded/.test((e as Error).message)) expect(refundedCents).toBe(chargedCents)
          pending = amount
          continue
        }
        expect(cents).toBeGreaterThanOrEqual(1)
        expect(cents).toBeLessThanOrEqual(chargedCents - refundedCents)
        // Cumulative rounding: the cents refunded so far always equal the rounded exact total refunded so far.
        refundedAmount = addDecimal(refundedAmount, amount)
        refundedCents += cents
        if (compareDecimal(refundedAmount, charged) < 0) expect(refundedCents).toBe(toCentsOrZero(refundedAmount))
        pending = "0"
      }
      expect(addDecimal(refundedAmount, pending)).toBe(decimalAmount(charged))
      expect(refundedCents).toBe(chargedCents)
    }
  })
})

function toCentsOrZero(amount: string): number {
  try {
    return toCents(amount)
  } catch {
    return 0
  }
}

describe("exceedsCharged (the one over-refund rule, cards and wallets)", () => {
  const charged = { chargedCents: 2824, chargedAmount: "28.2387" }
  it("lets a total that only exceeds the amount charged by rounding through", () => {
    expect(exceedsCharged({ ...charged, refundedAmount: "0", amount: "28.24" })).toBe(false)
    expect(exceedsCharged({ ...charged, refundedAmount: "20", amount: "8.2387" })).toBe(false)
  })
  it("refuses a total that rounds above the cents charged", () => {
    expect(exceedsCharged({ ...charged, refundedAmount: "20", amount: "8.25" })).toBe(true)
    expect(exceedsCharged({ ...charged, refundedAmount: "28.2387", amount: "0.01" })).toBe(true)
  })
})
