import { IotpayClient } from "../../iotpay"
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
  })
}
