import { hostedPaymentOf, startHostedPayment } from "../hosted"
import { returnUrlFor } from "../return-page"
import { collectionWith, stubStore } from "./stub-store"

describe("startHostedPayment", () => {
  it("creates (or reuses) the payment collection, initiates pp_iotpay_iotpay with data.return_url, answers the page", async () => {
    const { store, calls } = stubStore({
      "POST /store/payment-collections": { body: { payment_collection: { id: "pay_col_1" } } },
      "POST /store/payment-collections/pay_col_1/payment-sessions": {
        body: collectionWith("pp_iotpay_iotpay", {
          redirectUrl: "https://iotpay/pay/1",
          secureId: "ab",
          mchOrderNo: "P1",
          amountCents: 2824,
        }),
      },
    })
    const returnUrl = returnUrlFor("https://shop.test/checkout/iotpay-return", "cart_1")
    const paid = await startHostedPayment(store, { cartId: "cart_1", returnUrl })
    expect(paid).toEqual({ redirectUrl: "https://iotpay/pay/1", secureId: "ab", mchOrderNo: "P1", amountCents: 2824 })
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ["POST", "/store/payment-collections", { cart_id: "cart_1" }],
      [
        "POST",
        "/store/payment-collections/pay_col_1/payment-sessions",
        {
          provider_id: "pp_iotpay_iotpay",
          data: { return_url: "https://shop.test/checkout/iotpay-return?cart_id=cart_1" },
        },
      ],
    ])
  })

  it("uses another IOTPay entry's provider id when given", async () => {
    const { store, calls } = stubStore({
      "POST /store/payment-collections": { body: { payment_collection: { id: "pay_col_1" } } },
      "POST /store/payment-collections/pay_col_1/payment-sessions": {
        body: collectionWith("pp_iotpay_iotpay-upi", { redirectUrl: "https://u" }),
      },
    })
    await startHostedPayment(store, {
      cartId: "c",
      returnUrl: "https://shop.test/r",
      providerId: "pp_iotpay_iotpay-upi",
    })
    expect(calls[1].body.provider_id).toBe("pp_iotpay_iotpay-upi")
  })

  it("rejects with Medusa's message when the session is refused (e.g. a return URL that is not allowed)", async () => {
    const { store } = stubStore({
      "POST /store/payment-collections": { body: { payment_collection: { id: "pay_col_1" } } },
      "POST /store/payment-collections/pay_col_1/payment-sessions": {
        status: 400,
        body: { type: "invalid_data", message: "data.return_url's origin https://evil.test is not allowed" },
      },
    })
    await expect(startHostedPayment(store, { cartId: "c", returnUrl: "https://evil.test/r" })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/not allowed/),
    })
  })
})

describe("hostedPaymentOf", () => {
  it("reads the page from a collection returned by the js-sdk; throws when there is no IOTPay page", () => {
    const { payment_collection } = collectionWith("pp_iotpay_iotpay", { redirectUrl: "https://iotpay/pay/2" })
    expect(hostedPaymentOf(payment_collection).redirectUrl).toBe("https://iotpay/pay/2")
    expect(() => hostedPaymentOf(payment_collection, "pp_iotpay_other")).toThrow(
      "IOTPay did not return a payment page."
    )
    expect(() => hostedPaymentOf(collectionWith("pp_iotpay_iotpay", {}).payment_collection)).toThrow(/payment page/)
  })
})
