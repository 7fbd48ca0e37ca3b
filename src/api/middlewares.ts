import { authenticate, defineMiddlewares } from "@medusajs/framework/http"

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
  ],
})
