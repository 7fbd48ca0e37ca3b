import type { IotpayClient } from "../iotpay"
import { createGatewayClient } from "../providers/iotpay/gateway-client"
import type { IotpayProviderOptions } from "../providers/iotpay/options"

const clients = new Map<string, IotpayClient>()

/**
 * One keep-alive client per configured IOTPay provider for code outside the provider (admin route, reconcile job),
 * which cannot reach the provider instance inside the payment module.
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
