import { z } from "zod"
import { maskCardNumber } from "./redact"
import {
  cents,
  httpUrl,
  merchantNo,
  optionalWireInt,
  optionalWireString,
  text,
  wireInt,
  wireString,
} from "./wire-fields"

/**
 * Shapes of the IOTPay V3 messages (docs/iotpay-protocol.md). Requests are strict: we refuse to send what
 * IOTPay would reject or mis-sign. Responses are loose: IOTPay adds fields and sends numbers as strings at times,
 * and a too-strict parser would turn a successful charge into an error.
 */

export const IOTPAY_STATUS = { PENDING: 0, UNKNOWN: 1, SUCCESS: 2, SUCCESS_NOTIFIED: 3, FAILED: 9 } as const
export type IotpayStatus = (typeof IOTPAY_STATUS)[keyof typeof IOTPAY_STATUS]

/** What an IOTPay status means for the merchant: money still on its way, moved, or not coming. */
export type IotpayStatusClass = "pending" | "paid" | "failed"

/**
 * The one place IOTPay's status codes are interpreted: 0 (pending) and 1 (unknown) → "pending"; 2 (success) and
 * 3 (success, merchant notified) → "paid"; 9 (failed) → "failed"; any other value → "pending" (never guess money
 * moved, never guess it failed: query again later). Numeric strings from the wire ("2") are read as numbers.
 */
export function classifyStatus(status: number | string | null | undefined): IotpayStatusClass {
  const n = typeof status === "string" && /^\s*\d+\s*$/.test(status) ? Number(status) : status
  switch (n) {
    case IOTPAY_STATUS.SUCCESS:
    case IOTPAY_STATUS.SUCCESS_NOTIFIED:
      return "paid"
    case IOTPAY_STATUS.FAILED:
      return "failed"
    default:
      return "pending"
  }
}

/** 2 and 3 both mean the money moved (classifyStatus(status) === "paid"). */
export function isSuccessStatus(status: unknown): boolean {
  return classifyStatus(typeof status === "number" || typeof status === "string" ? status : undefined) === "paid"
}

export const IOTPAY_CHANNELS = ["PF_CC", "UPI_EX"] as const
export const WALLET_TYPES = ["ApplePay", "GooglePay"] as const

// ---------- request field rules ----------

const mchId = merchantNo(30)
const loginName = z
  .string({ error: "is required (the merchant's IOTPay login name)" })
  .min(1, { error: "must not be empty" })
  .max(12, { error: "must be at most 12 characters" })
const currency = z.literal("CAD", { error: 'must be "CAD" (IOTPay V3 supports only CAD)' })
const channel = z.enum(IOTPAY_CHANNELS, { error: 'must be "PF_CC" or "UPI_EX"' })
const notifyUrl = httpUrl.refine((s) => !s.includes("?"), {
  error: "must not contain '?' (IOTPay drops query strings from notify URLs); put the data in the path",
})

export const purchaseRequestSchema = z.strictObject({
  mchId,
  mchOrderNo: merchantNo(30),
  mchUserId: merchantNo(30),
  amount: cents,
  currency,
  loginName,
  subject: text(64).optional(),
  body: text(250).optional(),
  channel,
  notifyUrl,
  returnUrl: httpUrl,
})

export const addCardRequestSchema = z.strictObject({
  mchId,
  cardId: merchantNo(30),
  loginName,
  channel,
  returnUrl: httpUrl,
})

export const directAddCardRequestSchema = z.strictObject({
  mchId,
  cardId: merchantNo(30),
  cardNum: z
    .string({ error: "is required (the card number, digits only)" })
    .regex(/^\d{12,19}$/, { error: "must be 12 to 19 digits with no spaces" }),
  expiryDate: z
    .string()
    .regex(/^(0[1-9]|1[0-2])\d{2}$/, { error: "must be MMYY, e.g. 0727" })
    .optional(),
  holder: z
    .string({ error: "is required (the cardholder's name)" })
    .min(1, { error: "must not be empty" })
    .max(100, { error: "must be at most 100 characters" }),
  cvv: z.string({ error: "is required" }).regex(/^\d{3,4}$/, { error: "must be 3 or 4 digits" }),
  loginName,
  channel,
})

