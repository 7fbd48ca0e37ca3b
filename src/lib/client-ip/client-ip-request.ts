import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { resolveClientIp, trustedProxyMatcher, V1_CLIENT_IP_KEY } from "./client-ip-forwarded"
import { noteUntrustedProxy } from "./client-ip-untrusted"
import { iotpayProviderEntries } from "../config/config-lookup"
import { commitsNow } from "../money/payment-start"
import { isV1ProviderId, parseProviderId } from "../config/provider-ids"

/**
 * Route middleware for the store routes that start a payment session (Medusa's payment module never hands the HTTP
 * request to a provider). For a v1 provider (WeChat Pay, Alipay, UnionPay) it writes the shopper's IP, as this
 * server sees it, into the body's `data[iotpay_client_ip]`, overwriting whatever the storefront sent there; the
 * trusted proxies come from that provider entry's `trustedProxies` option in medusa-config. When the IP cannot be
 * known it answers 400 and nothing is sent to IOTPay. A session that does not commit yet (no `data.return_url`) needs
 * no IP: the key is only removed.
 */
export function fillV1ClientIp(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction): void {
  const body = req.body as { provider_id?: unknown; data?: unknown } | undefined
  const providerId = typeof body?.provider_id === "string" ? body.provider_id : ""
  if (!body || !isV1ProviderId(providerId)) return next()
  const configId = parseProviderId(providerId)!.configId
  const entry = iotpayProviderEntries(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE)).get(configId)
  const data = { ...(isRecord(body.data) ? body.data : {}) }
  delete data[V1_CLIENT_IP_KEY]
  body.data = data
  // Medusa's route reads req.body; its body validator may already have copied it.
  const validated = (req as { validatedBody?: unknown }).validatedBody
  if (isRecord(validated)) validated.data = data
  // A session without a return URL opens nothing at IOTPay (payment-start.ts): no IP is needed yet, and a storefront
  // server that forwards the shopper's IP only when it commits ("Place order") must not be refused before that.
  if (!commitsNow(data)) return next()
  const trustedProxies = entry?.trustedProxies ?? []
  const found = resolveClientIp({
    remoteAddress: req.socket?.remoteAddress,
    forwardedFor: req.headers["x-forwarded-for"],
    isTrusted: trustedProxyMatcher(trustedProxies),
  })
  if (found.ok && !trustedProxies.length && req.headers["x-forwarded-for"]) {
    noteUntrustedProxy(configId, found.ip, (m) => req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(m))
  }
  if (!found.ok) {
    return next(
      new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `IOTPay requires the shopper's IP address, and this request's is not known: ${found.reason}. ` +
          `The trustedProxies option of the "${configId}" IOTPay entry in medusa-config says which proxies may ` +
          `report it. Nothing was sent to IOTPay.`
      )
    )
  }
  data[V1_CLIENT_IP_KEY] = found.ip
  next()
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}
