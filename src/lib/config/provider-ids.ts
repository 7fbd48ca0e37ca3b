/**
 * Medusa payment provider ids of this plugin: `pp_<service identifier>_<config id>`. One entry in medusa-config
 * (its `id`, e.g. "iotpay") registers every service below; this module is the one place that builds and parses them.
 */
export const IOTPAY_SERVICE_IDENTIFIERS = [
  "iotpay",
  "iotpay-wallet",
  "iotpay-alipay",
  "iotpay-wechat",
  "iotpay-unionpay",
] as const
export type IotpayServiceIdentifier = (typeof IOTPAY_SERVICE_IDENTIFIERS)[number]

/** The services that pay through IOTPay's v1 General Order API (WeChat Pay, Alipay, UnionPay online). */
export const V1_SERVICE_IDENTIFIERS = ["iotpay-alipay", "iotpay-wechat", "iotpay-unionpay"] as const
export type V1ServiceIdentifier = (typeof V1_SERVICE_IDENTIFIERS)[number]
export const isV1Service = (identifier: string): boolean =>
  (V1_SERVICE_IDENTIFIERS as readonly string[]).includes(identifier)

export const providerIdOf = (identifier: IotpayServiceIdentifier, configId: string) => `pp_${identifier}_${configId}`

/** Every provider id one IOTPay entry registers (cards, saved cards and UPI_EX; wallets; v1 wallets). */
export const providerIdsOf = (configId: string) => IOTPAY_SERVICE_IDENTIFIERS.map((i) => providerIdOf(i, configId))

/** The provider ids of one entry that use the V3 (card) API. */
export const v3ProviderIdsOf = (configId: string) => providerIdsOf(configId).filter((id) => !isV1ProviderId(id))

/** The provider ids of one entry that use the v1 General Order API. */
export const v1ProviderIdsOf = (configId: string) => V1_SERVICE_IDENTIFIERS.map((i) => providerIdOf(i, configId))

const PATTERN = new RegExp(`^pp_(${IOTPAY_SERVICE_IDENTIFIERS.map((i) => i.replace("-", "\\-")).join("|")})_(.+)$`)

/** The service and config id of one of this plugin's provider ids, or null for any other provider. */
export function parseProviderId(providerId: string): { identifier: IotpayServiceIdentifier; configId: string } | null {
  const m = PATTERN.exec(providerId)
  return m ? { identifier: m[1] as IotpayServiceIdentifier, configId: m[2] } : null
}

/** Whether this provider id is one of this plugin's v1 (WeChat Pay, Alipay, UnionPay) services. */
export function isV1ProviderId(providerId: string): boolean {
  const parsed = parseProviderId(providerId)
  return parsed !== null && isV1Service(parsed.identifier)
}

const METHOD_NAMES: Record<IotpayServiceIdentifier, string> = {
  iotpay: "Card",
  "iotpay-wallet": "Apple Pay / Google Pay",
  "iotpay-alipay": "Alipay",
  "iotpay-wechat": "WeChat Pay",
  "iotpay-unionpay": "UnionPay",
}

/**
 * What a merchant calls the provider ("WeChat Pay via IOTPay"), for the admin pages: Medusa's own Payments card
 * shows the raw provider id (2.21 offers no label for it), so the plugin's panel says it in words. The entry's id is
 * added when it is not the usual "iotpay" (a store with two IOTPay entries).
 */
export function providerDisplayName(providerId: string): string {
  const parsed = parseProviderId(providerId)
  if (!parsed) return providerId
  const entry = parsed.configId === "iotpay" ? "" : ` (${parsed.configId})`
  return `${METHOD_NAMES[parsed.identifier]} via IOTPay${entry}`
}
