import { collectV1NotifyFields, parseV1Notify, readV1Notify, V1_NOTIFY_ACK } from "../notify"
import { NOTIFY, V1_KEY } from "./vectors"

const EXPECTED = { merchantId: "10000701", secretKey: V1_KEY }
const SIGNED = { ...NOTIFY.input, sign: NOTIFY.sign }
const query = (o: Record<string, unknown>) => new URLSearchParams(o as Record<string, string>).toString()

describe("v1 notify: transports, merged", () => {
  it("the ack is lower-case success", () => expect(V1_NOTIFY_ACK).toBe("success"))

  it.each([
    ["GET, all in the query string", { method: "GET", query: `?${query(SIGNED)}` }],
    [
      "POST, query string + sign in a form body",
      (() => {
        const { sign, ...rest } = SIGNED
        return {
          method: "POST",
          query: query(rest),
          body: `sign=${sign}`,
          contentType: "application/x-www-form-urlencoded",
        }
      })(),
    ],
    ["POST, form body", { method: "POST", body: query(SIGNED), contentType: "application/x-www-form-urlencoded" }],
    ["POST, JSON body", { method: "POST", body: JSON.stringify(SIGNED), contentType: "application/json" }],
    [
      "POST, params=<json>",
      { method: "POST", body: new URLSearchParams({ params: JSON.stringify(SIGNED) }).toString() },
    ],
    [
      "POST, a framework's parsed body and query",
      { method: "POST", query: { ...SIGNED, sign: undefined }, body: { sign: NOTIFY.sign } },
    ],
    ["a Buffer body", { method: "POST", body: Buffer.from(query(SIGNED)) }],
  ])("%s: verified and read", (_name, req) => {
    const r = readV1Notify(req as Parameters<typeof readV1Notify>[0], EXPECTED)
    expect(r).toMatchObject({
      ok: true,
      notify: { payOrderId: NOTIFY.input.payOrderId, amount: 1999, status: 2, backType: 2, paySuccTime: 1704145809000 },
    })
  })

  it("the same field with two different values in query and body is refused (which was signed?)", () => {
    expect(() => collectV1NotifyFields({ query: query(SIGNED), body: "amount=1" })).toThrow(/differs/)
    expect(() => collectV1NotifyFields({ query: "a=1&a=2" })).toThrow(/more than once/)
    expect(readV1Notify({ query: query(SIGNED), body: query(SIGNED) }, EXPECTED).ok).toBe(true)
  })

  it("PUT, nothing at all, or broken JSON: not a notify", () => {
    expect(readV1Notify({ method: "PUT", body: query(SIGNED) }, EXPECTED)).toMatchObject({ ok: false })
    expect(readV1Notify({ method: "POST" }, EXPECTED)).toMatchObject({ ok: false, reason: /no fields/ })
    expect(readV1Notify({ body: "{oops", contentType: "application/json" }, EXPECTED)).toMatchObject({ ok: false })
  })
})

describe("v1 notify: trust", () => {
  it.each([
    ["no sign", { ...NOTIFY.input }, /no sign/],
    ["a sign that is not 32 hex characters", { ...SIGNED, sign: "XYZ" }, /signature/],
    ["a 33-character sign", { ...SIGNED, sign: `${NOTIFY.sign}0` }, /signature/],
    ["an altered amount", { ...SIGNED, amount: "1" }, /signature/],
    ["a field added after signing", { ...SIGNED, status: "2", extraField: "x" }, /signature/],
    ["another key", { ...SIGNED }, /signature/, "OTHERKEY"],
  ])("%s → refused", (_n, fields, reason, key = V1_KEY) => {
    expect(parseV1Notify(fields, { ...EXPECTED, secretKey: key })).toMatchObject({ ok: false, reason })
  })

  it("another merchant's correctly signed notify → refused", () => {
    expect(parseV1Notify(SIGNED, { merchantId: "999", secretKey: V1_KEY })).toMatchObject({
      ok: false,
      reason: /merchant/,
    })
  })
})
