import { z } from "zod"
import { classifyStatus } from "../../iotpay"

/**
 * What the plugin keeps in Medusa's payment session / payment `data`. Medusa replaces `data` with whatever a
 * provider method returns, so every method returns the whole object: the payment's own ids must survive refunds.
 * Never holds secrets or full card numbers (IOTPay only ever returns masked ones).
 */
export const reversalSchema = z.object({
  kind: z.enum(["refund", "void"]),
  mchRefundNo: z.string(),
  amountCents: z.number().int(),
  /** The exact Medusa amount of a refund (decimal text), so later refunds round cumulatively. */
  medusaAmount: z.string().optional(),
  payOrderId: z.string().optional(),
  /** IOTPay's status (0/1 pending, 2/3 done, 9 failed), or null while the outcome is unknown (answer lost). */
  status: z.number().int().nullable(),
  medusaId: z.string().optional(),
  at: z.string(),
  settledAt: z.string().optional(),
  /** "outside": made outside the store (IOTPay's portal), brought in by the statement check; never sent by the plugin. */
  origin: z.literal("outside").optional(),
})
export type Reversal = z.infer<typeof reversalSchema>

/** Money the plugin still owes back (a cancel whose void/refund failed or is unconfirmed); reconcile retries it. */
export const owedSchema = z.object({
  since: z.string(),
  why: z.string(),
  attempts: z.number().int(),
  lastError: z.string().optional(),
})

const sessionDataSchema = z.object({
  session_id: z.string().optional(),
  /** How the purchase starts: hosted card page (default), saved card (cc_purchasewithtoken) or wallet. */
  mode: z.enum(["hosted", "saved_card", "wallet", "v1"]).optional(),
  cardId: z.string().optional(),
  /** IOTPay's mchUserId for a saved-card charge: the Medusa customer id. */
  mchUserId: z.string().optional(),
  clientIp: z.string().optional(),
  walletType: z.string().optional(),
  /** The wallet's single-use token, kept only until the cart is completed (the charge), then erased. */
  walletData: z.string().optional(),
  mchOrderNo: z.string().optional(),
  attempt: z.number().int().optional(),
  /** The cents charged at IOTPay (half-up of `amount`, computed once at initiate): every check compares to this. */
  amountCents: z.number().int().optional(),
  /** Medusa's exact amount for this purchase (decimal text, may have more than 2 decimals). */
  amount: z.string().optional(),
  currency: z.string().optional(),
  redirectUrl: z.string().optional(),
  /** v1 QR channels (WX_NATIVE): the content the storefront renders as a QR code, then polls until paid. */
  codeUrl: z.string().optional(),
  /** v1 redirect channels when IOTPay hands back the wallet's auto-submitting HTML form instead of a URL. */
  payForm: z.string().optional(),
  /** v1: the wallet's own transaction id (WeChat / Alipay / UnionPay). */
  channelOrderNo: z.string().optional(),
  secureId: z.string().optional(),
  returnUrl: z.string().optional(),
  payOrderId: z.string().optional(),
  iotpayStatus: z.number().int().optional(),
  refundable: z.number().int().optional(),
  cardNum: z.string().optional(),
  cardType: z.string().optional(),
  authNum: z.string().optional(),
  paySuccTime: z.string().optional(),
  channel: z.string().optional(),
  captured: z.boolean().optional(),
  canceled: z.boolean().optional(),
  mismatch: z.string().optional(),
  reversals: z.array(reversalSchema).optional(),
  owed: owedSchema.optional(),
})

export type IotpaySessionData = z.infer<typeof sessionDataSchema>
const KEYS = Object.keys(sessionDataSchema.shape) as (keyof IotpaySessionData)[]

/**
 * Lenient read of the plugin's own keys; anything else is dropped. Medusa may hand partial data (deletePayment after
 * a failed initiate) or the storefront's input: a malformed key is dropped alone, never thrown on.
 */
export function readSessionData(data: unknown): IotpaySessionData {
  const source = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {}
  const parsed = sessionDataSchema.safeParse(source)
  if (parsed.success) return parsed.data
  const out: Record<string, unknown> = {}
  for (const key of KEYS) {
    const one = sessionDataSchema.shape[key].safeParse(source[key])
    if (one.success && one.data !== undefined) out[key] = one.data
  }
  return out as IotpaySessionData
}

/**
 * The data a provider method hands back to Medusa for a session the storefront created: Medusa stores
 * `{ ...storefrontData, ...returned }`, so every key the storefront sent is returned as undefined (dropped when
 * stored) and only the provider's own state remains. Provider state is never read from storefront keys.
 */
export function ownedSessionData(storefrontData: unknown, state: IotpaySessionData): Record<string, unknown> {
  const dropped = Object.fromEntries(
    Object.keys(typeof storefrontData === "object" && storefrontData ? storefrontData : {}).map((k) => [k, undefined])
  )
  return { ...dropped, ...state }
}

const isDone = (r: Reversal) => r.status !== null && classifyStatus(r.status) === "paid"
const isFailed = (r: Reversal) => r.status !== null && classifyStatus(r.status) === "failed"
/** Pending at IOTPay (0/1) or unknown (answer lost): neither done nor failed, to be settled by query. */
export const isOpen = (r: Reversal) => !isDone(r) && !isFailed(r)

export function reversedCents(data: IotpaySessionData): number {
  return (data.reversals ?? []).filter(isDone).reduce((s, r) => s + r.amountCents, 0)
}

/** Cents done or possibly on their way back (pending/unknown): what can no longer be refunded. */
export function reservedCents(data: IotpaySessionData): number {
  return (data.reversals ?? []).filter((r) => !isFailed(r)).reduce((s, r) => s + r.amountCents, 0)
}

export function openReversals(data: IotpaySessionData): Reversal[] {
  return (data.reversals ?? []).filter(isOpen)
}

/** True when something still has to be confirmed or returned at IOTPay for this payment. */
export const needsSettling = (data: IotpaySessionData) => openReversals(data).length > 0 || data.owed !== undefined

export function findReversal(data: IotpaySessionData, mchRefundNo: string): Reversal | undefined {
  return (data.reversals ?? []).find((r) => r.mchRefundNo === mchRefundNo)
}

/** Appends (or replaces, for a retried number) one reversal; the payment's own fields stay as they were. */
export function withReversal(data: IotpaySessionData, reversal: Reversal): IotpaySessionData {
  const others = (data.reversals ?? []).filter((r) => r.mchRefundNo !== reversal.mchRefundNo)
  return { ...data, reversals: [...others, reversal] }
}

/**
 * The Medusa id a payment's void and cancel numbers derive from, cards and wallets alike (mchRefundNoFor("void" |
 * "cancel_refund", key)): its session, one per attempt (attempt 1 keeps the readable session id, later ones add the
 * attempt). Data from before session ids were kept falls back to the payment's own numbers.
 */
export function reversalKey(data: IotpaySessionData): string {
  const base = data.session_id ?? data.payOrderId ?? data.mchOrderNo!
  return (data.attempt ?? 1) > 1 ? `${base}#${data.attempt}` : base
}

/** `data` with the reversal `number` recorded failed (status 9): no money moved under it. */
export function notMoved(data: IotpaySessionData, number: string): IotpaySessionData {
  const reversal = findReversal(data, number)
  return reversal ? withReversal(data, { ...reversal, status: 9, settledAt: new Date().toISOString() }) : data
}
