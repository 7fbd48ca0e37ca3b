import { IotpayNotFoundError, IotpayUnreachableError, type IotpayClient } from "../../../iotpay"
import { CardGateway } from "../../gateway/card-gateway"
import { iotpayPaymentView, iotpayTimeline } from "../payment-status"
import { readSessionData } from "../../money/session-data"

describe("iotpayTimeline: the order notes speak the API the payment went through", () => {
  const at = "2026-12-05T10:00:00.000Z"
  const payment = (provider_id: string) => ({
    id: "pay_1",
    provider_id,
    currency_code: "cad",
    created_at: at,
    captured_at: at,
    payment_session: { created_at: at },
  })

  it("a WeChat Pay (v1) payment: its channel, and query_order, never the card page or cc_query", () => {
    const data = readSessionData({ mode: "v1", channel: "WX_NATIVE", mchOrderNo: "01ABC-1", amountCents: 2824 })
    const events = iotpayTimeline(payment("pp_iotpay-wechat_iotpay"), data)
    const text = events.map((e) => e.detail).join("\n")
    expect(events.map((e) => e.kind)).toEqual(["created", "authorized", "captured"])
    expect(events[0].detail).toContain("WX_NATIVE (IOTPay v1)")
    expect(text).toContain("query_order confirmed the sale still stands")
    expect(text).not.toMatch(/hosted card page|cc_query/)
  })

  it("a card payment keeps the card wording", () => {
    const data = readSessionData({ mchOrderNo: "01ABC-1", amountCents: 2824 })
    const text = iotpayTimeline(payment("pp_iotpay_iotpay"), data)
      .map((e) => e.detail)
      .join("\n")
    expect(text).toContain("hosted card page")
    expect(text).toContain("cc_query confirmed the sale still stands")
  })
})

describe("iotpayPaymentView: IOTPay unreachable is not IOTPay saying 'not found'", () => {
  const payment = {
    id: "pay_1",
    provider_id: "pp_iotpay_iotpay",
    currency_code: "cad",
    created_at: "2026-12-05T10:00:00.000Z",
    captured_at: "2026-12-05T10:00:00.000Z",
    payment_session: { created_at: "2026-12-05T10:00:00.000Z" },
    data: {
      mchOrderNo: "01ABC-1",
      payOrderId: "P100",
      amountCents: 2824,
      reversals: [
        { kind: "refund", mchRefundNo: "R01ABC-1", amountCents: 499, status: 2, at: "2026-12-05T11:00:00.000Z" },
        { kind: "refund", mchRefundNo: "R01ABC-2", amountCents: 100, status: null, at: "2026-12-05T12:00:00.000Z" },
      ],
    },
  }
  const clientFailing = (error: Error) =>
    ({
      query: async () => {
        throw error
      },
    }) as unknown as IotpayClient
  const gatewayFailing = (error: Error) => new CardGateway(clientFailing(error), "100")

  it("keeps the recorded refunds and says IOTPay was unreachable", async () => {
    const view = await iotpayPaymentView(
      gatewayFailing(new IotpayUnreachableError("cc_query", "ECONNREFUSED")),
      payment as never
    )
    expect(view.statusText).toBe("IOTPay unreachable")
    expect(view.unreachable).toBe(true)
    expect(view.error).toMatch(/could not be reached/)
    expect(view.reversals.map((r) => [r.mchRefundNo, r.amount, r.status, r.statusText])).toEqual([
      ["R01ABC-1", "4.99", 2, "success (as recorded; IOTPay not asked)"],
      ["R01ABC-2", "1.00", null, "not known (as recorded; IOTPay not asked)"],
    ])
  })

  it("still says 'not found at IOTPay' when IOTPay answers that it has no such payment", async () => {
    const view = await iotpayPaymentView(
      gatewayFailing(new IotpayNotFoundError("cc_query", "merchant order id does not exist")),
      payment as never
    )
    expect(view.statusText).toBe("not found at IOTPay")
    expect(view.unreachable).toBeUndefined()
    expect(view.reversals.map((r) => r.statusText)).toEqual(["not found at IOTPay", "not found at IOTPay"])
  })
})

describe("the timeline's notify entries speak to a merchant", () => {
  const at = "2026-12-05T10:00:00.000Z"
  const row = (outcome: string, outcome_detail: string) =>
    ({
      id: "n1",
      pay_order_id: "PC1",
      status: 2,
      amount: 2824,
      deliveries: 1,
      first_received_at: at,
      last_received_at: at,
      outcome,
      outcome_detail,
      redrives: 0,
    }) as never
  const payment = { id: "pay_1", provider_id: "pp_iotpay_iotpay", currency_code: "cad", created_at: at }
  const notifyDetail = (outcome: string, detail: string) =>
    iotpayTimeline(payment, readSessionData({ mchOrderNo: "01ABC-1", amountCents: 2824 }), undefined, [
      row(outcome, detail),
    ]).find((e) => e.kind === "notify")!.detail

  it("no internal payment or session ids when the notify made the order", () => {
    const detail = notifyDetail("order_created", "payment pay_01ABC of session payses_01ABC")
    expect(detail).toContain("outcome: order created from it")
    expect(detail).not.toMatch(/pay_|payses_/)
  })

  it("the reason when it was not applied", () => {
    expect(notifyDetail("not_applied", "amount 2824 does not match the session's 1999")).toContain(
      "outcome: not applied (amount 2824 does not match the session's 1999)"
    )
  })
})
