import type { V1Start } from "./v1-wallet-base-service"
import { AbstractIotpayV1WalletProvider } from "./v1-wallet-base-service"

const MOBILE_UA = /Mobile|Android|iPhone|iPad|iPod|HarmonyOS/i

/** "mobile" / "desktop" from the storefront (data.device), else the user agent; desktop when neither says. */
function isMobile(hints: Record<string, unknown>, userAgent: string | undefined): boolean {
  if (hints.device === "mobile") return true
  if (hints.device === "desktop") return false
  return !!userAgent && MOBILE_UA.test(userAgent)
}

const osTypeOf = (userAgent: string | undefined, hints: Record<string, unknown>): "IOS" | "ANDROID" => {
  const os = String(hints.os ?? "").toUpperCase()
  if (os === "IOS" || os === "ANDROID") return os
  return userAgent && /Android/i.test(userAgent) ? "ANDROID" : "IOS"
}

/** Alipay through IOTPay v1 (identifier "iotpay-alipay"): ALIPAY_PC on desktop, ALIPAY_WAP on mobile. */
export class IotpayAlipayProviderService extends AbstractIotpayV1WalletProvider {
  static identifier = "iotpay-alipay"
  protected readonly walletName = "Alipay"

  protected startFor(hints: Record<string, unknown>, userAgent: string | undefined): V1Start {
    return isMobile(hints, userAgent)
      ? { channelId: "ALIPAY_WAP", via: "create_order", osType: osTypeOf(userAgent, hints) }
      : { channelId: "ALIPAY_PC", via: "create_order" }
  }
}

/**
 * WeChat Pay through IOTPay v1 (identifier "iotpay-wechat"): a WX_NATIVE QR code (session data `codeUrl`; the
 * storefront renders it and polls until paid), or WX_JSAPI via payForSubmit when the storefront says the shopper is
 * inside WeChat's browser (data.in_wechat: true, or a MicroMessenger user agent): then `redirectUrl` opens there.
 */
export class IotpayWechatProviderService extends AbstractIotpayV1WalletProvider {
  static identifier = "iotpay-wechat"
  protected readonly walletName = "WeChat Pay"

  protected startFor(hints: Record<string, unknown>, userAgent: string | undefined): V1Start {
    const inWechat = hints.in_wechat === true || hints.in_wechat === "true" || /MicroMessenger/i.test(userAgent ?? "")
    return inWechat ? { channelId: "WX_JSAPI", via: "payForSubmit" } : { channelId: "WX_NATIVE", via: "create_order" }
  }
}

/** UnionPay online through IOTPay v1 (identifier "iotpay-unionpay"): UPI_SEQ, a redirect to UnionPay's cashier. */
export class IotpayUnionpayProviderService extends AbstractIotpayV1WalletProvider {
  static identifier = "iotpay-unionpay"
  protected readonly walletName = "UnionPay"

  protected startFor(): V1Start {
    return { channelId: "UPI_SEQ", via: "create_order" }
  }
}
