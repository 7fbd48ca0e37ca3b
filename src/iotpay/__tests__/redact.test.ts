import {
  IotpayBadResponseError,
  IotpayError,
  IotpayInvalidRequestError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  IotpayUnreachableError,
  isIotpayError,
} from "../errors"
import { maskCardNumber, redactFields, redactText } from "../redact"

const PAN = "4223456789564532"

describe("maskCardNumber", () => {
  it("keeps first 6 and last 4 like IOTPay", () => {
    expect(maskCardNumber(PAN)).toBe("422345******4532")
    expect(maskCardNumber("4223 4567 8956 4532")).toBe("422345******4532")
    expect(maskCardNumber("432567******2266")).toBe("432567******2266")
  })
  it("hides anything that is not a plausible PAN entirely", () => {
    expect(maskCardNumber("1234")).toBe("[redacted]")
    expect(maskCardNumber(undefined)).toBe("[redacted]")
    expect(maskCardNumber("abc")).toBe("[redacted]")
  })
})

describe("redactFields", () => {
  it("removes secrets and masks card numbers, deeply, without touching the input", () => {
    const input = {
      mchId: "10000701",
      secretKey: "SUPERSECRET",
      cvv: "786",
      cardNum: PAN,
      walletData: "eyJ0b2tlbiI6InNlY3JldCJ9",
      sign: "48CBCB7EED812D4358F3E4C8BCA29CA8",
      nested: { cvv: "123", list: [{ CardNum: PAN }], note: `card ${PAN} used` },
    }
    const out = redactFields(input)
    const text = JSON.stringify(out)
    for (const secret of [
      "SUPERSECRET",
      "786",
      PAN,
      "eyJ0b2tlbiI6InNlY3JldCJ9",
      "48CBCB7EED812D4358F3E4C8BCA29CA8",
      '"123"',
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(out.mchId).toBe("10000701")
    expect(out.cardNum).toBe("422345******4532")
    expect(input.cvv).toBe("786")
  })
  it("masks PANs in free text", () => {
    expect(redactText(`card ${PAN} declined`)).toBe("card 422345******4532 declined")
    expect(redactText("order 1234567890abc")).toBe("order 1234567890abc")
  })
})

describe("error classes", () => {
  it("carry kind and endpoint and are recognisable", () => {
    const errors: IotpayError[] = [
      new IotpayRejectedError("cc_refund", "0013 signature error"),
      new IotpayOutcomeUnknownError("cc_void", "timeout", new Error("x")),
      new IotpayUnreachableError("cc_query", "ECONNREFUSED"),
      new IotpayBadResponseError("cc_query", "not JSON", { status: 502 }),
      new IotpayInvalidRequestError("cc_purchase", [{ field: "amount", message: "must be > 0" }]),
    ]
    expect(errors.map((e) => e.kind)).toEqual([
      "rejected",
      "outcome_unknown",
      "unreachable",
      "bad_response",
      "invalid_request",
    ])
    for (const e of errors) {
      expect(isIotpayError(e)).toBe(true)
      expect(e).toBeInstanceOf(Error)
      expect(e.endpoint).toBeTruthy()
    }
    expect(isIotpayError(new Error("x"))).toBe(false)
    expect((errors[1] as IotpayOutcomeUnknownError).cause).toBeInstanceOf(Error)
    expect(errors[1].message).toMatch(/outcome is unknown.*cc_query/)
    expect(errors[2].message).toMatch(/safe to retry/)
    expect((errors[3] as IotpayBadResponseError).status).toBe(502)
    expect(errors[4].message).toMatch(/amount: must be > 0.*nothing was sent|nothing was sent.*amount: must be > 0/i)
  })
  it("never echo a card number from IOTPay's retMsg", () => {
    const e = new IotpayRejectedError("cc_directaddcard", `card ${PAN} declined`, { details: { cvv: "786" } })
    expect(e.message).not.toContain(PAN)
    expect(e.retMsg).not.toContain(PAN)
    expect(JSON.stringify(e.details)).not.toContain("786")
  })
})
