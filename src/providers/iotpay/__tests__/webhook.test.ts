// getWebhookActionAndData: only a notify signed with this merchant's key, for one of this plugin's payments, counts.
import { mchOrderNoForSession, toCents, withSignature } from "../../../iotpay"
import { PAY_RECORD } from "../../../iotpay/__tests__/fixtures"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import {
  CARDS,
  MERCHANT,
  authorizedPayment,
  initiateInput,
  makeProvider,
  paymentId,
  refundId,
  sessionId as newSessionId,
  useProviderSandbox,
} from "./helpers"

const { sandbox, provider } = useProviderSandbox()

/** The record IOTPay would notify for this order, without the sandbox's own fields, unsigned. */
function recordOf(id: string): Record<string, unknown> {
  const { sandbox: _extra, sign: _sign, ...record } = sandbox.order(id) as unknown as Record<string, unknown>
  return record
}

/**
 * A payment's session id and the (unsigned) record IOTPay would notify for it: the published record fixture under
 * this merchant and a session-derived number. getWebhookActionAndData calls no gateway, so no purchase is needed.
 */
function paidNotify(amount: number, card = CARDS.approve) {
  const sessionId = newSessionId()
  const cents = toCents(amount)
  const fields = {
    ...PAY_RECORD,
    mchId: MERCHANT.merchantId,
    mchOrderNo: mchOrderNoForSession(sessionId, 1),
    amount: cents,
    refundable: card === CARDS.decline ? 0 : cents,
    status: card === CARDS.decline ? 9 : 2,
  }
  return { sessionId, fields }
}

/** The webhook payload as Medusa's webhook route hands it over: parsed body, raw body, headers. */
const jsonPayload = (body: Record<string, unknown>) => ({
  data: body,
  rawData: Buffer.from(JSON.stringify(body)),
  headers: { "content-type": "application/json;charset=UTF-8" },
})

const webhook = (payload: unknown, p = provider) => p.getWebhookActionAndData(payload as any)

