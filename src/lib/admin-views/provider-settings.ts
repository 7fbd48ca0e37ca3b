import {
  IotpayBadResponseError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  IotpayUnreachableError,
  isNotFound,
  redactFields,
  redactText,
} from "../../iotpay"
import { createCardClient } from "../gateway/card-gateway"
import { notifyUrlFor, type IotpayProviderOptions } from "../config/options"
import { providerIdOf } from "../config/provider-ids"

/** LIVE for IOTPay's production host, TEST for IOTPay's test host, SANDBOX for anything else (a local simulator). */
export type IotpayMode = "live" | "test" | "sandbox"

const LIVE_HOST = "ccapi.iotpaycloud.com"
const TEST_HOST = "ccdev.iotpaycloud.com"

export function modeOf(apiBase: string): IotpayMode {
  let url: URL
  try {
    url = new URL(apiBase)
  } catch {
    return "sandbox"
  }
  if (url.protocol !== "https:" || (url.port && url.port !== "443")) return "sandbox"
  if (url.hostname === LIVE_HOST) return "live"
  if (url.hostname === TEST_HOST) return "test"
  return "sandbox"
}

/** IOTPay V3 (cards, Apple Pay / Google Pay) settles CAD only. */
const CAD_ONLY = ["CAD"]

/** `currencies`: what the service takes (V3 cards and wallets: CAD; v1: the entry's, where IOTPay allows them). */
export type IotpayServiceSummary = { providerId: string; what: string; channels: string[]; currencies: string[] }

/** One provider entry of medusa-config as the admin's settings page shows it: never the secret key itself. */
export type IotpayProviderSummary = {
  id: string
  merchantId: string
  loginName: string
  apiBase: string
  mode: IotpayMode
  notifyUrl: string
  channel: string
  channelField: string
  autoCapture: boolean
  pciCompliant: boolean
  verifyResponseSignatures: string
  secretKeySet: boolean
  services: IotpayServiceSummary[]
}

export function providerSummary(id: string, options: IotpayProviderOptions): IotpayProviderSummary {
  const cards = options.channel === "UPI_EX" ? "UnionPay ExpressPay" : "hosted card page, saved cards"
  return {
    id,
    merchantId: options.merchantId,
    loginName: options.loginName,
    apiBase: options.apiBase,
    mode: modeOf(options.apiBase),
    notifyUrl: notifyUrlFor(options.backendUrl, id),
    channel: options.channel,
    channelField: options.channelField,
    autoCapture: options.autoCapture,
    pciCompliant: options.pciCompliant,
    verifyResponseSignatures: options.verifyResponseSignatures,
    secretKeySet: typeof options.secretKey === "string" && options.secretKey.length > 0,
    services: [
      { providerId: providerIdOf("iotpay", id), what: cards, channels: [options.channel], currencies: CAD_ONLY },
      // Wallet purchases come back on IOTPay's wallet channels (CC_CA Apple Pay, CC_CG Google Pay).
      {
        providerId: providerIdOf("iotpay-wallet", id),
        what: "Apple Pay / Google Pay",
        channels: ["CC_CA", "CC_CG"],
        currencies: CAD_ONLY,
      },
    ],
  }
}

/**
 * What "Test connection" found: credentials accepted (IOTPay answered "no such order" to a signed query, so it
 * checked our signature and knows the merchant), signature refused (wrong secret key or merchant id), unreachable
 * (nothing or no answer came back from the URL in time), or unexpected (anything else, shown redacted).
 */
export type ConnectionOutcome = "accepted" | "signature_refused" | "unreachable" | "unexpected"

export type ConnectionCheck = {
  providerId: string
  outcome: ConnectionOutcome
  message: string
  url: string
  /** The number asked about: made up so it cannot exist at IOTPay. */
  mchOrderNo: string
  /** IOTPay's retMsg / errCode, or the error, redacted. */
  detail?: string
  errorCode?: string
  ms: number
}

// IOTPay's codes for a request it will not authenticate: 0013 signature error, 0015 merchant does not exist.
const SIGNATURE_CODES = new Set(["0013", "0015"])
const MAX_CHECK_TIMEOUT_MS = 10_000

/** A number no purchase can carry (purchase numbers are derived from payment session ids, see ids.ts). */
export const probeOrderNo = () =>
  `CHK${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`

