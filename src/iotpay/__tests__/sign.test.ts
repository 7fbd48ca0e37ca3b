import { PAY_RECORD } from "./fixtures"
import { signParams, signingString, verifySignature, withSignature, UnsignableFieldError } from "../sign"

const KEY = "TESTKEY123"

// The four published signing vectors (docs/iotpay-protocol.md), verbatim.
const vectors: { message: Record<string, unknown>; hashed: string; sign: string }[] = [
  {
    message: {
      amount: 1500,
      channel: "PF_CC",
      currency: "CAD",
      loginName: "jack123",
      mchId: "10000701",
      mchOrderNo: "1234567890abc",
      mchUserId: "007",
      notifyUrl: "https://shop.example.com/hooks/iotpay/notify",
      returnUrl: "https://shop.example.com/checkout/iotpay/return",
      subject: "",
    },
    hashed:
      "amount=1500&channel=PF_CC&currency=CAD&loginName=jack123&mchId=10000701&mchOrderNo=1234567890abc&mchUserId=007&notifyUrl=https://shop.example.com/hooks/iotpay/notify&returnUrl=https://shop.example.com/checkout/iotpay/return&key=TESTKEY123",
    sign: "48CBCB7EED812D4358F3E4C8BCA29CA8",
  },
  {
    message: {
      mchId: "10000701",
      mchRefundNo: "R1234567890abc",
      loginName: "jack_chen",
      refundAmount: 100,
      payOrderId: "PC20240101215009579871439079",
    },
    hashed:
      "loginName=jack_chen&mchId=10000701&mchRefundNo=R1234567890abc&payOrderId=PC20240101215009579871439079&refundAmount=100&key=TESTKEY123",
    sign: "3270580B76737928A0B95583CDD81865",
  },
  {
    message: PAY_RECORD,
    hashed:
      "amount=1999&authNum=917290&cardNum=432567******2266&cardType=V&channel=PF_CC&currency=CAD&expiryDate=0727&invoiceNum=000123&mchId=10000701&mchOrderNo=01JD8ZP3XG0B5Q2M7Y4T9K6WAE&payOrderId=PC20240101215009579871439079&paySuccTime=2024-01-01 21:50:09&payType=pay&refundable=1999&status=2&transNum=66120&key=TESTKEY123",
    sign: "67FEE6F413EDE8720BB06227AA53648E",
  },
  {
    message: { body: "Café crème × 2", mchId: "10000701", mchOrderNo: "01JD8ZP3XG0B5Q2M7Y4T9K6WAE", amount: 450 },
    hashed: "amount=450&body=Café crème × 2&mchId=10000701&mchOrderNo=01JD8ZP3XG0B5Q2M7Y4T9K6WAE&key=TESTKEY123",
    sign: "BFEBE8DA51218D288CCED074E97A1DE3",
  },
]

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
