import { signingString, signParams, verifySignature } from "../../sign"
import { encodeV1Body, signV1Message } from "../wire"
import { ALL_VECTORS, CREATE_WX_NATIVE, NOTIFY, V1_KEY } from "./vectors"

describe("v1 signing: docs/iotpay-v1-protocol.md §13 vectors", () => {
  it.each(Object.entries(ALL_VECTORS))("%s: string to sign and sign", (_name, v) => {
    expect(signingString(v.input, V1_KEY)).toBe(v.string)
    expect(signParams(v.input, V1_KEY)).toBe(v.sign)
  })

  it("create_order WX_NATIVE: the wire body is params=<url-encoded JSON>, empties left out", () => {
    const body = encodeV1Body(signV1Message(CREATE_WX_NATIVE.input, V1_KEY))
    expect(body).toBe(CREATE_WX_NATIVE.wire)
    const decoded = JSON.parse(new URLSearchParams(body).get("params") as string)
    expect(decoded).not.toHaveProperty("param2")
    expect(decoded.sign).toBe(CREATE_WX_NATIVE.sign)
  })

  it("a body whose subject carries & + % survives form decoding intact", () => {
    const input = { ...CREATE_WX_NATIVE.input, subject: "A&B + 100% =x" }
    const signed = signV1Message(input, V1_KEY)
    const back = JSON.parse(new URLSearchParams(encodeV1Body(signed)).get("params") as string)
    expect(back.subject).toBe("A&B + 100% =x")
    expect(verifySignature(back, V1_KEY)).toBe(true)
  })

  it("a notify verifies over every field received; an extra field or a changed amount breaks it", () => {
    const fields = { ...NOTIFY.input, sign: NOTIFY.sign }
    expect(verifySignature(fields, V1_KEY)).toBe(true)
    expect(verifySignature({ ...fields, amount: "1" }, V1_KEY)).toBe(false)
    expect(verifySignature({ ...fields, added: "x" }, V1_KEY)).toBe(false)
    expect(verifySignature({ ...fields, sign: NOTIFY.sign.toLowerCase() }, V1_KEY)).toBe(true)
  })

  it("zero is kept (signed), only empty strings and null are dropped", () => {
    expect(signingString({ status: 0, a: "", b: null }, "K")).toBe("status=0&key=K")
  })
})
