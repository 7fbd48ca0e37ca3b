import { iotpayTimeline } from "../payment-status"
import { readSessionData } from "../session-data"

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
