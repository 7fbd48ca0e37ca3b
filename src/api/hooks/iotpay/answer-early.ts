import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { GET, POST } from "./[providerConfigId]/route"

/**
 * Runs the notify route's own handlers from a method-less middleware on `/hooks/iotpay/:providerConfigId`.
 *
 * Why: express tests a request against every layer in order, and Medusa registers its ~1,200 core routes ahead of
 * `/hooks/...`; walking them cost about 0.3 ms of CPU per notify, a quarter of the route's cost, on the path IOTPay's
 * retry storms hit (docs/benchmarks.md). Medusa registers method-less middlewares ahead of every route, after the
 * body parsers (the raw body is kept for `/hooks/iotpay/*`, see middlewares.ts), so the notify is answered there.
 * The route file stays the one place the handlers live; anything this does not take falls through to it.
 */
export async function answerNotifyEarly(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  // A middleware matches by prefix: `/hooks/iotpay/<id>/more` is not the notify URL.
  if (req.path !== "/") {
    return next()
  }
  if (req.method === "POST") {
    return POST(req, res)
  }
  if (req.method === "GET") {
    return GET(req, res)
  }
  next()
}
