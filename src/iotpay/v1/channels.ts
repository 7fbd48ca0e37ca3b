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

/** The shopper scans a code rendered from the answer. */
export const V1_QR_CHANNELS: readonly V1Channel[] = ["WX_NATIVE", "ALIPAY_QR", "UPI_QR"]
/** The shopper's browser is sent to a wallet cashier and comes back to returnUrl. */
export const V1_REDIRECT_CHANNELS: readonly V1Channel[] = ["ALIPAY_PC", "ALIPAY_WAP", "UPI_SEQ"]
/** Channels whose create_order the docs say needs a returnUrl. */
export const V1_RETURN_URL_CHANNELS: readonly V1Channel[] = ["ALIPAY_PC", "ALIPAY_WAP"]
/** Channels whose create_order the docs say needs osType (IOS / ANDROID). */
export const V1_OS_TYPE_CHANNELS: readonly V1Channel[] = ["ALIPAY_WAP", "ALIPAY_MOBILE"]