export const queryCardRequestSchema = z.strictObject({ mchId, cardId: merchantNo(30) })

export const purchaseWithTokenRequestSchema = z.strictObject({
  mchId,
  mchOrderNo: merchantNo(30),
  mchUserId: merchantNo(30),
  cardId: merchantNo(30),
  amount: cents,
  currency,
  loginName,
  subject: text(64).optional(),
  body: text(250).optional(),
  clientIp: z.string().max(50, { error: "must be at most 50 characters" }).optional(),
})

export const purchaseWithWalletRequestSchema = z.strictObject({
  mchId,
  mchOrderNo: merchantNo(30),
  amount: cents,
  currency,
  walletType: z.enum(WALLET_TYPES, { error: 'must be "ApplePay" or "GooglePay"' }),
  walletData: z
    .string({ error: "is required (the wallet payment token, base64-encoded)" })
    .min(1, { error: "must not be empty" })
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: "must be base64-encoded (A-Z a-z 0-9 + / =)" })
    .refine((s) => s.length % 4 === 0, { error: "must be padded base64 (length a multiple of 4)" }),
  loginName,
  subject: text(64).optional(),
  body: text(250).optional(),
})

export const refundRequestSchema = z.strictObject({
  mchId,
  mchRefundNo: merchantNo(30),
  loginName,
  refundAmount: cents,
  payOrderId: merchantNo(30),
})

export const voidRequestSchema = z.strictObject({
  mchId,
  mchRefundNo: merchantNo(30),
  loginName,
  payOrderId: merchantNo(30),
})

export const queryRequestSchema = z
  .strictObject({ mchId, payOrderId: merchantNo(30).optional(), mchOrderNo: merchantNo(30).optional() })
  .superRefine((q, ctx) => {
    const given = Number(q.payOrderId !== undefined) + Number(q.mchOrderNo !== undefined)
    if (given !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["payOrderId"],
        message: "give exactly one of payOrderId or mchOrderNo (IOTPay looks up by one of them)",
      })
    }
  })

export type PurchaseRequest = z.infer<typeof purchaseRequestSchema>
export type AddCardRequest = z.infer<typeof addCardRequestSchema>
export type DirectAddCardRequest = z.infer<typeof directAddCardRequestSchema>
export type QueryCardRequest = z.infer<typeof queryCardRequestSchema>
export type PurchaseWithTokenRequest = z.infer<typeof purchaseWithTokenRequestSchema>
export type PurchaseWithWalletRequest = z.infer<typeof purchaseWithWalletRequestSchema>
export type RefundRequest = z.infer<typeof refundRequestSchema>
export type VoidRequest = z.infer<typeof voidRequestSchema>
export type QueryRequest = z.infer<typeof queryRequestSchema>

/** Endpoint name → request schema; the client looks schemas up here. */
export const requestSchemas = {
  cc_purchase: purchaseRequestSchema,
  cc_addcard: addCardRequestSchema,
  cc_directaddcard: directAddCardRequestSchema,
  cc_querycard: queryCardRequestSchema,
  cc_purchasewithtoken: purchaseWithTokenRequestSchema,
  cc_purchasewithwallet: purchaseWithWalletRequestSchema,
  cc_refund: refundRequestSchema,
  cc_void: voidRequestSchema,
  cc_query: queryRequestSchema,
} as const
export type IotpayEndpoint = keyof typeof requestSchemas

// ---------- response field rules (tolerant) ----------

