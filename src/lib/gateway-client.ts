import { IotpayClient } from "../iotpay"
import type { IotpayProviderOptions } from "./options"

/** The gateway client for a provider entry's options: the one mapping from plugin options to client options. */
export function createGatewayClient(options: IotpayProviderOptions): IotpayClient {
  return new IotpayClient({
    merchantId: options.merchantId,
    loginName: options.loginName,
    secretKey: options.secretKey,
    apiBase: options.apiBase,
    channelField: options.channelField,
    connectTimeoutMs: options.connectTimeoutMs,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs,
    verifyResponseSignatures: options.verifyResponseSignatures,
  })
}

const clients = new Map<string, IotpayClient>()

/**
 * One keep-alive client per configured IOTPay provider for code outside the provider (admin route, reconcile job,
 * notify subscriber), which cannot reach the provider instance inside the payment module.
 */
export function gatewayClientFor(configId: string, options: IotpayProviderOptions): IotpayClient {
  const key = `${configId}:${options.merchantId}:${options.apiBase}`
  let client = clients.get(key)
  if (!client) {
    client = createGatewayClient(options)
    clients.set(key, client)
  }
  return client
}
