import { z } from "zod"
import { cents, httpUrl, merchantNo, optionalWireInt, optionalWireString, text, wireInt } from "../wire-fields"
import {
  V1_CHANNELS,
  V1_CHANNEL_CURRENCIES,
  V1_CURRENCIES,
  V1_OS_TYPE_CHANNELS,
  V1_RETURN_URL_CHANNELS,
  v1ChannelTakes,
  type V1Channel,
} from "./channels"
import { V1_CLIENT_IP_MAX } from "./client-ip"

/**
 * Shapes of the v1 messages (docs/iotpay-v1-protocol.md §5-§10). Requests are strict (what IOTPay would refuse is
 * refused before sending); responses are tolerant where the docs and real answers disagree: numbers as strings,
 * `retParams` as an object or a JSON string, the QR content under `codeUrl`, `qr_code`, `code_url` or
 * `payParams.codeUrl`.
 */

// ---------- request field rules ----------

const mchId = merchantNo(30)
const orderNo = merchantNo(30)
const channelId = z.enum(V1_CHANNELS, { error: `must be one of ${V1_CHANNELS.join(", ")}` })
const currency = z.enum(V1_CURRENCIES, { error: `must be one of ${V1_CURRENCIES.join(", ")}` })
const clientIp = z
  .string({ error: "is required (the shopper's IP address)" })
  .min(1, { error: "must not be empty" })
  .max(V1_CLIENT_IP_MAX, { error: `must be at most ${V1_CLIENT_IP_MAX} characters` })
// IOTPay appends the notify fields to notifyUrl as a query string (docs/iotpay-v1-protocol.md §8), so it must carry
// none itself.
const noQueryUrl = httpUrl.refine((s) => !s.includes("?"), {
  error: "must not contain '?' (IOTPay appends its own query string); put the data in the path",
})
const required = (max: number) => text(max).min(1, { error: "must not be empty" })
const jsonString = text(512).refine(
  (s) => {
    try {
      return typeof JSON.parse(s) === "object"
    } catch {
      return false
    }
  },
  { error: "must be a JSON object as a string (IOTPay signs the string verbatim)" }
)

/** Fields create_order and payForSubmit share. */
const orderFields = {
  mchId,
  mchOrderNo: orderNo,
  currency,
  amount: cents,
  clientIp,
  notifyUrl: noQueryUrl,
  subject: required(64),
  body: required(255),
  param1: text(64).optional(),
  param2: text(64).optional(),
  jobNo: z.string({ error: "is required (the merchant login name)" }).min(1).max(50),
  remarks: text(200).optional(),
}

export const createOrderRequestSchema = z
  .strictObject({
    ...orderFields,
    channelId,
    device: text(64).optional(),
    osType: z.enum(["IOS", "ANDROID"], { error: 'must be "IOS" or "ANDROID"' }).optional(),
    returnUrl: noQueryUrl.optional(),
    extra: jsonString.optional(),
    // Merchant-scan (*_MICROPAY) fields, docs/iotpay-v1-protocol.md §5.1.
    codeType: z.literal("barcode").optional(),
    identityCode: text(128).optional(),
    deviceId: text(64).optional(),
  })
  .superRefine((r, ctx) => {
    const need = (field: string, why: string) => ctx.addIssue({ code: "custom", path: [field], message: why })
    const ch = r.channelId as V1Channel
    if (V1_RETURN_URL_CHANNELS.includes(ch) && !r.returnUrl) need("returnUrl", `is required for ${ch}`)
    if (V1_OS_TYPE_CHANNELS.includes(ch) && !r.osType) need("osType", `is required for ${ch} ("IOS" or "ANDROID")`)
    if (ch === "WX_NATIVE" && !r.extra) need("extra", 'is required for WX_NATIVE ({"productId":"..."})')
    if (ch.endsWith("_MICROPAY") && !r.identityCode) need("identityCode", `is required for ${ch} (the scanned code)`)
    if (!v1ChannelTakes(ch, r.currency)) {
      need(
        "currency",
        `${r.currency} is not taken on ${ch} (IOTPay takes ${V1_CHANNEL_CURRENCIES[ch].join(", ")} there)`
      )
    }
  })

export const payForSubmitRequestSchema = z.strictObject({
  ...orderFields,
  channelId: z.literal("WX_JSAPI", { error: 'must be "WX_JSAPI"' }),
  returnUrl: noQueryUrl,
  extra: jsonString.optional(),
  /** 1: answer a `code_url` to render as a QR code instead of a `url` to open in WeChat. */
  qrcode_pay: z.literal(1).optional(),
})

/** Exactly the fields a query may name: at least one of the two ids. */
const eitherId = (r: Record<string, unknown>, a: string, b: string) => r[a] !== undefined || r[b] !== undefined

export const queryOrderRequestSchema = z
  .strictObject({ mchId, payOrderId: merchantNo(64).optional(), mchOrderNo: orderNo.optional() })
  .refine((r) => eitherId(r, "payOrderId", "mchOrderNo"), { error: "payOrderId or mchOrderNo is required" })

