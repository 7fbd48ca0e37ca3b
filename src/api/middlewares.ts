import { authenticate, defineMiddlewares } from "@medusajs/framework/http"
import { refusePartialIotpayCapture } from "../lib/partial-capture"

export default defineMiddlewares({
  routes: [
    {
      // The notify signature is checked over the fields exactly as IOTPay sent them (JSON, form or query string).
      matcher: "/hooks/iotpay/*",
      method: ["POST"],
      bodyParser: { preserveRawBody: true },
    },
    {
      // Saved cards belong to a customer: only a signed-in customer, and only their own account holder.
      matcher: "/store/iotpay/saved-cards*",
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    {
      matcher: "/admin/payments/:id/capture",
      method: ["POST"],
      middlewares: [refusePartialIotpayCapture],
    },
  ],
})
