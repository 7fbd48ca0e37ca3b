/**
 * IOTPay v1 channels (docs/iotpay-v1-protocol.md §4, docs/iotpay-protocol.md for V3). Every documented channelId is
 * accepted by the schemas; the web ones are what a web shop uses, and each has one way of handing the shopper over.
 */

export const V1_CHANNELS = [
  "WX_NATIVE",
  "WX_JSAPI",
  "WX_APP",
  "WX_MICROPAY",
  "ALIPAY_QR",
  "ALIPAY_PC",
  "ALIPAY_WAP",
  "ALIPAY_MOBILE",
  "ALIPAY_MICROPAY",
  "UPI_QR",
  "UPI_SEQ",
  "UPI_APP",
  "UPI_MICROPAY",
  "CC_PAX",
] as const
export type V1Channel = (typeof V1_CHANNELS)[number]

/** What a web shop offers: WeChat QR / in-WeChat browser, Alipay desktop / mobile, UnionPay online. */
export const V1_WEB_CHANNELS = ["WX_NATIVE", "WX_JSAPI", "ALIPAY_PC", "ALIPAY_WAP", "UPI_SEQ"] as const
export type V1WebChannel = (typeof V1_WEB_CHANNELS)[number]

/** CAD by default; USD for US merchants; CNY on the web channels (docs/iotpay-v1-protocol.md §1). */
export const V1_CURRENCIES = ["CAD", "USD", "CNY"] as const
export type V1Currency = (typeof V1_CURRENCIES)[number]

const ALL = ["CAD", "USD", "CNY"] as const
const NO_CNY = ["CAD", "USD"] as const

/**
 * The one table of which currency IOTPay takes on which v1 channel (docs/iotpay-v1-protocol.md §1, currency row):
 * CAD, and USD for US merchants, on every channel; CNY only on WX_JSAPI, WX_NATIVE, ALIPAY_WAP, ALIPAY_PC and
 * UPI_SEQ (the micropay pages say CAD/USD only). All are in cents (CNY in fen). Whether a merchant account settles
 * USD is the merchant's, not the channel's: the provider entry's `currencies` option says that.
 */
export const V1_CHANNEL_CURRENCIES: Readonly<Record<V1Channel, readonly V1Currency[]>> = {
  WX_NATIVE: ALL,
  WX_JSAPI: ALL,
  WX_APP: NO_CNY,
  WX_MICROPAY: NO_CNY,
  ALIPAY_QR: NO_CNY,
  ALIPAY_PC: ALL,
  ALIPAY_WAP: ALL,
  ALIPAY_MOBILE: NO_CNY,
  ALIPAY_MICROPAY: NO_CNY,
  UPI_QR: NO_CNY,
  UPI_SEQ: ALL,
  UPI_APP: NO_CNY,
  UPI_MICROPAY: NO_CNY,
  CC_PAX: NO_CNY,
}

/** Whether IOTPay takes `currency` (upper case) on `channel`. */
export function v1ChannelTakes(channel: string, currency: string): boolean {
  const allowed = V1_CHANNEL_CURRENCIES[channel as V1Channel] as readonly string[] | undefined
  return !!allowed && allowed.includes(currency)
}

/** The shopper scans a code rendered from the answer. */
export const V1_QR_CHANNELS: readonly V1Channel[] = ["WX_NATIVE", "ALIPAY_QR", "UPI_QR"]
/** The shopper's browser is sent to a wallet cashier and comes back to returnUrl. */
export const V1_REDIRECT_CHANNELS: readonly V1Channel[] = ["ALIPAY_PC", "ALIPAY_WAP", "UPI_SEQ"]
/** Channels whose create_order the docs say needs a returnUrl. */
export const V1_RETURN_URL_CHANNELS: readonly V1Channel[] = ["ALIPAY_PC", "ALIPAY_WAP"]
/** Channels whose create_order the docs say needs osType (IOS / ANDROID). */
export const V1_OS_TYPE_CHANNELS: readonly V1Channel[] = ["ALIPAY_WAP", "ALIPAY_MOBILE"]
