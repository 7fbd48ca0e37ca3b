import { IotpayClient } from "../iotpay"
import { QUERYABLE, type NumberBehaviour } from "./idempotent-send"
import type { IotpayProviderOptions } from "./options"

// How the gateway behind each client treats reversal numbers. Kept with the client so every caller that gets a
// client from these options (provider, reconcile job, notify subscriber) acts on the same answers.
const behaviours = new WeakMap<IotpayClient, NumberBehaviour>()

/** The configured reversalLookup / repeatedRefundNo of the options this client was made from (defaults otherwise). */
export const numberBehaviourOf = (client: IotpayClient): NumberBehaviour => behaviours.get(client) ?? QUERYABLE

/**
 * The gateway client for a provider entry's options: the one mapping from plugin options to client options.
 * `overrides` replace single client settings (the admin's connection check: capped timeouts, no retries).
 */
export function createGatewayClient(
  options: IotpayProviderOptions,
  overrides: Partial<ConstructorParameters<typeof IotpayClient>[0]> = {}
): IotpayClient {
  const client = new IotpayClient({
    merchantId: options.merchantId,
    loginName: options.loginName,
    secretKey: options.secretKey,
    apiBase: options.apiBase,
    channelField: options.channelField,
    connectTimeoutMs: options.connectTimeoutMs,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs,
    verifyResponseSignatures: options.verifyResponseSignatures,
    ...overrides,
  })
  behaviours.set(client, {
    reversalLookup: options.reversalLookup ?? QUERYABLE.reversalLookup,
    repeatedRefundNo: options.repeatedRefundNo ?? QUERYABLE.repeatedRefundNo,
  })
  return client
}

const clients = new Map<string, IotpayClient>()

/**
 * One keep-alive client per configured IOTPay provider for code outside the provider (admin route, reconcile job,
 * notify subscriber), which cannot reach the provider instance inside the payment module.
 */
export function gatewayClientFor(configId: string, options: IotpayProviderOptions): IotpayClient {
  const key = [configId, options.merchantId, options.apiBase, options.reversalLookup, options.repeatedRefundNo].join(
    ":"
  )
  let client = clients.get(key)
  if (!client) {
    client = createGatewayClient(options)
    clients.set(key, client)
  }
  return client
}