export const responseEnvelopeSchema = z.looseObject({
  retCode: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
    z.enum(["SUCCESS", "FAIL"], { error: 'must be "SUCCESS" or "FAIL"' })
  ),
  retMsg: optionalWireString,
  retData: z.unknown().optional(),
})
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>

const orderRecordShape = {
  payOrderId: wireString,
  mchId: optionalWireString,
  mchOrderNo: optionalWireString,
  originalOrderId: optionalWireString,
  amount: wireInt,
  currency: optionalWireString,
  payType: optionalWireString,
  refundable: optionalWireInt,
  status: wireInt,
  invoiceNum: optionalWireString,
  paySuccTime: optionalWireString,
  cardNum: optionalWireString,
  cardType: optionalWireString,
  expiryDate: optionalWireString,
  authNum: optionalWireString,
  transNum: optionalWireString,
  channel: optionalWireString,
  channelId: optionalWireString,
}

// The docs name it `channel`, IOTPay's SDK `channelId`: read either into `channel`.
const withChannel = <T extends { channel?: string; channelId?: string }>(r: T): T => ({
  ...r,
  channel: r.channel ?? r.channelId,
})

/** The order record: query, token/wallet purchase, refund, void, notify. Unknown fields are kept. */
export const orderRecordSchema = z.looseObject(orderRecordShape).transform(withChannel)
export type OrderRecord = z.output<typeof orderRecordSchema>

/** V3 notify: the order record plus `sign`; mchId is required so we can check it is ours. */
export const notifySchema = z
  .looseObject({
    ...orderRecordShape,
    mchId: wireString,
    sign: z.string({ error: "is required" }).regex(/^[0-9A-Fa-f]{32}$/, { error: "must be 32 hex characters" }),
  })
  .transform(withChannel)
export type NotifyMessage = z.output<typeof notifySchema>

/**
 * Card info from cc_directaddcard / cc_querycard. The docs list `cvv` and `cardNum` in the answer; we never hand
 * a CVV or full card number onward (it would end up in session data and logs), so cvv is dropped and cardNum masked.
 */
export const cardInfoSchema = z
  .looseObject({
    cardId: wireString,
    cardNum: optionalWireString,
    expiryDate: optionalWireString,
    holder: optionalWireString,
    cardType: optionalWireString,
    cvv: z.unknown().optional(),
  })
  .transform(({ cvv: _cvv, sign: _sign, ...rest }) => ({
    ...rest,
    cardNum: rest.cardNum === undefined ? undefined : maskCardNumber(rest.cardNum),
  }))
export type CardInfo = z.output<typeof cardInfoSchema>

/** cc_purchase / cc_addcard: where to send the shopper, plus the secureId for IOTPay's embedded/mobile SDKs. */
export const redirectResultSchema = z.looseObject({
  redirectUrl: z
    .string({ error: "is required" })
    .refine((s) => /^https?:\/\//i.test(s), { error: "must be an http(s) URL" }),
  secureId: z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string({ error: "must be a string" })),
})
export type RedirectResult = z.output<typeof redirectResultSchema>

/**
 * Turns zod issues into {field, message} pairs that name the field and never echo its value. One issue per
 * field (the first): an empty string failing both "non-empty" and "format" needs only the first message.
 */
export function toIssues(error: z.ZodError): { field: string; message: string }[] {
  const byField = new Map<string, string>()
  for (const i of error.issues) {
    if (i.code === "unrecognized_keys") {
      for (const key of i.keys) if (!byField.has(key)) byField.set(key, "is not a field of this request; remove it")
      continue
    }
    const field = i.path.length ? i.path.map(String).join(".") : "(request)"
    if (!byField.has(field)) byField.set(field, i.message)
  }
  return [...byField].map(([field, message]) => ({ field, message }))
}

/** toIssues as one line of text, "field message; field message", for error messages about answers received. */
export function issueText(error: z.ZodError): string {
  return toIssues(error)
    .map((i) => `${i.field} ${i.message}`)
    .join("; ")
}
