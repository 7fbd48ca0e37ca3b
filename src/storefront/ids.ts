/**
 * Medusa's ids of the IOTPay providers: one entry `{ id: "iotpay" }` in medusa-config gives `pp_iotpay_iotpay` (hosted
 * card page and saved cards), `pp_iotpay-wallet_iotpay` (Apple Pay / Google Pay), and on IOTPay's v1 API
 * `pp_iotpay-wechat_iotpay`, `pp_iotpay-alipay_iotpay`, `pp_iotpay-unionpay_iotpay`.
 */

/** `pp_iotpay_<id>`: the hosted card page and saved cards. @example cardProviderId() // "pp_iotpay_iotpay" */
export const cardProviderId = (entryId = "iotpay") => `pp_iotpay_${entryId}`

/** `pp_iotpay-wallet_<id>`: Apple Pay and Google Pay. */
export const walletProviderId = (entryId = "iotpay") => `pp_iotpay-wallet_${entryId}`

/** The wallets IOTPay serves through its v1 API: WeChat Pay, Alipay and UnionPay online. */
export type V1Wallet = "wechat" | "alipay" | "unionpay"

/** The v1 wallets, in the order a checkout usually lists them. */
export const V1_WALLETS: readonly V1Wallet[] = ["wechat", "alipay", "unionpay"]

/**
 * `pp_iotpay-<wallet>_<id>`: WeChat Pay, Alipay or UnionPay online (IOTPay v1).
 * @example v1ProviderId("wechat") // "pp_iotpay-wechat_iotpay"
 */
export const v1ProviderId = (wallet: V1Wallet, entryId = "iotpay") => `pp_iotpay-${wallet}_${entryId}`

/**
 * The v1 wallet of a provider id, or undefined for any other provider. @example v1WalletOf("pp_iotpay-alipay_iotpay")
 * // "alipay"
 */
export function v1WalletOf(providerId?: string | null): V1Wallet | undefined {
  const match = /^pp_iotpay-(wechat|alipay|unionpay)_/.exec(providerId ?? "")
  return match ? (match[1] as V1Wallet) : undefined
}

/** True for any IOTPay provider id (card, Apple/Google Pay wallet, or a v1 wallet), e.g. to pick the pay button. */
export const isIotpayProvider = (providerId?: string | null) =>
  !!providerId &&
  (providerId.startsWith("pp_iotpay_") || providerId.startsWith("pp_iotpay-wallet_") || !!v1WalletOf(providerId))
