import { toInboxRow } from "../inbox-row"

describe("inbox row", () => {
  it("keeps the record as received except secrets: no sign, no CVV, no key, the card number masked", () => {
    const record = {
      payOrderId: "PC2026",
      mchOrderNo: "01ABC-1",
      payType: "pay",
      status: 2,
      amount: 2824,
      currency: "CAD",
      cardNum: "4242424242424242",
      transNum: "123456789012345", // a long number that is not a card: kept exactly (a re-drive needs the record as it was)
      sign: "0123456789ABCDEF0123456789ABCDEF",
      cvv: "123",
      secretKey: "x",
    }
    const row = toInboxRow({ configId: "iotpay", record })
    expect(row).toMatchObject({
      provider_config_id: "iotpay",
      pay_order_id: "PC2026",
      mch_order_no: "01ABC-1",
      status: 2,
      amount: 2824,
    })
    expect(row.record).toEqual({
      payOrderId: "PC2026",
      mchOrderNo: "01ABC-1",
      payType: "pay",
      status: 2,
      amount: 2824,
      currency: "CAD",
      cardNum: "424242******4242",
      transNum: "123456789012345",
    })
  })
})
