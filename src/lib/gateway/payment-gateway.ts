import { MedusaError } from "@medusajs/framework/utils"
import { isIotpayError, mchOrderNoForSession, type IotpayError, type OrderRecord } from "../../iotpay"
import type { IotpayProviderOptions } from "../config/options"
import { recordMismatch, withPaymentRecord } from "./payment-record"
import type { IotpaySessionData } from "../money/session-data"
import type { NumberBehaviour } from "./idempotent-send"

/**
 * What one IOTPay API can do for the money engine, said once so that the providers, the reconcile job, the notify
 * subscriber and the admin panel ask every API the same way. Two implementations: `CardGateway` (the Credit Card V3
 * API: cards, Apple Pay, Google Pay; src/lib/gateway/card-gateway.ts) and `WalletGateway` (the v1 General Order API: WeChat
 * Pay, Alipay, UnionPay; src/lib/gateway/wallet-gateway.ts). Records come back in one shape (`OrderRecord`, status in V3's
 * terms); what an API cannot do is a flag, never a made-up answer.
 */
export interface PaymentGateway {
  readonly api: "v3" | "v1"
  readonly merchantId: string
  /** The payment IOTPay holds under this number, or null only when IOTPay says it has none. */
  findPayment(query: { mchOrderNo: string } | { payOrderId: string }): Promise<OrderRecord | null>
  /** The refund or void IOTPay holds under this mchRefundNo; null when it has none or cannot be asked. */
  findReversal(mchRefundNo: string): Promise<OrderRecord | null>
  /** Whether IOTPay's payment record carries a refundable figure (V3 does; v1 does not, and none is made up). */
  readonly reportsRefundable: boolean
  /**
   * How IOTPay treats reversal numbers: found by number or not (`reversalLookup` "query-by-number": then "none" means
   * "never received"), a repeated number replayed or refused.
   */
  readonly numbers: NumberBehaviour
  /** Whether the API can void a payment (V3's cc_void). v1 cannot: a cancel refunds everything left. */
  readonly canVoid: boolean
  /** How IOTPay itself writes "failed" for a reversal (V3 9, v1's refund 3), for the messages. */
  readonly failedCode: number
  /**
   * One refund under its deterministic number, answered in V3's terms (failed is 9). A lost or unreadable answer
   * throws an unknown outcome (idempotent-send.ts isUnknownOutcome): the engine records it open and settles it.
   */
  sendRefund(refund: RefundRequest): Promise<OrderRecord>
  /** One void of the whole payment under its number; only called where canVoid. */
  sendVoid(payOrderId: string, mchRefundNo: string): Promise<OrderRecord>
}

/** What the engine asks a gateway to refund: cents of the payment's own currency, under a deterministic number. */
export type RefundRequest = {
  payOrderId: string
  mchRefundNo: string
  cents: number
  currency: string
  /** The shopper's IP the payment was made from (v1 asks for one on refunds); V3 ignores it. */
  clientIp?: string
}

/** The client settings both APIs take from a provider entry's options (each adds its own base URL). */
export const clientBasics = (options: IotpayProviderOptions) => ({
  merchantId: options.merchantId,
  loginName: options.loginName,
  secretKey: options.secretKey,
  connectTimeoutMs: options.connectTimeoutMs,
  headersTimeoutMs: options.headersTimeoutMs,
  bodyTimeoutMs: options.bodyTimeoutMs,
  verifyResponseSignatures: options.verifyResponseSignatures,
})

/**
 * One keep-alive gateway per entry and settings (`key`) for code outside the provider (admin route, reconcile job,
 * notify subscriber), which cannot reach the provider instance inside the payment module.
 */
export function keptGateway<G>(kept: Map<string, G>, key: unknown[], make: () => G): G {
  const id = key.map((k) => k ?? "").join(":")
  let gateway = kept.get(id)
  if (!gateway) {
    gateway = make()
    kept.set(id, gateway)
  }
  return gateway
}

/**
 * The IOTPay number of this session's current attempt, derived from Medusa's session id (never read from session
 * data a storefront could have written), or null when there is no session id or no attempt was opened at IOTPay yet
 * (attempt 0, see payment-start.ts).
 */
export function derivedOrderNo(data: IotpaySessionData): string | null {
  if (!data.session_id || data.attempt === 0) return null
  return mchOrderNoForSession(data.session_id, data.attempt ?? 1)
}

/**
 * Finds the payment at IOTPay by the session-derived number and returns the data with the payOrderId IOTPay
 * reports: every void and refund acts on that, never on a payOrderId found in session data. Null when IOTPay has no
 * such order; any other query failure is thrown, as a MedusaError saying IOTPay could not be asked when the network
 * or IOTPay failed (an admin's refund then reads why, not Medusa's "An unknown error occurred."). A record of another
 * merchant or of a refund is refused.
 */
export async function locatePayment(
  gateway: PaymentGateway,
  data: IotpaySessionData
): Promise<{ data: IotpaySessionData; record: OrderRecord } | null> {
  const mchOrderNo = derivedOrderNo(data)
  if (!mchOrderNo) return null
  let record: OrderRecord | null
  try {
    record = await gateway.findPayment({ mchOrderNo })
  } catch (error) {
    throw isIotpayError(error) && error.kind in NOT_ASKED ? lookupFailed(error, mchOrderNo) : error
  }
  if (!record) return null
  const mismatch = recordMismatch(record, { merchantId: gateway.merchantId, mchOrderNo, currency: data.currency })
  if (mismatch) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `IOTPay's record for ${mchOrderNo} is not this payment (${mismatch}); nothing was sent. Check it in IOTPay's portal.`
    )
  }
  return { data: withPaymentRecord({ ...data, mchOrderNo }, record), record }
}

/** The failures that mean IOTPay could not be asked (a refusal or our own bad input are thrown as they are). */
const NOT_ASKED: Record<string, string> = {
  unreachable: "could not be reached",
  outcome_unknown: "did not answer in time",
  bad_response: "answered with something unusable",
}

/**
 * The payment could not be looked up, so nothing that moves money was sent (every refund and void is sent only after
 * this lookup, and capture sends nothing). Medusa answers UNEXPECTED_STATE with this message (HTTP 500; Medusa has
 * no "gateway down" type).
 */
function lookupFailed(error: IotpayError, mchOrderNo: string): MedusaError {
  return new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `IOTPay ${NOT_ASKED[error.kind]} when asked about payment ${mchOrderNo} (${error.endpoint}), so no ` +
      `refund or void was sent and nothing was recorded. Try again once IOTPay answers (check apiBase and the network ` +
      `if it persists).`
  )
}
