// authorizePayment, capturePayment, retrievePayment, getPaymentStatus: IOTPay's record mapped to Medusa's statuses.
import { MedusaError } from "@medusajs/framework/utils"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import {
  CARDS,
  authorizedPayment,
  failure,
  initiateAndPay,
  initiateInput,
  makeProvider,
  paymentId,
  useProviderSandbox,
} from "./helpers"

const { sandbox, provider } = useProviderSandbox()

const unpaidSession = async (amount = 19.99) =>
  (await provider.initiatePayment(initiateInput(amount))).data as IotpaySessionData

const cancel = (data: IotpaySessionData) =>
  provider.cancelPayment({ data, context: { idempotency_key: paymentId() } } as any)

describe("authorizePayment", () => {
  it("before the shopper pays: pending", async () => {
    const data = await unpaidSession()
    const result = await provider.authorizePayment({ data } as any)
    expect(result.status).toBe("pending")
    expect(result.data).toMatchObject({ mchOrderNo: data.mchOrderNo, iotpayStatus: 0 })
  })

  it("after the shopper paid on the hosted page: authorized, with IOTPay's ids and the masked card", async () => {
    const data = await initiateAndPay(provider, 19.99, CARDS.approve)
    const result = await provider.authorizePayment({ data } as any)
    const out = result.data as IotpaySessionData
    const record = sandbox.order(data.mchOrderNo!)!

    expect(result.status).toBe("authorized")
    expect(out.payOrderId).toBe(record.payOrderId)
    expect(out.payOrderId).toMatch(/^PC\d{26}$/)
    expect(out).toMatchObject({
      session_id: data.session_id,
      mchOrderNo: data.mchOrderNo,
      amountCents: 1999,
      iotpayStatus: 2,
      refundable: 1999,
      cardNum: "424242******4242",
      cardType: "V",
      authNum: record.authNum,
      captured: false,
    })
    expect(JSON.stringify(out)).not.toContain(CARDS.approve)
  })

  it("a card that approves without a notify is still authorized (the provider asks IOTPay)", async () => {
    const data = await initiateAndPay(provider, 7.5, CARDS.approveNoNotify)
    const result = await provider.authorizePayment({ data } as any)
    expect(result.status).toBe("authorized")
    expect((result.data as IotpaySessionData).payOrderId).toBe(sandbox.order(data.mchOrderNo!)!.payOrderId)
  })

  it("with autoCapture: captured", async () => {
    const autoCapture = makeProvider(sandbox, { autoCapture: true })
    const data = await initiateAndPay(autoCapture, 12.34)
    const result = await autoCapture.authorizePayment({ data } as any)
    expect(result.status).toBe("captured")
    expect(result.data).toMatchObject({ captured: true, iotpayStatus: 2 })
  })

  it("a declined card: throws an authorization error that says declined", async () => {
    const data = await initiateAndPay(provider, 19.99, CARDS.decline)
    const error = await failure(provider.authorizePayment({ data } as any))
    expect(error).toBeInstanceOf(MedusaError)
    expect((error as MedusaError).type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    expect(error.message).toMatch(/declined/)
    expect(error.message).toContain(data.mchOrderNo!)
  })

  it("an amount that differs from the session's: error, never authorized", async () => {
    const data = await initiateAndPay(provider, 19.99)
    const tampered = { ...data, amountCents: 999 }
    const result = await provider.authorizePayment({ data: tampered } as any)
    expect(result.status).toBe("error")
    expect(String((result.data as any).mismatch)).toMatch(/1999 cents differs from the session's 999 cents/)
    expect((result.data as IotpaySessionData).captured).toBeUndefined()
  })

  it("data without mchOrderNo: pending, no throw", async () => {
    for (const data of [{}, { session_id: "payses_01JD8ZP3XG0B5Q2M7Y4T9K6WAE" }, undefined]) {
      const result = await provider.authorizePayment({ data } as any)
      expect(result.status).toBe("pending")
    }
  })

  it("an mchOrderNo IOTPay has never seen: pending", async () => {
    const result = await provider.authorizePayment({ data: { mchOrderNo: "01JD8ZP3XG0B5Q2M7Y4T9K6WAE-9" } } as any)
    expect(result.status).toBe("pending")
  })
})

describe("capturePayment", () => {
  it("after authorization: captured, IOTPay's ids kept", async () => {
    const data = await authorizedPayment(provider, 19.99)
    const result = await provider.capturePayment({ data, context: { idempotency_key: "capt_1" } } as any)
    expect(result.data).toMatchObject({
      captured: true,
      payOrderId: data.payOrderId,
      mchOrderNo: data.mchOrderNo,
      session_id: data.session_id,
      amountCents: 1999,
      refundable: 1999,
    })
  })

  it("after a void at IOTPay: refuses with a clear error", async () => {
    const data = await authorizedPayment(provider, 19.99)
    await cancel(data)
    const error = await failure(provider.capturePayment({ data } as any))
    expect(error).toBeInstanceOf(MedusaError)
    expect(error.message).toContain(data.payOrderId!)
    expect(error.message).toMatch(/can't be captured/)
    expect(error.message).toMatch(/nothing is left of it at IOTPay/)
    expect(error.message).toMatch(/voided or fully refunded/)
  })

  it("a payment the shopper never paid: refuses", async () => {
    const data = await unpaidSession()
    const error = await failure(provider.capturePayment({ data } as any))
    expect(error.message).toMatch(/can't be captured/)
  })

  it("a session IOTPay holds no payment for: NOT_ALLOWED, says so", async () => {
    for (const data of [{}, { session_id: "payses_01JD8ZP3XG0B5Q2M7Y4T9K6WAE", payOrderId: "PC1" }]) {
      const error = await failure(provider.capturePayment({ data } as any))
      expect((error as MedusaError).type).toBe(MedusaError.Types.NOT_ALLOWED)
      expect(error.message).toMatch(/IOTPay holds no payment for this session/)
    }
  })

  it("a payOrderId tampered with in the data: confirms the session's own payment, never the other one", async () => {
    const mine = await authorizedPayment(provider, 19.99)
    const other = await authorizedPayment(provider, 50)
    const { data } = await provider.capturePayment({ data: { ...mine, payOrderId: other.payOrderId } } as any)
    expect(data).toMatchObject({ payOrderId: mine.payOrderId, captured: true, refundable: 1999 })
  })
})

describe("retrievePayment", () => {
  it("unpaid: IOTPay's pending record", async () => {
    const data = await unpaidSession()
    const { data: out } = await provider.retrievePayment({ data } as any)
    expect(out).toMatchObject({ mchOrderNo: data.mchOrderNo, iotpayStatus: 0, amountCents: 1999 })
  })

  it("paid: the payment's record, masked card only", async () => {
    const data = await initiateAndPay(provider, 19.99)
    const { data: out } = await provider.retrievePayment({ data } as any)
    expect(out).toMatchObject({
      payOrderId: sandbox.order(data.mchOrderNo!)!.payOrderId,
      iotpayStatus: 2,
      refundable: 1999,
      cardNum: "424242******4242",
    })
  })

  it("declined: status 9", async () => {
    const data = await initiateAndPay(provider, 19.99, CARDS.decline)
    expect((await provider.retrievePayment({ data } as any)).data).toMatchObject({ iotpayStatus: 9 })
  })

  it("voided: nothing left to refund", async () => {
    const data = await authorizedPayment(provider, 19.99)
    const { data: canceled } = await cancel(data)
    const { data: out } = await provider.retrievePayment({ data: canceled } as any)
    expect(out).toMatchObject({ iotpayStatus: 2, refundable: 0, canceled: true, payOrderId: data.payOrderId })
  })

  it("a session IOTPay holds no payment for: a clear NOT_ALLOWED error", async () => {
    for (const data of [{}, { session_id: "payses_01JD8ZP3XG0B5Q2M7Y4T9K6WAE" }]) {
      const error = await failure(provider.retrievePayment({ data } as any))
      expect((error as MedusaError).type).toBe(MedusaError.Types.NOT_ALLOWED)
      expect(error.message).toMatch(/IOTPay holds no payment for this session/)
    }
  })
})

describe("getPaymentStatus", () => {
  const statusOf = async (data: unknown, p = provider) => (await p.getPaymentStatus({ data } as any)).status

  it("no IOTPay ids yet: pending", async () => {
    expect(await statusOf({})).toBe("pending")
    expect(await statusOf(undefined)).toBe("pending")
  })

  it("unpaid: pending", async () => {
    expect(await statusOf(await unpaidSession())).toBe("pending")
  })

  it("paid: authorized (from the session data, before authorizePayment stored payOrderId)", async () => {
    expect(await statusOf(await initiateAndPay(provider, 19.99))).toBe("authorized")
  })

  it("authorized, then captured", async () => {
    const data = await authorizedPayment(provider, 19.99)
    expect(await statusOf(data)).toBe("authorized")
    const { data: captured } = await provider.capturePayment({ data } as any)
    expect(await statusOf(captured)).toBe("captured")
  })

  it("autoCapture: captured", async () => {
    const autoCapture = makeProvider(sandbox, { autoCapture: true })
    const data = await initiateAndPay(autoCapture, 3)
    const { data: authorized } = await autoCapture.authorizePayment({ data } as any)
    expect(await statusOf(authorized, autoCapture)).toBe("captured")
  })

  it("declined: error", async () => {
    const result = await provider.getPaymentStatus({
      data: await initiateAndPay(provider, 19.99, CARDS.decline),
    } as any)
    expect(result.status).toBe("error")
    expect(result.data).toMatchObject({ iotpayStatus: 9 })
  })

  it("amount differs from the session's: error", async () => {
    const data = await initiateAndPay(provider, 19.99)
    expect(await statusOf({ ...data, amountCents: 1 })).toBe("error")
  })

  it("canceled (voided): canceled", async () => {
    const data = await authorizedPayment(provider, 19.99)
    const { data: canceled } = await cancel(data)
    expect(await statusOf(canceled)).toBe("canceled")
  })

  it("an mchOrderNo IOTPay has never seen: pending", async () => {
    expect(await statusOf({ mchOrderNo: "01JD8ZP3XG0B5Q2M7Y4T9K6WAE-7" })).toBe("pending")
  })
})
