/**
 * The currencies the sandbox's v1 API takes on each channel, as IOTPay documents them (docs/iotpay-v1-protocol.md §1,
 * currency row): CAD and USD everywhere, CNY only on the web channels below. The sandbox keeps its own table (it
 * never imports the client) so a client that got the table wrong is caught here, the way IOTPay would refuse it.
 */
import { RequestError } from "../validate"

const CNY_CHANNELS = ["WX_JSAPI", "WX_NATIVE", "ALIPAY_WAP", "ALIPAY_PC", "UPI_SEQ"]

/** The currencies IOTPay takes on `channelId`. */
export function v1CurrenciesOn(channelId: string): string[] {
  return CNY_CHANNELS.includes(channelId) ? ["CAD", "USD", "CNY"] : ["CAD", "USD"]
}

/** `currency` when IOTPay takes it on `channelId`; otherwise the parameter error IOTPay answers. */
export function v1CurrencyOn(channelId: string, currency: string): string {
  const allowed = v1CurrenciesOn(channelId)
  if (!allowed.includes(currency)) {
    throw new RequestError(`currency ${currency} is not supported on ${channelId} (only ${allowed.join(", ")})`)
  }
  return currency
}
