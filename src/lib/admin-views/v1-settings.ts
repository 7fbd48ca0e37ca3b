import { untrustedProxyPeers, type UntrustedProxyPeer } from "../client-ip/client-ip-untrusted"
import type { IotpayProviderOptions } from "../config/options"
import { createWalletClient } from "../gateway/wallet-gateway"
import { providerIdOf, type V1ServiceIdentifier } from "../config/provider-ids"
import { walletCurrenciesOf } from "../money/wallet-currency"
import {
  checkTimeouts,
  runConnectionCheck,
  type ConnectionCheck,
  type IotpayMode,
  type IotpayServiceSummary,
} from "./provider-settings"

/**
 * The v1 (WeChat Pay, Alipay, UnionPay) part of one provider entry for Settings → IOTPay: the v1 API base, the
 * refund query path, and the three v1 services with the channels each picks (the choice is the service's, from the
 * shopper's device: src/providers/iotpay/v1-wallet-services.ts). Never the secret key.
 */
export type IotpayV1Summary = {
  id: string
  v1ApiBase: string
  mode: IotpayMode
  /** v1RefundQueryPath, or null: a refund whose answer was lost is settled by resending its mchRefundNo. */
  refundQueryPath: string | null
  /** clientIp sent with v1 refunds, or null: the shopper's from the payment. */
  refundClientIp: string | null
  /** The entry's `currencies` option: what its merchant account settles through v1. */
  currencies: string[]
  /** Each service's `currencies`: the entry's that IOTPay takes on every channel the service may choose. */
  services: IotpayServiceSummary[]
  /** The trustedProxies option (empty: the socket peer is the shopper). */
  trustedProxies: string[]
  /** Private or loopback peers that sent X-Forwarded-For while no proxy is trusted (this process only). */
  untrustedProxies: UntrustedProxyPeer[]
}

/**
 * The v1 services every entry registers (in the order the page lists them), and the channels each chooses among.
 * Keyed by the registry's identifier type, so a v1 service added there without a row here fails to compile.
 */
const V1_SERVICES = {
  "iotpay-wechat": { what: "WeChat Pay: QR code, or inside WeChat's browser", channels: ["WX_NATIVE", "WX_JSAPI"] },
  "iotpay-alipay": { what: "Alipay: desktop cashier, or mobile", channels: ["ALIPAY_PC", "ALIPAY_WAP"] },
  "iotpay-unionpay": { what: "UnionPay online cashier", channels: ["UPI_SEQ"] },
} as const satisfies Record<V1ServiceIdentifier, { what: string; channels: readonly string[] }>

/** IOTPay documents no v1 test host: its production host is live, anything else is a sandbox. */
export function v1ModeOf(v1ApiBase: string): IotpayMode {
  try {
    const url = new URL(v1ApiBase)
    return url.protocol === "https:" && url.hostname === "api.iotpaycloud.com" && (!url.port || url.port === "443")
      ? "live"
      : "sandbox"
  } catch {
    return "sandbox"
  }
}

export function v1Summary(id: string, options: IotpayProviderOptions): IotpayV1Summary {
  return {
    id,
    v1ApiBase: options.v1ApiBase,
    mode: v1ModeOf(options.v1ApiBase),
    refundQueryPath: options.v1RefundQueryPath ?? null,
    refundClientIp: options.v1RefundClientIp ?? null,
    currencies: [...options.currencies],
    services: Object.entries(V1_SERVICES).map(([identifier, s]) => ({
      providerId: providerIdOf(identifier as V1ServiceIdentifier, id),
      what: s.what,
      channels: [...s.channels],
      currencies: walletCurrenciesOf(s.channels, options.currencies),
    })),
    trustedProxies: [...(options.trustedProxies ?? [])],
    untrustedProxies: untrustedProxyPeers(id),
  }
}

/**
 * "Test connection" for v1: a signed query_order for a number that cannot exist, at the entry's v1ApiBase, with the
 * same four answers as V3's cc_query (credentials accepted on "no such order", 0112). No retries, capped timeouts;
 * a query changes nothing at IOTPay.
 */
export async function checkV1Connection(id: string, options: IotpayProviderOptions): Promise<ConnectionCheck> {
  const client = createWalletClient(options, { ...checkTimeouts(options), queryRetries: 0 })
  return runConnectionCheck(
    id,
    `${options.v1ApiBase.replace(/\/+$/, "")}/query_order`,
    (mchOrderNo) => client.queryOrder({ mchOrderNo }),
    () => client.close()
  )
}
