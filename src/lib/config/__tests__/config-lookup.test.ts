import { ownConfigId } from "../config-lookup"

const credentials = { merchantId: "10000701", loginName: "shop", secretKey: "k", backendUrl: "https://api.shop.test" }

describe("ownConfigId: the entry a provider was built from", () => {
  const main = { ...credentials }
  const proxied = { ...credentials, trustedProxies: ["loopback"] }
  const twin = { ...credentials }
  const config = {
    modules: [
      {
        resolve: "@medusajs/medusa/payment",
        options: {
          providers: [
            { resolve: "medusa-payment-iotpay/providers/iotpay", id: "iotpay", options: main },
            { resolve: "medusa-payment-iotpay/providers/iotpay", id: "iotpay-px", options: proxied },
            { resolve: "medusa-payment-iotpay/providers/iotpay", id: "iotpay-twin", options: twin },
          ],
        },
      },
    ],
  }

  it("finds each entry by its own options object, also when entries share the merchant's credentials", () => {
    expect(ownConfigId(config, main)).toBe("iotpay")
    expect(ownConfigId(config, proxied)).toBe("iotpay-px")
    expect(ownConfigId(config, twin)).toBe("iotpay-twin")
  })

  it("matches a copy of the options by content only when exactly one entry has that content", () => {
    expect(ownConfigId(config, { ...proxied })).toBe("iotpay-px")
    expect(ownConfigId(config, { ...main })).toBe("iotpay") // main and twin alike: no guess, the default id
    expect(ownConfigId(config, { ...credentials, secretKey: "other" })).toBe("iotpay")
  })
})
