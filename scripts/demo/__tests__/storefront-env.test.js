// The demo backend serves another storefront (Medusa's Next.js starter) besides its own: the shell's settings stay.
const { storefrontEnv } = require("../storefront-env")

const urls = { storefrontUrl: "http://localhost:8320", medusaUrl: "http://localhost:9320" }

it("without settings in the shell: the demo storefront's own", () => {
  expect(storefrontEnv({}, urls)).toEqual({
    IOTPAY_RETURN_URL: "http://localhost:8320/return.html",
    IOTPAY_ALLOWED_RETURN_URLS: "http://localhost:8320",
    STORE_CORS: "http://localhost:8320",
    AUTH_CORS: "http://localhost:8320,http://localhost:9320,http://localhost:5173",
  })
})

it("the shell's STORE_CORS, AUTH_CORS, IOTPAY_RETURN_URL and IOTPAY_ALLOWED_RETURN_URLS are kept, the demo's added once", () => {
  const starter = "http://localhost:8321"
  const env = {
    IOTPAY_RETURN_URL: `${starter}/ca/checkout/iotpay-return`,
    IOTPAY_ALLOWED_RETURN_URLS: `${starter}, https://shop.example`,
    STORE_CORS: `${starter},http://localhost:8320`,
    AUTH_CORS: starter,
  }
  expect(storefrontEnv(env, urls)).toEqual({
    IOTPAY_RETURN_URL: "http://localhost:8321/ca/checkout/iotpay-return",
    IOTPAY_ALLOWED_RETURN_URLS: "http://localhost:8321,https://shop.example,http://localhost:8320",
    STORE_CORS: "http://localhost:8321,http://localhost:8320",
    AUTH_CORS: "http://localhost:8321,http://localhost:8320,http://localhost:9320,http://localhost:5173",
  })
})
