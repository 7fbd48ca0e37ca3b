// Money rules of cc_refund and cc_void: limits, settlement, idempotent mchRefundNo, refund notifies.
import { IotpayRejectedError, verifySignature, type OrderRecord } from "../../iotpay"
import { TEST_CARDS } from "../index"
import { control, MERCHANT, payHosted, startHarness, startNotifyReceiver, uid, waitFor, type Harness } from "./helpers"
import { failure } from "../../__tests__/support"

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

async function paidOrder(harness = h, amount = 1000, notifyUrl?: string): Promise<OrderRecord> {
  const { mchOrderNo } = await payHosted(harness, TEST_CARDS.visa.number, {
    amount,
    ...(notifyUrl ? { notifyUrl } : {}),
  })
  return harness.client.query({ mchOrderNo })
}

/** IOTPay's reason for refusing the call. */
async function rejection(p: Promise<unknown>): Promise<string> {
  const err = await failure(p)
  expect(err).toBeInstanceOf(IotpayRejectedError)
  return (err as IotpayRejectedError).retMsg
}

describe("cc_refund", () => {
  it("partial refunds lower refundable down to 0, then a further refund is refused", async () => {
    const paid = await paidOrder()
    const r1 = await h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo: uid("R"), refundAmount: 300 })
    expect(r1).toMatchObject({
      payType: "refund",
      originalOrderId: paid.payOrderId,
      amount: 300,
      refundable: 700,
      status: 2,
      currency: "CAD",
      cardNum: paid.cardNum,
    })
    expect(r1.payOrderId).toMatch(/^RP\d{26}$/)
    expect((await h.client.query({ payOrderId: paid.payOrderId })).refundable).toBe(700)

    expect(
      await rejection(h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo: uid("R"), refundAmount: 701 }))
    ).toBe("refund amount exceeds refundable amount")
    const r2 = await h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo: uid("R"), refundAmount: 700 })
    expect(r2.refundable).toBe(0)
    expect(
      await rejection(h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo: uid("R"), refundAmount: 1 }))
    ).toBe("refund amount exceeds refundable amount")
    expect(h.sb.order(paid.payOrderId)?.sandbox.reversals).toEqual([r1.payOrderId, r2.payOrderId])
  })

  it("the refund record is found by its payOrderId and by its mchRefundNo (as mchOrderNo)", async () => {
    const paid = await paidOrder()
    const mchRefundNo = uid("R")
    const refund = await h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo, refundAmount: 100 })
    expect(await h.client.query({ payOrderId: refund.payOrderId })).toMatchObject({
      mchOrderNo: mchRefundNo,
      amount: 100,
    })
    expect(await h.client.query({ mchOrderNo: mchRefundNo })).toMatchObject({ payOrderId: refund.payOrderId })
  })

  it("a repeated mchRefundNo with the same parameters returns the first refund; different ones FAIL", async () => {
    const paid = await paidOrder()
    const mchRefundNo = uid("R")
    const first = await h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo, refundAmount: 250 })
    const again = await h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo, refundAmount: 250 })
    expect(again).toEqual(first)
    expect((await h.client.query({ payOrderId: paid.payOrderId })).refundable).toBe(750) // money moved once
    expect(await rejection(h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo, refundAmount: 251 }))).toBe(
      "mchRefundNo already used"
    )
    const other = await paidOrder()
    expect(await rejection(h.client.refund({ payOrderId: other.payOrderId, mchRefundNo, refundAmount: 250 }))).toBe(
      "mchRefundNo already used"
    )
    expect(await rejection(h.client.void({ payOrderId: paid.payOrderId, mchRefundNo }))).toBe(
      "mchRefundNo already used"
    )
  })

  it("refuses refunds of an unpaid or declined order", async () => {
    const declined = await payHosted(h, TEST_CARDS.declined.number)
    const record = await h.client.query({ mchOrderNo: declined.mchOrderNo })
    expect(
      await rejection(h.client.refund({ payOrderId: record.payOrderId, mchRefundNo: uid("R"), refundAmount: 1 }))
    ).toBe("order not paid")
    expect(await rejection(h.client.void({ payOrderId: record.payOrderId, mchRefundNo: uid("V") }))).toBe(
      "order not paid"
    )
  })

  it("refundBeforeSettlement: false refuses unsettled refunds until settled", async () => {
    const strict = await startHarness({ refundBeforeSettlement: false })
    try {
      const paid = await paidOrder(strict)
      expect(
        await rejection(strict.client.refund({ payOrderId: paid.payOrderId, mchRefundNo: uid("R"), refundAmount: 100 }))
      ).toBe("transaction not settled yet, use void")
      const { json } = await control(strict.sb, "POST", "settle", { payOrderId: paid.payOrderId })
      expect(json).toEqual({ settled: [paid.payOrderId] })
      const refund = await strict.client.refund({
        payOrderId: paid.payOrderId,
        mchRefundNo: uid("R"),
        refundAmount: 100,
      })
      expect(refund.refundable).toBe(900)
    } finally {
      await strict.close()
    }
  })

  it("notifies refunds to the original purchase's notifyUrl", async () => {
    const receiver = await startNotifyReceiver()
    try {
      const paid = await paidOrder(h, 1000, receiver.url)
      const refund = await h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo: uid("R"), refundAmount: 400 })
      const n = await waitFor(() => receiver.received.find((x) => x.payOrderId === refund.payOrderId), "refund notify")
      expect(n).toMatchObject({ payType: "refund", originalOrderId: paid.payOrderId, amount: 400, refundable: 600 })
      expect(verifySignature(n, MERCHANT.secretKey)).toBe(true)
    } finally {
      await receiver.close()
    }
  })
})

