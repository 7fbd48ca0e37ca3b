import { MedusaError } from "@medusajs/framework/utils"
import { IOTPAY_CURRENCY, V1_CHANNEL_CURRENCIES, V1_CURRENCIES, v1ChannelTakes, type V1Channel } from "../../iotpay"

/**
 * Which currency a WeChat Pay / Alipay / UnionPay (v1) payment may be made in. Two things must both allow it: the
 * provider entry's `currencies` option (what the merchant's IOTPay account settles: a US merchant's is USD) and
 * IOTPay for the channel (src/iotpay/v1/channels.ts, the one table). Cards never come here: V3 is CAD only.
 */

/** The currencies `channels` all take that the entry allows, in the entry's order (for Settings → IOTPay). */
export function walletCurrenciesOf(channels: readonly V1Channel[], entryCurrencies: readonly string[]): string[] {
  return entryCurrencies.filter((c) => channels.every((ch) => v1ChannelTakes(ch, c)))
}

/**
 * Medusa's currency code (lower case) upper-cased, when this entry and IOTPay (on `channel`, or on some v1 channel
 * while the channel is not chosen yet) both take it; otherwise a 400 saying which currency, which channel, what is
 * allowed and what to change. Called before anything is sent.
 */
export function walletCurrencyFor(
  currencyCode: unknown,
  entryCurrencies: readonly string[],
  walletName: string,
  channel?: V1Channel
): string {
  const currency = typeof currencyCode === "string" ? currencyCode.trim().toUpperCase() : ""
  const iotpayTakes: readonly string[] = channel ? V1_CHANNEL_CURRENCIES[channel] : V1_CURRENCIES
  const on = channel ? ` on ${channel}` : ""
  const both = entryCurrencies.filter((c) => iotpayTakes.includes(c))
  if (iotpayTakes.includes(currency) && entryCurrencies.includes(currency)) return currency
  const shown = currency || "(no currency)"
  const fix = !iotpayTakes.includes(currency)
    ? `IOTPay takes only ${iotpayTakes.join(", ")}${on}; price this region in ${both.join(" or ") || "one of those"}`
    : `this provider entry's "currencies" option is ${JSON.stringify(entryCurrencies)}; add "${currency}" to it if ` +
      `your IOTPay merchant account settles ${currency}, or price this region in ${both.join(" or ") || "CAD"}`
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `IOTPay ${walletName} can't take a payment in ${shown}${on}: ${fix}. Nothing was sent to IOTPay.`
  )
}

/**
 * Why a record's currency is not the payment's own (`expected`, the session's; CAD when a payment recorded none, as
 * every payment did before v1 took other currencies), or null when they are the same.
 */
export function currencyMismatch(got: string | undefined, expected: string | undefined): string | null {
  const want = (expected || IOTPAY_CURRENCY).toUpperCase()
  return (got ?? "").toUpperCase() === want ? null : `currency ${got || "(none)"} is not the payment's ${want}`
}

/** The payment's own currency for messages ("5.00 USD"); CAD for payments stored before v1 took others. */
export const currencyOf = (data: { currency?: string }): string => (data.currency || IOTPAY_CURRENCY).toUpperCase()
