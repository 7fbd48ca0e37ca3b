// The sandbox's own MD5 signing against the published vectors (docs/iotpay-protocol.md, secret TESTKEY123).
import { sign, signed, stringToSign, verify } from "../sign"

const KEY = "TESTKEY123"

const VECTORS: Array<[string, Record<string, unknown>, string, string]> = [
  [
    "cc_purchase (empty subject dropped)",
    {
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
    "amount=1500&channel=PF_CC&currency=CAD&loginName=jack123&mchId=10000701&mchOrderNo=1234567890abc&mchUserId=007&notifyUrl=https://shop.example.com/hooks/iotpay/notify&returnUrl=https://shop.example.com/checkout/iotpay/return&key=TESTKEY123",
    "48CBCB7EED812D4358F3E4C8BCA29CA8",
  ],
  [
    "cc_refund (unsorted input)",
    {
      mchId: "10000701",
      mchRefundNo: "R1234567890abc",
      loginName: "jack_chen",
      refundAmount: 100,
      payOrderId: "PC20240101215009579871439079",
    },
    "loginName=jack_chen&mchId=10000701&mchRefundNo=R1234567890abc&payOrderId=PC20240101215009579871439079&refundAmount=100&key=TESTKEY123",
    "3270580B76737928A0B95583CDD81865",
  ],
  [
    "notify (empty originalOrderId dropped)",
    {
      payOrderId: "PC20240101215009579871439079",
      mchId: "10000701",
      mchOrderNo: "01JD8ZP3XG0B5Q2M7Y4T9K6WAE",
      originalOrderId: "",
      amount: 1999,
      currency: "CAD",
      payType: "pay",
      refundable: 1999,
      status: 2,
      invoiceNum: "000123",
      paySuccTime: "2024-01-01 21:50:09",
      cardNum: "432567******2266",
      cardType: "V",
      expiryDate: "0727",
      authNum: "917290",
      transNum: "66120",
      channel: "PF_CC",
    },
    "amount=1999&authNum=917290&cardNum=432567******2266&cardType=V&channel=PF_CC&currency=CAD&expiryDate=0727&invoiceNum=000123&mchId=10000701&mchOrderNo=01JD8ZP3XG0B5Q2M7Y4T9K6WAE&payOrderId=PC20240101215009579871439079&paySuccTime=2024-01-01 21:50:09&payType=pay&refundable=1999&status=2&transNum=66120&key=TESTKEY123",
    "67FEE6F413EDE8720BB06227AA53648E",
  ],
  [
    "UTF-8 body",
    { body: "Café crème × 2", mchId: "10000701", mchOrderNo: "01JD8ZP3XG0B5Q2M7Y4T9K6WAE", amount: 450 },
    "amount=450&body=Café crème × 2&mchId=10000701&mchOrderNo=01JD8ZP3XG0B5Q2M7Y4T9K6WAE&key=TESTKEY123",
    "BFEBE8DA51218D288CCED074E97A1DE3",
  ],
]

describe.each(VECTORS)("vector: %s", (_name, message, hashed, expected) => {
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
  const message = VECTORS[1][1]
  const good = VECTORS[1][3]
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
