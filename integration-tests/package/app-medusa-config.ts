// The medusa-config.ts of a store that installed medusa-payment-iotpay from npm, registered as the README says.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://storefront.test",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  plugins: [{ resolve: "medusa-payment-iotpay", options: {} }],
  modules: [
    { resolve: "medusa-payment-iotpay/modules/iotpay-notify/index" },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          {
            resolve: "medusa-payment-iotpay/providers/iotpay",
            id: "iotpay",
            options: {
              merchantId: process.env.IOTPAY_MERCHANT_ID,
              loginName: process.env.IOTPAY_LOGIN_NAME,
              secretKey: process.env.IOTPAY_SECRET_KEY,
              apiBase: process.env.IOTPAY_API_BASE,
              backendUrl: process.env.IOTPAY_BACKEND_URL,
              returnUrl: "http://storefront.test/checkout/iotpay-return",
              allowedReturnUrls: ["http://storefront.test"],
            },
          },
        ],
      },
    },
  ],
})