describe("cc_void", () => {
  it("before settlement: full reversal, refundable 0, no refund or second void afterwards; idempotent retry", async () => {
    const paid = await paidOrder()
    const mchRefundNo = uid("V")
    const v = await h.client.void({ payOrderId: paid.payOrderId, mchRefundNo })
    expect(v).toMatchObject({
      payType: "refund",
      amount: 1000,
      refundable: 0,
      status: 2,
      originalOrderId: paid.payOrderId,
      mchOrderNo: mchRefundNo,
    })
    expect(v.payOrderId).toMatch(/^RP/)
    expect((await h.client.query({ payOrderId: paid.payOrderId })).refundable).toBe(0)
    expect(await h.client.void({ payOrderId: paid.payOrderId, mchRefundNo })).toEqual(v)
    expect(await rejection(h.client.void({ payOrderId: paid.payOrderId, mchRefundNo: uid("V") }))).toBe(
      "transaction already voided"
    )
    expect(
      await rejection(h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo: uid("R"), refundAmount: 1 }))
    ).toBe("transaction already voided")
    // A voided payment has nothing to settle.
    expect((await control(h.sb, "POST", "settle", { payOrderId: paid.payOrderId })).json).toEqual({ settled: [] })
  })

  it("after settlement: FAIL 'transaction already settled, use refund'", async () => {
    const paid = await paidOrder()
    const { json } = await control(h.sb, "POST", "settle", {})
    expect(json.settled).toContain(paid.payOrderId)
    expect(h.sb.order(paid.payOrderId)?.sandbox.settled).toBe(true)
    expect(await rejection(h.client.void({ payOrderId: paid.payOrderId, mchRefundNo: uid("V") }))).toBe(
      "transaction already settled, use refund"
    )
    expect(
      (await h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo: uid("R"), refundAmount: 1000 })).refundable
    ).toBe(0)
  })

  it("refused once a partial refund happened", async () => {
    const paid = await paidOrder()
    await h.client.refund({ payOrderId: paid.payOrderId, mchRefundNo: uid("R"), refundAmount: 10 })
    expect(await rejection(h.client.void({ payOrderId: paid.payOrderId, mchRefundNo: uid("V") }))).toBe(
      "transaction already refunded, use refund"
    )
  })

  it("autoSettleMs settles payments by itself", async () => {
    const auto = await startHarness({ autoSettleMs: 100 })
    try {
      const paid = await paidOrder(auto)
      await waitFor(() => auto.sb.order(paid.payOrderId)?.sandbox.settled, "the payment to settle by itself")
      expect(await rejection(auto.client.void({ payOrderId: paid.payOrderId, mchRefundNo: uid("V") }))).toBe(
        "transaction already settled, use refund"
      )
    } finally {
      await auto.close()
    }
  })

  it("settle answers 409 for an unknown or unpaid payment", async () => {
    expect((await control(h.sb, "POST", "settle", { payOrderId: "PC000" })).status).toBe(409)
  })
})

describe("a refund made in IOTPay's portal (POST /_sandbox/portal/refund)", () => {
  it("lowers refundable like cc_refund, under a number the merchant never made; bad specs are 400, refusals 409", async () => {
    const paid = await paidOrder()
    const { status, json } = await control(h.sb, "POST", "portal/refund", { mchOrderNo: paid.mchOrderNo, amount: 250 })
    expect(status).toBe(200)
    expect(json).toMatchObject({ payType: "refund", originalOrderId: paid.payOrderId, amount: 250, status: 2 })
    expect(String(json.mchOrderNo)).toMatch(/^PORTAL[0-9A-F]{12}$/)
    expect((await h.client.query({ payOrderId: paid.payOrderId })).refundable).toBe(750)
    expect(h.sb.portalRefund({ payOrderId: paid.payOrderId, amount: 50 }).amount).toBe(50)
    expect((await h.client.query({ payOrderId: paid.payOrderId })).refundable).toBe(700)

    expect(await control(h.sb, "POST", "portal/refund", { payOrderId: paid.payOrderId, amount: 1.5 })).toEqual({
      status: 400,
      json: { error: "amount must be a positive whole number of cents" },
    })
    expect(await control(h.sb, "POST", "portal/refund", { amount: 100 })).toMatchObject({ status: 400 })
    expect(await control(h.sb, "POST", "portal/refund", { payOrderId: paid.payOrderId, amount: 701 })).toEqual({
      status: 409,
      json: { error: "refund amount exceeds refundable amount" },
    })
    expect((await control(h.sb, "POST", "portal/refund", { payOrderId: "PC404", amount: 1 })).status).toBe(409)
  })
})
