// The hosted card page: what the shopper sees, where they are sent back to, what cc_query and the notify say.
import { IotpayRejectedError, verifySignature } from "../../iotpay"
import { TEST_CARDS } from "../index"
import {
  MERCHANT,
  payHosted,
  purchaseInput,
  queryOf,
  startHarness,
  startNotifyReceiver,
  submitCard,
  waitFor,
  type Harness,
  type NotifyReceiver,
} from "./helpers"

let h: Harness
let receiver: NotifyReceiver
beforeAll(async () => {
  h = await startHarness({ upiDelayMs: 300 })
  receiver = await startNotifyReceiver()
})
afterAll(async () => {
  await h.close()
  await receiver.close()
})

describe("cc_purchase and the page", () => {
  it("creates a pending order (status 0) and serves a plain form with the documented field names", async () => {
    const input = purchaseInput({ amount: 2599 })
    const { redirectUrl } = await h.client.purchase(input)
    const pending = await h.client.query({ mchOrderNo: input.mchOrderNo })
    expect(pending).toMatchObject({ status: 0, amount: 2599, currency: "CAD", payType: "pay", refundable: 0 })
    expect(pending.payOrderId).toMatch(/^PC\d{26}$/)

    const page = await fetch(redirectUrl)
    expect(page.status).toBe(200)
    const html = await page.text()
    for (const field of ["cardNum", "expiryDate", "cvv", "holder"]) {
      expect(html).toContain(`name="${field}" id="${field}"`)
    }
    expect(html).toContain('id="submit"')
    expect(html).toContain("CAD 25.99")
  })

  it("approves a Visa: 303 to returnUrl with mchOrderNo, retCode, status; record complete and signed; notify sent", async () => {
    const input = purchaseInput({ notifyUrl: receiver.url })
    const { redirectUrl } = await h.client.purchase(input)
    const res = await submitCard(redirectUrl, { cardNum: TEST_CARDS.visa.number, expiryDate: "1299" })
    expect(res.status).toBe(303)
    expect(res.location?.startsWith(`${input.returnUrl}?`)).toBe(true)
    expect(queryOf(res.location)).toEqual({ mchOrderNo: input.mchOrderNo, retCode: "SUCCESS", status: "2" })

    const record = await h.client.query({ mchOrderNo: input.mchOrderNo })
    expect(record).toMatchObject({
      mchId: MERCHANT.merchantId,
      status: 2,
      amount: 1500,
      refundable: 1500,
      payType: "pay",
      cardNum: "424242******4242",
      cardType: "V",
      expiryDate: "1299",
      channel: "PF_CC",
    })
    expect(record.authNum).toMatch(/^\d{6}$/)
    expect(record.invoiceNum).toMatch(/^\d+$/)
    expect(record.transNum).toMatch(/^\d+$/)
    expect(record.paySuccTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)

    const notify = await waitFor(() => receiver.received.find((n) => n.mchOrderNo === input.mchOrderNo), "notify")
    expect(verifySignature(notify, MERCHANT.secretKey)).toBe(true)
    expect(notify).toMatchObject({
      payOrderId: record.payOrderId,
      status: 2,
      payType: "pay",
      cardNum: "424242******4242",
    })
  })

  it("approves a Mastercard with cardType M", async () => {
    const { mchOrderNo, result } = await payHosted(h, TEST_CARDS.mastercard.number)
    expect(result.retCode).toBe("SUCCESS")
    expect(await h.client.query({ mchOrderNo })).toMatchObject({
      status: 2,
      cardType: "M",
      cardNum: "555555******4444",
    })
  })

  it.each([
    ["declined card", TEST_CARDS.declined.number, "card declined"],
    ["insufficient funds", TEST_CARDS.insufficientFunds.number, "insufficient funds"],
    ["unknown Luhn-valid card", "4111111111111111", "card not supported in sandbox"],
  ])("%s: FAIL redirect with retMsg, status 9, no notify", async (_what, cardNum, retMsg) => {
    const before = receiver.received.length
    const { mchOrderNo, result } = await payHosted(h, cardNum, { notifyUrl: receiver.url })
    expect(result).toEqual({ mchOrderNo, retCode: "FAIL", status: "9", retMsg })
    expect(await h.client.query({ mchOrderNo })).toMatchObject({ status: 9, refundable: 0 })
    await new Promise((r) => setTimeout(r, 100))
    expect(receiver.received.length).toBe(before)
  })

  it("appends with & when returnUrl already has a query, keeping a fragment last", async () => {
    const { result, mchOrderNo } = await payHosted(h, TEST_CARDS.visa.number, {
      returnUrl: "https://shop.example.com/return?cart=c1&x=%20y#top",
    })
    expect(result).toMatchObject({ cart: "c1", x: " y", mchOrderNo, retCode: "SUCCESS" })
    const input = purchaseInput({ returnUrl: "https://shop.example.com/r?cart=c2" })
    const { redirectUrl } = await h.client.purchase(input)
    const res = await submitCard(redirectUrl, { cardNum: TEST_CARDS.visa.number })
    expect(res.location).toBe(
      `https://shop.example.com/r?cart=c2&mchOrderNo=${input.mchOrderNo}&retCode=SUCCESS&status=2`
    )
  })

  it.each([
    ["a bad card number", { cardNum: "4242424242424241" }, "invalid card number"],
    ["a past expiry", { cardNum: TEST_CARDS.visa.number, expiryDate: "0121" }, "card expired"],
    ["a malformed expiry", { cardNum: TEST_CARDS.visa.number, expiryDate: "1399" }, "invalid expiry date (MMYY)"],
    ["a 2-digit cvv", { cardNum: TEST_CARDS.visa.number, cvv: "12" }, "invalid cvv"],
    ["no holder", { cardNum: TEST_CARDS.visa.number, holder: " " }, "card holder name is required"],
  ])("re-renders the form on %s, charges nothing, and the page stays usable", async (_what, card, message) => {
    const input = purchaseInput()
    const { redirectUrl } = await h.client.purchase(input)
    const bad = await submitCard(redirectUrl, card)
    expect(bad.status).toBe(422)
    expect(bad.html).toContain(message)
    expect(bad.html).toContain('id="cardNum"')
    expect(bad.html).not.toContain("4242424242424241") // the entered number is not echoed back
    expect(await h.client.query({ mchOrderNo: input.mchOrderNo })).toMatchObject({ status: 0 })
    const good = await submitCard(redirectUrl, { cardNum: TEST_CARDS.visa.number })
    expect(good.status).toBe(303)
  })

  it("shows an error page for a used secureId and for an unknown one", async () => {
    const { redirectUrl } = await h.client.purchase(purchaseInput())
    expect((await submitCard(redirectUrl, { cardNum: TEST_CARDS.visa.number })).status).toBe(303)
    const again = await fetch(redirectUrl)
    expect(again.status).toBe(409)
    expect(await again.text()).toContain("already been used")
    const unknown = await fetch(`${h.sb.url}/hosted/pay/${"ab".repeat(32)}`)
    expect(unknown.status).toBe(404)
  })

  it("answers 410 for an expired secureId (secureIdTtlMs)", async () => {
    const short = await startHarness({ secureIdTtlMs: 50 })
    try {
      const { redirectUrl } = await short.client.purchase(purchaseInput())
      await new Promise((r) => setTimeout(r, 80))
      const page = await fetch(redirectUrl)
      expect(page.status).toBe(410)
      expect(await page.text()).toContain("expired")
      expect((await submitCard(redirectUrl, { cardNum: TEST_CARDS.visa.number })).status).toBe(410)
    } finally {
      await short.close()
    }
  })

  it("no-notify card: approves, but the notify never comes (cc_query still shows success)", async () => {
    const { mchOrderNo, result } = await payHosted(h, TEST_CARDS.noNotify.number, { notifyUrl: receiver.url })
    expect(result.retCode).toBe("SUCCESS")
    expect(await h.client.query({ mchOrderNo })).toMatchObject({ status: 2 })
    await new Promise((r) => setTimeout(r, 200))
    expect(receiver.received.some((n) => n.mchOrderNo === mchOrderNo)).toBe(false)
    expect(h.sb.notifications().some((a) => a.payOrderId === h.sb.order(mchOrderNo)?.payOrderId)).toBe(false)
  })
})