/** A query's client timeouts for a check: the entry's own, capped at 10 s so the admin gets an answer quickly. */
export function checkTimeouts(options: IotpayProviderOptions) {
  const cap = (ms: number | undefined, fallback: number) => Math.min(ms ?? fallback, MAX_CHECK_TIMEOUT_MS)
  return {
    connectTimeoutMs: cap(options.connectTimeoutMs, 5_000),
    headersTimeoutMs: cap(options.headersTimeoutMs, MAX_CHECK_TIMEOUT_MS),
    bodyTimeoutMs: cap(options.bodyTimeoutMs, MAX_CHECK_TIMEOUT_MS),
  }
}

/**
 * One check: `query` asks IOTPay (at `url`) about a number that cannot exist; what it answers or throws becomes one
 * of the four outcomes. `close` releases the check's client.
 */
export async function runConnectionCheck(
  id: string,
  url: string,
  query: (mchOrderNo: string) => Promise<unknown>,
  close: () => Promise<void>
): Promise<ConnectionCheck> {
  const mchOrderNo = probeOrderNo()
  const started = Date.now()
  const result = (
    outcome: ConnectionOutcome,
    message: string,
    extra: Partial<ConnectionCheck> = {}
  ): ConnectionCheck => ({
    providerId: id,
    outcome,
    message,
    url,
    mchOrderNo,
    ...extra,
    ms: Date.now() - started,
  })
  try {
    const record = await query(mchOrderNo)
    return result("unexpected", `IOTPay reported an order for ${mchOrderNo}, a number that cannot exist.`, {
      detail: JSON.stringify(redactFields(record)).slice(0, 500),
    })
  } catch (error) {
    return classifyConnectionError(error, result)
  } finally {
    await close().catch(() => {})
  }
}

/**
 * "Test connection": a signed cc_query for a number that cannot exist, with this entry's credentials and host. A
 * client of its own (no retries, timeouts capped at 10 s) so the admin gets an answer quickly; nothing is changed at
 * IOTPay by a query.
 */
export async function checkConnection(id: string, options: IotpayProviderOptions): Promise<ConnectionCheck> {
  const client = createCardClient(options, { ...checkTimeouts(options), queryRetries: 0 })
  const url = `${options.apiBase.replace(/\/+$/, "")}/cc_query`
  return runConnectionCheck(
    id,
    url,
    (mchOrderNo) => client.query({ mchOrderNo }),
    () => client.close()
  )
}

/** The four answers of "Test connection" from what a query threw (V3's cc_query and v1's query_order alike). */
function classifyConnectionError(
  error: unknown,
  result: (outcome: ConnectionOutcome, message: string, extra?: Partial<ConnectionCheck>) => ConnectionCheck
): ConnectionCheck {
  if (isNotFound(error)) {
    return result("accepted", 'Credentials accepted: IOTPay checked the signature and answered "no such order".', {
      detail: error.retMsg,
      errorCode: error.errorCode,
    })
  }
  if (error instanceof IotpayRejectedError) {
    const refused =
      (error.errorCode !== undefined && SIGNATURE_CODES.has(error.errorCode)) ||
      /sign|merchant (?:does )?not exist|no such merchant/i.test(error.retMsg)
    if (refused) {
      return result("signature_refused", "Signature refused: IOTPay did not accept this merchant id and secret key.", {
        detail: error.retMsg,
        errorCode: error.errorCode,
      })
    }
    return result("unexpected", "Unexpected answer: IOTPay refused the query for another reason.", {
      detail: error.retMsg,
      errorCode: error.errorCode,
    })
  }
  if (error instanceof IotpayUnreachableError || error instanceof IotpayOutcomeUnknownError) {
    const cause = (error as { cause?: unknown }).cause
    const why = cause instanceof Error ? cause.message : error.message
    return result("unreachable", "Unreachable: no answer came back from IOTPay in time.", {
      detail: redactText(why).slice(0, 300),
    })
  }
  if (error instanceof IotpayBadResponseError) {
    return result("unexpected", "Unexpected answer: IOTPay's response could not be used.", { detail: error.reason })
  }
  return result("unexpected", "Unexpected answer.", {
    detail: redactText((error as Error)?.message ?? String(error)).slice(0, 300),
  })
}
