import { medusaIntegrationTestRunner } from "@medusajs/test-utils"

jest.setTimeout(120_000)

// The database harness and the repo's medusa-config (plugin loaded from src/) boot a real Medusa.
process.env.IOTPAY_MERCHANT_ID ??= "10000701"
process.env.IOTPAY_LOGIN_NAME ??= "demo"
process.env.IOTPAY_SECRET_KEY ??= "health-check-key"
process.env.IOTPAY_API_BASE ??= "http://127.0.0.1:1/v3"
process.env.MEDUSA_ADMIN_DISABLED = "true"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it("answers GET /health", async () => {
      const response = await api.get("/health")
      expect(response.status).toEqual(200)
    })

    it("registers the IOTPay provider as pp_iotpay_iotpay", async () => {
      const payment = getContainer().resolve("payment")
      const providers = await payment.listPaymentProviders({ id: "pp_iotpay_iotpay" })
      expect(providers.map((p: { id: string }) => p.id)).toEqual(["pp_iotpay_iotpay"])
    })
  },
})