describe("repeated mchOrderNo", () => {
  it("same parameters on an unpaid order: a fresh page for the same order", async () => {
    const input = purchaseInput()
    const first = await h.client.purchase(input)
    const second = await h.client.purchase(input)
    expect(second.secureId).not.toBe(first.secureId)
    expect(h.sb.orders().filter((o) => o.mchOrderNo === input.mchOrderNo)).toHaveLength(1)
    expect((await submitCard(second.redirectUrl, { cardNum: TEST_CARDS.visa.number })).status).toBe(303)
    // The older page can no longer pay the same order twice.
    const stale = await submitCard(first.redirectUrl, { cardNum: TEST_CARDS.visa.number })
    expect(stale.status).toBe(409)
    expect(await h.client.query({ mchOrderNo: input.mchOrderNo })).toMatchObject({ status: 2, amount: 1500 })
  })

  it("different parameters: 'order already exists'; after payment: 'order already paid'", async () => {
    const input = purchaseInput()
    await h.client.purchase(input)
    const changed = await h.client.purchase({ ...input, amount: 999 }).catch((e: unknown) => e)
    expect((changed as IotpayRejectedError).retMsg).toBe("order already exists")
    const { redirectUrl } = await h.client.purchase(input)
    await submitCard(redirectUrl, { cardNum: TEST_CARDS.visa.number })
    const paid = await h.client.purchase(input).catch((e: unknown) => e)
    expect(paid).toBeInstanceOf(IotpayRejectedError)
    expect((paid as IotpayRejectedError).retMsg).toBe("order already paid")
  })

  it("after a decline, the same parameters open a new attempt (status back to 0)", async () => {
    const input = purchaseInput()
    const { redirectUrl } = await h.client.purchase(input)
    await submitCard(redirectUrl, { cardNum: TEST_CARDS.declined.number })
    expect(await h.client.query({ mchOrderNo: input.mchOrderNo })).toMatchObject({ status: 9 })
    const retry = await h.client.purchase(input)
    expect(await h.client.query({ mchOrderNo: input.mchOrderNo })).toMatchObject({ status: 0, cardNum: undefined })
    expect(queryOf((await submitCard(retry.redirectUrl, { cardNum: TEST_CARDS.visa.number })).location).status).toBe(
      "2"
    )
  })
})

describe("UPI_EX", () => {
  it("approves with status 0 first, turns 2 after upiDelayMs, then notifies", async () => {
    const input = purchaseInput({ channel: "UPI_EX", notifyUrl: receiver.url })
    const { redirectUrl } = await h.client.purchase(input)
    const res = await submitCard(redirectUrl, { cardNum: TEST_CARDS.visa.number })
    expect(queryOf(res.location)).toEqual({ mchOrderNo: input.mchOrderNo, retCode: "SUCCESS", status: "0" })
    expect(await h.client.query({ mchOrderNo: input.mchOrderNo })).toMatchObject({ status: 0, channel: "UPI_EX" })
    expect(receiver.received.some((n) => n.mchOrderNo === input.mchOrderNo)).toBe(false)

    const notify = await waitFor(() => receiver.received.find((n) => n.mchOrderNo === input.mchOrderNo), "UPI notify")
    expect(notify).toMatchObject({ status: 2, channel: "UPI_EX" })
    expect(await h.client.query({ mchOrderNo: input.mchOrderNo })).toMatchObject({ status: 2, refundable: 1500 })
  })
})
