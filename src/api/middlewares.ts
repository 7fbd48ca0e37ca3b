import {
  authenticate,
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { fillV1ClientIp } from "../lib/client-ip/client-ip-request"
import { refusePartialIotpayCapture } from "../lib/money/partial-capture"
import { AdminIotpayStatementQuery, AdminRecordOutsideRefunds } from "./admin/iotpay/statement/validators"
import { answerNotifyEarly } from "./hooks/iotpay/answer-early"
import { StoreStartSavedCard } from "./store/iotpay/saved-cards/validators"

export default defineMiddlewares({
  routes: [
    {
      // The notify signature is checked over the fields exactly as IOTPay sent them (JSON, form or query string).
      matcher: "/hooks/iotpay/*",
      method: ["POST"],
      bodyParser: { preserveRawBody: true },
    },
    {
      // No method on purpose: Medusa registers method-less middlewares ahead of its ~1,200 routes (see answer-early).
      matcher: "/hooks/iotpay/:providerConfigId",
      middlewares: [answerNotifyEarly],
    },
    {
      // Saved cards belong to a customer: only a signed-in customer, and only their own account holder.
      matcher: "/store/iotpay/saved-cards*",
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    {
      matcher: "/store/iotpay/saved-cards",
      method: ["POST"],
      middlewares: [validateAndTransformBody(StoreStartSavedCard)],
    },
    {
      // IOTPay v1 (WeChat Pay, Alipay, UnionPay) needs the shopper's IP: taken from this request (behind the
      // provider entry's trustedProxies), never from the storefront's data. In Medusa 2.21 this is the only store
      // route that reaches a provider's initiatePayment/updatePayment with data.
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: ["POST"],
      middlewares: [fillV1ClientIp],
    },
    {
      matcher: "/admin/payments/:id/capture",
      method: ["POST"],
      middlewares: [refusePartialIotpayCapture],
    },
    {
      // The daily statement (docs/statement.md): a bad date or format is a 400 naming the field.
      matcher: "/admin/iotpay/statement*",
      method: ["GET"],
      middlewares: [validateAndTransformQuery(AdminIotpayStatementQuery, {})],
    },
    {
      // Recording the day's outside refunds: a missing or bad date is a 400 naming the field; nothing is changed.
      matcher: "/admin/iotpay/statement",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminRecordOutsideRefunds)],
    },
  ],
})
