/**
 * What the sandbox hands out for the shopper: fake wallet QR contents that carry the order's page token, and the
 * sandbox pages that play the wallet / cashier. `/v1/scan?code=<QR content>` is the "camera": it finds the token.
 */
export type PageKind = "wallet" | "cashier" | "jsapi"

const QR_PREFIX: Record<string, string> = {
  WX_NATIVE: "weixin://wxpay/bizpayurl?pr=",
  WX_JSAPI: "weixin://wxpay/bizpayurl?pr=",
  ALIPAY_QR: "https://qr.alipay.com/sbx",
  UPI_QR: "https://qr.95516.com/00010000/sbx",
}

export function qrContent(channelId: string, token: string): string {
  return `${QR_PREFIX[channelId] ?? QR_PREFIX.WX_NATIVE}${token}`
}

/** The page token inside a QR content the sandbox produced, if any. */
export function tokenOfQr(code: string): string | undefined {
  return /([0-9a-f]{32})$/.exec(code.trim())?.[1]
}

export function pageUrl(base: string, kind: PageKind, token: string): string {
  return `${base}/v1/${kind}/${token}`
}
