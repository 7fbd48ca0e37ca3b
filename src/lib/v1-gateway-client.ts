import { IotpayV1Client } from "../iotpay"
import type { IotpayProviderOptions } from "./options"

/**
 * The v1 (WeChat Pay, Alipay, UnionPay) gateway client for a provider entry's options: the one mapping.
 * `overrides` replace single client settings (the admin's connection check: capped timeouts, no retries).
 */
export function createV1GatewayClient(
  options: IotpayProviderOptions,
  overrides: Partial<ConstructorParameters<typeof IotpayV1Client>[0]> = {}
): IotpayV1Client {
  return new IotpayV1Client({
    merchantId: options.merchantId,
    loginName: options.loginName,
    secretKey: options.secretKey,
    apiBase: options.v1ApiBase,
    refundQueryPath: options.v1RefundQueryPath,
    connectTimeoutMs: options.connectTimeoutMs,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs,
    verifyResponseSignatures: options.verifyResponseSignatures,
    ...overrides,
  })
}

const clients = new Map<string, IotpayV1Client>()

/** One keep-alive v1 client per configured entry, for code outside the provider (subscriber, reconcile job). */
export function v1GatewayClientFor(configId: string, options: IotpayProviderOptions): IotpayV1Client {
  const key = [configId, options.merchantId, options.v1ApiBase, options.v1RefundQueryPath ?? ""].join(":")
  let client = clients.get(key)
  if (!client) {
    client = createV1GatewayClient(options)
    clients.set(key, client)
  }
  return client
}
