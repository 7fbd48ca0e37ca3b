import type { IotpayProviderOptions } from "../../lib/config/options"

/**
 * The shopper's browser is sent to the return URL with IOTPay's (unsigned) result appended, so a storefront-supplied
 * URL must stay on an allow-listed origin: otherwise the plugin would be an open redirect.
 */
export function resolveReturnUrl(requested: unknown, options: IotpayProviderOptions): string {
  if (requested === undefined || requested === null || requested === "") {
    if (options.returnUrl) return options.returnUrl
    throw new Error(
      "IOTPay needs a return URL: pass data.return_url when creating the payment session, " +
        'or set the provider option "returnUrl".'
    )
  }
  if (typeof requested !== "string") throw new Error("data.return_url must be a string URL.")
  let url: URL
  try {
    url = new URL(requested)
  } catch {
    throw new Error(`data.return_url is not a valid URL; pass an absolute http(s) URL on your storefront.`)
  }
  const allowed = new Set(
    [...options.allowedReturnUrls, ...(options.returnUrl ? [options.returnUrl] : [])].map((u) => new URL(u).origin)
  )
  if (!/^https?:$/.test(url.protocol) || !allowed.has(url.origin)) {
    throw new Error(
      `data.return_url's origin ${url.origin} is not allowed; add it to the provider option "allowedReturnUrls".`
    )
  }
  if (url.href.length > 200) throw new Error("data.return_url is longer than IOTPay's 200-character limit.")
  return url.href
}