describe("getWebhookActionAndData", () => {
  it("a correctly signed payment notify: authorized, for the session, in major units", async () => {
    const { sessionId, fields } = paidNotify(24.99)
    const result = await webhook(jsonPayload(withSignature(fields, MERCHANT.secretKey)))
    expect(result).toEqual({ action: "authorized", data: { session_id: sessionId, amount: 24.99 } })
  })

  it("with autoCapture: captured", async () => {
    const { sessionId, fields } = paidNotify(10.05)
    const autoCapture = makeProvider(sandbox, { autoCapture: true })
    const result = await webhook(jsonPayload(withSignature(fields, MERCHANT.secretKey)), autoCapture)
    expect(result).toEqual({ action: "captured", data: { session_id: sessionId, amount: 10.05 } })
  })

  it("the session of a later attempt (new amount) is found too", async () => {
    const input = initiateInput(19.99)
    const first = (await provider.initiatePayment(input)).data
    const { data } = await provider.updatePayment({ ...input, amount: 21, data: first } as any)
    const fields = { ...recordOf((data as IotpaySessionData).mchOrderNo!), status: 2, amount: 2100 }
    const result = await webhook(jsonPayload(withSignature(fields, MERCHANT.secretKey)))
    expect(result).toEqual({ action: "authorized", data: { session_id: input.data.session_id, amount: 21 } })
  })

  it("a signed notify of a declined payment: failed", async () => {
    const { sessionId, fields } = paidNotify(19.99, CARDS.decline)
    const result = await webhook(jsonPayload(withSignature(fields, MERCHANT.secretKey)))
    expect(result).toEqual({ action: "failed", data: { session_id: sessionId, amount: 19.99 } })
  })

  it("a signed record that is still pending: pending", async () => {
    const { data } = await provider.initiatePayment(initiateInput(5))
    const fields = recordOf((data as IotpaySessionData).mchOrderNo!)
    expect((await webhook(jsonPayload(withSignature(fields, MERCHANT.secretKey)))).action).toBe("pending")
  })

  it.each([
    ["signed with another key", (f: Record<string, unknown>) => withSignature(f, "not-the-merchant-key")],
    [
      "altered after signing (amount)",
      (f: Record<string, unknown>) => ({ ...withSignature(f, MERCHANT.secretKey), amount: 1 }),
    ],
    [
      "altered after signing (status)",
      (f: Record<string, unknown>) => ({ ...withSignature(f, MERCHANT.secretKey), status: 9 }),
    ],
    [
      "with an extra field added after signing",
      (f: Record<string, unknown>) => ({ ...withSignature(f, MERCHANT.secretKey), note: "x" }),
    ],
    ["without sign", (f: Record<string, unknown>) => f],
    ["with an empty sign", (f: Record<string, unknown>) => ({ ...f, sign: "" })],
    [
      "for another merchant (correctly signed)",
      (f: Record<string, unknown>) => withSignature({ ...f, mchId: "99999999" }, MERCHANT.secretKey),
    ],
    [
      "without mchId (correctly signed)",
      (f: Record<string, unknown>) => {
        const { mchId: _m, ...rest } = f
        return withSignature(rest, MERCHANT.secretKey)
      },
    ],
  ])("a notify %s: not_supported", async (_name, make) => {
    const { fields } = paidNotify(24.99)
    expect(await webhook(jsonPayload(make(fields)))).toEqual({ action: "not_supported" })
  })

  it("a signed refund record: not_supported (refunds are not payment actions)", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const { data } = await provider.refundPayment({
      data: paid,
      amount: { value: "5.00", precision: 20 },
      context: { idempotency_key: refundId() },
    } as any)
    const refund = recordOf((data as IotpaySessionData).reversals![0].payOrderId!)
    expect(refund.payType).toBe("refund")
    expect(await webhook(jsonPayload(withSignature(refund, MERCHANT.secretKey)))).toEqual({ action: "not_supported" })
  })

  it("a signed void record: not_supported", async () => {
    const paid = await authorizedPayment(provider, 19.99)
    const { data } = await provider.cancelPayment({ data: paid, context: { idempotency_key: paymentId() } } as any)
    const voidRecord = recordOf((data as IotpaySessionData).reversals![0].payOrderId!)
    expect(await webhook(jsonPayload(withSignature(voidRecord, MERCHANT.secretKey)))).toEqual({
      action: "not_supported",
    })
  })

  it("a signed payment whose mchOrderNo this plugin did not make: not_supported", async () => {
    const { fields } = paidNotify(24.99)
    const foreign = withSignature({ ...fields, mchOrderNo: "ORDER-12345" }, MERCHANT.secretKey)
    expect(await webhook(jsonPayload(foreign))).toEqual({ action: "not_supported" })
  })

  it("rawData as Medusa's event bus delivers a Buffer of JSON is what counts (not the parsed data)", async () => {
    const { sessionId, fields } = paidNotify(24.99)
    const signed = withSignature(fields, MERCHANT.secretKey)
    const result = await webhook({
      data: {},
      rawData: Buffer.from(JSON.stringify(signed)),
      headers: { "content-type": "application/json" },
    })
    expect(result).toEqual({ action: "authorized", data: { session_id: sessionId, amount: 24.99 } })
  })

  it("rawData as a form-urlencoded string with its content-type works", async () => {
    const { sessionId, fields } = paidNotify(24.99)
    const signed = withSignature(fields, MERCHANT.secretKey)
    const form = new URLSearchParams(Object.entries(signed).map(([k, v]) => [k, String(v)])).toString()
    const result = await webhook({
      data: Object.fromEntries(new URLSearchParams(form)),
      rawData: form,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    expect(result).toEqual({ action: "authorized", data: { session_id: sessionId, amount: 24.99 } })
  })

  it("a form body holding a single params=<json> field (v1 style) works", async () => {
    const { sessionId, fields } = paidNotify(24.99)
    const form = new URLSearchParams({ params: JSON.stringify(withSignature(fields, MERCHANT.secretKey)) }).toString()
    const result = await webhook({
      data: {},
      rawData: Buffer.from(form),
      headers: { "content-type": ["application/x-www-form-urlencoded"] },
    })
    expect(result).toEqual({ action: "authorized", data: { session_id: sessionId, amount: 24.99 } })
  })

  it("without rawData, the parsed data is used", async () => {
    const { sessionId, fields } = paidNotify(24.99)
    const result = await webhook({ data: withSignature(fields, MERCHANT.secretKey), headers: {} })
    expect(result).toEqual({ action: "authorized", data: { session_id: sessionId, amount: 24.99 } })
  })

  it("a form body altered after signing: not_supported", async () => {
    const { fields } = paidNotify(24.99)
    const signed = withSignature(fields, MERCHANT.secretKey)
    const form = new URLSearchParams(
      Object.entries({ ...signed, amount: 1 }).map(([k, v]) => [k, String(v)])
    ).toString()
    const result = await webhook({ rawData: form, headers: { "content-type": "application/x-www-form-urlencoded" } })
    expect(result).toEqual({ action: "not_supported" })
  })

  it("an empty payload: not_supported", async () => {
    expect(await webhook({ data: {}, headers: {} })).toEqual({ action: "not_supported" })
  })

  it("a body that is not JSON nor a form (garbage): not_supported, no throw", async () => {
    // Anyone can POST to the webhook URL; an undecodable body must be ignored like any other forged notify.
    const result = await webhook({ rawData: Buffer.from("{not json"), headers: { "content-type": "application/json" } })
    expect(result).toEqual({ action: "not_supported" })
  })
})
