/**
 * Medusa's ids of the IOTPay providers: one entry `{ id: "iotpay" }` in medusa-config gives `pp_iotpay_iotpay` (hosted
 * card page and saved cards) and `pp_iotpay-wallet_iotpay` (Apple Pay / Google Pay).
 */

/** `pp_iotpay_<id>`: the hosted card page and saved cards. @example cardProviderId() // "pp_iotpay_iotpay" */
export const cardProviderId = (entryId = "iotpay") => `pp_iotpay_${entryId}`

/** `pp_iotpay-wallet_<id>`: Apple Pay and Google Pay. */
export const walletProviderId = (entryId = "iotpay") => `pp_iotpay-wallet_${entryId}`

/** True for any IOTPay provider id (card or wallet), e.g. to pick the pay button. */
export const isIotpayProvider = (providerId?: string | null) =>
  !!providerId && (providerId.startsWith("pp_iotpay_") || providerId.startsWith("pp_iotpay-wallet_"))