export const refundOrderRequestSchema = z.strictObject({
  mchId,
  mchRefundNo: orderNo,
  refundAmount: cents,
  clientIp,
  device: text(64).optional(),
  loginName: z.string({ error: "is required (the merchant login name)" }).min(1).max(32),
  payOrderId: merchantNo(64),
  // Listed by the older refund table and still sent by IOTPay's sample; optional (docs/iotpay-v1-protocol.md §9,
  // §14.11).
  currency: currency.optional(),
})

/** The refund query's fields are not documented (its page is unreadable): xxpay's, docs/iotpay-v1-protocol.md §10. */
export const queryRefundRequestSchema = z
  .strictObject({ mchId, mchRefundNo: orderNo.optional(), refundOrderId: merchantNo(64).optional() })
  .refine((r) => eitherId(r, "mchRefundNo", "refundOrderId"), { error: "mchRefundNo or refundOrderId is required" })

export type CreateOrderRequest = z.infer<typeof createOrderRequestSchema>
export type PayForSubmitRequest = z.infer<typeof payForSubmitRequestSchema>
export type QueryOrderRequest = z.infer<typeof queryOrderRequestSchema>
export type RefundOrderRequest = z.infer<typeof refundOrderRequestSchema>
export type QueryRefundRequest = z.infer<typeof queryRefundRequestSchema>

// ---------- response shapes (tolerant) ----------

const upperEnum = (values: readonly [string, ...string[]]) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), z.enum(values as [string, ...string[]]))

/** retCode: did the call get through; resCode: did the operation succeed (docs/iotpay-v1-protocol.md §3). */
export const v1EnvelopeSchema = z.looseObject({
  retCode: upperEnum(["SUCCESS", "FAIL"]),
  retMsg: optionalWireString,
  resCode: z.preprocess(
    (v) => (v === "" || v === null ? undefined : typeof v === "string" ? v.trim().toUpperCase() : v),
    z.enum(["SUCCESS", "FAIL"]).optional()
  ),
  errCode: optionalWireString,
  errCodeDes: optionalWireString,
})
export type V1Envelope = z.output<typeof v1EnvelopeSchema>

/**
 * Documented as a String holding JSON, seen as an object (docs/iotpay-v1-protocol.md §4): accept both, give an object.
 */
const objectOrJson = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v === "" || v === null ? undefined : v
    try {
      return JSON.parse(v) as unknown
    } catch {
      return v // left for the schema to report
    }
  },
  z.record(z.string(), z.unknown(), { error: "must be an object (or a JSON object as a string)" }).optional()
)

/** create_order's answer fields, as received. */
export const createOrderAnswerSchema = z.looseObject({
  payOrderId: optionalWireString,
  mchOrderNo: optionalWireString,
  codeUrl: optionalWireString,
  qr_code: optionalWireString,
  code_url: optionalWireString,
  retParams: objectOrJson,
  payParams: objectOrJson,
})

/** payForSubmit's answer: `url` for the WeChat browser, or `code_url` in QR mode. */
export const payForSubmitAnswerSchema = z.looseObject({
  url: optionalWireString,
  code_url: optionalWireString,
  codeUrl: optionalWireString,
  payOrderId: optionalWireString,
  mchOrderNo: optionalWireString,
})

/** A payment order (query_order answer, notify). payOrderId is not in the documented table, so it is optional. */
export const v1OrderSchema = z.looseObject({
  payOrderId: optionalWireString,
  mchId: optionalWireString,
  mchOrderNo: optionalWireString,
  channelId: optionalWireString,
  currency: optionalWireString,
  amount: wireInt,
  status: wireInt,
  clientIp: optionalWireString,
  device: optionalWireString,
  notifyUrl: optionalWireString,
  subject: optionalWireString,
  body: optionalWireString,
  param1: optionalWireString,
  param2: optionalWireString,
  extra: optionalWireString,
  /** Epoch milliseconds (V3 sends a date string; v1 a long). */
  paySuccTime: optionalWireInt,
  channelOrderNo: optionalWireString,
  /** Notify only: 1 = through the shopper's browser, 2 = server to server. */
  backType: optionalWireInt,
})
export type V1Order = z.output<typeof v1OrderSchema>

/**
 * refund_order's answer and the refund query's record; only the envelope is documented (docs/iotpay-v1-protocol.md §9,
 * §10).
 */
export const v1RefundSchema = z.looseObject({
  refundOrderId: optionalWireString,
  mchRefundNo: optionalWireString,
  payOrderId: optionalWireString,
  mchId: optionalWireString,
  refundAmount: optionalWireInt,
  currency: optionalWireString,
  status: optionalWireInt,
  refundSuccTime: optionalWireInt,
  channelOrderNo: optionalWireString,
})
export type V1Refund = z.output<typeof v1RefundSchema>
