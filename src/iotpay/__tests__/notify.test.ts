import { IotpayBadResponseError } from "../errors"
import { decodeNotifyBody, parseNotify } from "../notify"
import { withSignature } from "../sign"
import { PAY_RECORD, PAY_RECORD_SIGN } from "./fixtures"

const KEY = "TESTKEY123"
const expected = { merchantId: "10000701", secretKey: KEY }
// README vector 3.
const fields = { ...PAY_RECORD, sign: PAY_RECORD_SIGN }

describe("parseNotify", () => {
  it("accepts the README vector", () => {
    const r = parseNotify(fields, expected)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.record).toMatchObject({ payOrderId: fields.payOrderId, amount: 1999, status: 2 })
  })
  it("verifies over fields IOTPay added later", () => {
    const extended = withSignature({ ...fields, newThing: "v2" }, KEY)
    const r = parseNotify(extended, expected)
    expect(r.ok && r.record.newThing).toBe("v2")
  })
  it("rejects tampering, foreign merchants and bad shapes", () => {
    expect(parseNotify({ ...fields, amount: 1 }, expected)).toMatchObject({ ok: false, reason: /signature/ })
    expect(parseNotify({ ...fields, extra: "x" }, expected).ok).toBe(false)
    const { sign: _s, ...unsigned } = fields
    expect(parseNotify(unsigned, expected)).toMatchObject({ ok: false, reason: /no sign/ })
    expect(parseNotify(fields, { ...expected, secretKey: "OTHER" }).ok).toBe(false)
    expect(parseNotify(fields, { ...expected, merchantId: "10000702" })).toMatchObject({
      ok: false,
      reason: /merchant/,
    })
    const badShape = withSignature({ ...fields, status: "paid" }, KEY)
    expect(parseNotify(badShape, expected)).toMatchObject({ ok: false, reason: /status/ })
  })
  it("never leaks the secret in a reason", () => {
    const r = parseNotify({ ...fields, amount: 1 }, expected)
    expect(JSON.stringify(r)).not.toContain(KEY)
  })
})

describe("decodeNotifyBody", () => {
  const json = JSON.stringify(fields)
  const form = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString()

  it("decodes JSON (string and Buffer)", () => {
    expect(decodeNotifyBody(json, "application/json")).toEqual(fields)
    expect(decodeNotifyBody(Buffer.from(json), "application/json;charset=UTF-8")).toEqual(fields)
    expect(decodeNotifyBody(json)).toEqual(fields)
  })
  it("decodes a form body, which then verifies", () => {
    const decoded = decodeNotifyBody(form, "application/x-www-form-urlencoded")
    expect(decoded.amount).toBe("1999")
    expect(decoded.paySuccTime).toBe("2024-01-01 21:50:09")
    expect(parseNotify(decoded, expected).ok).toBe(true)
  })
  it("decodes v1 params=<json>", () => {
    const body = "params=" + encodeURIComponent(json)
    expect(decodeNotifyBody(body, "application/x-www-form-urlencoded")).toEqual(fields)
  })
  it("falls back to the query string when the body is empty", () => {
    const query = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]))
    const decoded = decodeNotifyBody("", undefined, query)
    expect(parseNotify(decoded, expected).ok).toBe(true)
    expect(decodeNotifyBody(undefined, undefined, { params: json })).toEqual(fields)
  })
  it("refuses undecodable bodies", () => {
    expect(() => decodeNotifyBody("{not json", "application/json")).toThrow(IotpayBadResponseError)
    expect(() => decodeNotifyBody("[1,2]", "application/json")).toThrow(IotpayBadResponseError)
    expect(() => decodeNotifyBody("a=1&a=2")).toThrow(/more than once/)
    expect(() => decodeNotifyBody("", undefined, {})).toThrow(IotpayBadResponseError)
  })
})
