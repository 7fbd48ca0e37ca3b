// The admin pages name providers in a merchant's words, never by Medusa's internal ids.
import { providerDisplayName } from "../../config/provider-ids"
import { CardGateway } from "../../gateway/card-gateway"
import { iotpayPaymentView } from "../payment-status"
import type { IotpayClient } from "../../../iotpay"

it("names each of the five providers an entry registers", () => {
  expect(
    ["iotpay", "iotpay-wallet", "iotpay-wechat", "iotpay-alipay", "iotpay-unionpay"].map((i) =>
      providerDisplayName(`pp_${i}_iotpay`)
    )
  ).toEqual([
    "Card via IOTPay",
    "Apple Pay / Google Pay via IOTPay",
    "WeChat Pay via IOTPay",
    "Alipay via IOTPay",
    "UnionPay via IOTPay",
  ])
})

it("adds the entry's id when a store has another IOTPay entry, and leaves other providers alone", () => {
  expect(providerDisplayName("pp_iotpay-wechat_iotpay-upi")).toBe("WeChat Pay via IOTPay (iotpay-upi)")
  expect(providerDisplayName("pp_system_default")).toBe("pp_system_default")
})

it("the order panel's view carries the name", async () => {
  const client = { query: async () => ({ payOrderId: "P1", mchOrderNo: "01ABC-1", amount: 100, status: 2 }) }
  const view = await iotpayPaymentView(new CardGateway(client as unknown as IotpayClient, "100"), {
    id: "pay_1",
    provider_id: "pp_iotpay-alipay_iotpay",
    currency_code: "cad",
    created_at: "2026-12-05T10:00:00.000Z",
    data: { mchOrderNo: "01ABC-1", payOrderId: "P1", amountCents: 100 },
  } as never)
  expect(view.providerName).toBe("Alipay via IOTPay")
})
