/**
 * Medusa payment provider ids of this plugin: `pp_<service identifier>_<config id>`. One entry in medusa-config
 * (its `id`, e.g. "iotpay") registers every service below; this module is the one place that builds and parses them.
 */
export const IOTPAY_SERVICE_IDENTIFIERS = ["iotpay", "iotpay-wallet"] as const
export type IotpayServiceIdentifier = (typeof IOTPAY_SERVICE_IDENTIFIERS)[number]

export const providerIdOf = (identifier: IotpayServiceIdentifier, configId: string) => `pp_${identifier}_${configId}`

/** Every provider id one IOTPay entry registers (cards, saved cards and UPI_EX; wallets). */
export const providerIdsOf = (configId: string) => IOTPAY_SERVICE_IDENTIFIERS.map((i) => providerIdOf(i, configId))

const PATTERN = new RegExp(`^pp_(${IOTPAY_SERVICE_IDENTIFIERS.map((i) => i.replace("-", "\\-")).join("|")})_(.+)$`)

/** The service and config id of one of this plugin's provider ids, or null for any other provider. */
export function parseProviderId(providerId: string): { identifier: IotpayServiceIdentifier; configId: string } | null {
  const m = PATTERN.exec(providerId)
  return m ? { identifier: m[1] as IotpayServiceIdentifier, configId: m[2] } : null
}
