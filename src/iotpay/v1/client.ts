import type { z } from "zod"
import { responseSignatureMode, type IotpayResponseSignatureMode } from "../client"
import { IotpayInvalidRequestError, type IotpayIssue } from "../errors"
import { issueText, toIssues } from "../schemas"
import { verifySignature } from "../sign"
import { GatewayTransport, parseApiBase, withRetries, type GatewayTransportOptions } from "../transport"
import type { V1Channel } from "./channels"
import { normalizeClientIp } from "./client-ip"
import { v1BadResponse, v1Failure, V1_SETTLING_QUERY } from "./failure"
import { jsapiActionOf, payActionOf, type V1PayAction } from "./pay-action"
import {
  createOrderAnswerSchema,
  createOrderRequestSchema,
  payForSubmitAnswerSchema,
  payForSubmitRequestSchema,
  queryOrderRequestSchema,
  queryRefundRequestSchema,
  refundOrderRequestSchema,
  v1EnvelopeSchema,
  v1OrderSchema,
  v1RefundSchema,
  type CreateOrderRequest,
  type PayForSubmitRequest,
  type RefundOrderRequest,
  type V1Order,
  type V1Refund,
} from "./schemas"
import { encodeV1Body, signV1Message, V1_CONTENT_TYPE } from "./wire"

export const DEFAULT_V1_API_BASE = "https://api.iotpaycloud.com/v1"
/** What the sandbox serves; IOTPay's own refund query path is not known (docs/iotpay-v1-protocol.md §10). */
export const SANDBOX_V1_REFUND_QUERY_PATH = "query_refund_order"

export type V1Endpoint = "create_order" | "payForSubmit" | "query_order" | "refund_order" | "refund_query"

export interface IotpayV1ClientOptions extends GatewayTransportOptions {
  merchantId: string
  /** The merchant login name: sent as `jobNo` (create_order, payForSubmit) and `loginName` (refund_order). */
  loginName: string
  secretKey: string
  /** Production by default (https://api.iotpaycloud.com/v1); IOTPay documents no v1 test host. */
  apiBase?: string
  /** Extra attempts for read-only calls (query_order, refund query) after a network failure or 5xx. */
  queryRetries?: number
  retryBackoffMs?: number
  /** As IotpayClient's: "off", "if-present" (default), "required". Answers with nested objects cannot be checked. */
  verifyResponseSignatures?: IotpayResponseSignatureMode | boolean
  /**
   * Path of the refund query under apiBase (e.g. "query_refund_order", what the sandbox serves). Absent: the
   * refund query is unavailable (IOTPay's page for it is unreadable) and queryRefund throws before sending.
   */
  refundQueryPath?: string
  /** `device` sent when a call names none (the docs say "WEB" for web integrations). */
  device?: string
}

type Filled = "mchId" | "jobNo"
/** Medusa holds lower-case currency codes: upper-cased before the check. The client IP is normalized (client-ip.ts). */
type Loose = { currency: string; clientIp: string }

export type V1CreateOrderInput = Omit<CreateOrderRequest, Filled | keyof Loose | "extra"> &
  Loose & {
    /** A JSON string, or an object that is serialised once here. WX_NATIVE defaults to {"productId": mchOrderNo}. */
    extra?: string | Record<string, unknown>
  }
export type V1PayForSubmitInput = Omit<
  PayForSubmitRequest,
  Filled | keyof Loose | "extra" | "channelId" | "qrcode_pay"
> &
  Loose & {
    extra?: string | Record<string, unknown>
    /** Ask for a `code_url` to render as a QR code (qrcode_pay=1) instead of a URL to open inside WeChat. */
    qrMode?: boolean
  }
export type V1QueryOrderInput = { payOrderId: string; mchOrderNo?: never } | { mchOrderNo: string; payOrderId?: never }
export type V1RefundInput = Omit<RefundOrderRequest, "mchId" | "loginName" | keyof Loose> & {
  clientIp: string
  currency?: string
}
export type V1QueryRefundInput =
  { mchRefundNo: string; refundOrderId?: never } | { refundOrderId: string; mchRefundNo?: never }

export interface V1CreateOrderResult {
  /** IOTPay's order id: store it, refunds need it. Optional because not every answer documents it. */
  payOrderId?: string
  mchOrderNo: string
  channelId: V1Channel
  /** What the shopper does next. */
  action: V1PayAction
  raw: Record<string, unknown>
}
export type V1PayForSubmitResult = Omit<V1CreateOrderResult, "channelId">
export type V1RefundResult = V1Refund & { raw: Record<string, unknown> }

const READ_ONLY: ReadonlySet<V1Endpoint> = new Set(["query_order", "refund_query"])

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
}

function jsonText(extra: string | Record<string, unknown> | undefined): string | undefined {
  return extra === undefined || typeof extra === "string" ? extra : JSON.stringify(extra)
}

/**
 * Client for IOTPay's v1 General Order API (WeChat Pay, Alipay, UnionPay). Same rules as the V3 IotpayClient:
 * input is validated before anything is sent; only the queries are retried; a mutating call whose answer is lost is
 * an IotpayOutcomeUnknownError (query by mchOrderNo, or resend a refund with the same mchRefundNo).
 */
export class IotpayV1Client {
  private readonly transport: GatewayTransport
  private readonly o: Required<Pick<IotpayV1ClientOptions, "merchantId" | "loginName" | "secretKey" | "device">>
  private readonly queryRetries: number
  private readonly retryBackoffMs: number
  private readonly signatureMode: IotpayResponseSignatureMode
  private readonly refundQueryPath?: string

  constructor(options: IotpayV1ClientOptions) {
    const issues: IotpayIssue[] = []
    const check = (ok: boolean, field: string, message: string) => ok || issues.push({ field, message })
    check(
      typeof options?.merchantId === "string" && /^\S{1,30}$/.test(options.merchantId),
      "merchantId",
      "must be your IOTPay mchId (1-30 characters, no spaces)"
    )
    check(
      typeof options?.loginName === "string" && /^\S{1,32}$/.test(options.loginName),
      "loginName",
      "must be your IOTPay login name (1-32 characters)"
    )
    check(
      typeof options?.secretKey === "string" && options.secretKey !== "",
      "secretKey",
      "must be the merchant secret key from the IOTPay portal"
    )
    const mode = responseSignatureMode(options?.verifyResponseSignatures)
    check(mode !== undefined, "verifyResponseSignatures", 'must be "off", "if-present" or "required" (or true / false)')
    const base = parseApiBase(options?.apiBase ?? DEFAULT_V1_API_BASE)
    check(base !== undefined, "apiBase", `must be an http(s) URL without query, e.g. ${DEFAULT_V1_API_BASE}`)
    const path = options?.refundQueryPath
    check(
      path === undefined || /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(path),
      "refundQueryPath",
      'must be a path under apiBase such as "query_refund_order"'
    )
    if (issues.length || !base || !mode) throw new IotpayInvalidRequestError("IotpayV1Client options", issues)

    this.o = {
      merchantId: options.merchantId,
      loginName: options.loginName,
      secretKey: options.secretKey,
      device: options.device ?? "WEB",
    }
    this.queryRetries = Math.max(0, options.queryRetries ?? 2)
    this.retryBackoffMs = Math.max(0, options.retryBackoffMs ?? 150)
    this.signatureMode = mode
    this.refundQueryPath = path
    this.transport = new GatewayTransport(base, options, { query: V1_SETTLING_QUERY })
  }

  /** create_order: opens a payment order; the answer says what the shopper does next (QR, redirect, SDK...). */
  async createOrder(input: V1CreateOrderInput): Promise<V1CreateOrderResult> {
    const endpoint = "create_order"
    const extra =
      jsonText(input.extra) ??
      (input.channelId === "WX_NATIVE" ? JSON.stringify({ productId: input.mchOrderNo }) : undefined)
    const message = {
      ...this.orderBase(endpoint, input),
      channelId: input.channelId,
      device: input.device ?? this.o.device,
      extra,
    }
    const sent = this.validate(endpoint, createOrderRequestSchema, message)
    const body = await this.call(endpoint, endpoint, sent)
    const answer = this.parse(endpoint, createOrderAnswerSchema, body)
    this.sameOrder(endpoint, answer.mchOrderNo, sent.mchOrderNo)
    return {
      payOrderId: answer.payOrderId,
      mchOrderNo: sent.mchOrderNo,
      channelId: sent.channelId,
      action: payActionOf(endpoint, sent.channelId, answer),
      raw: body,
    }
  }

  /** payForSubmit: WX_JSAPI for a page open inside WeChat's browser (a URL to open there, or a QR in qrMode). */
  async payForSubmit(input: V1PayForSubmitInput): Promise<V1PayForSubmitResult> {
    const endpoint = "payForSubmit"
    const { qrMode, ...rest } = input
    const message = {
      ...this.orderBase(endpoint, rest),
      channelId: "WX_JSAPI",
      extra: jsonText(rest.extra),
      qrcode_pay: qrMode ? 1 : undefined,
    }
    const sent = this.validate(endpoint, payForSubmitRequestSchema, message)
    const body = await this.call(endpoint, endpoint, sent)
    const answer = this.parse(endpoint, payForSubmitAnswerSchema, body)
    this.sameOrder(endpoint, answer.mchOrderNo, sent.mchOrderNo)
    return {
      payOrderId: answer.payOrderId,
      mchOrderNo: sent.mchOrderNo,
      action: jsapiActionOf(endpoint, answer, !!qrMode),
      raw: body,
    }
  }

  /**
   * query_order by payOrderId or mchOrderNo; retried on network failure/5xx. IotpayNotFoundError (isNotFound) only
   * when IOTPay says the order does not exist (0112). Read `status` with classifyV1Status.
   */
  async queryOrder(input: V1QueryOrderInput): Promise<V1Order> {
    const endpoint = "query_order"
    const sent = this.validate(endpoint, queryOrderRequestSchema, { ...input, mchId: this.o.merchantId })
    const order = this.parse(endpoint, v1OrderSchema, await this.call(endpoint, endpoint, sent))
    this.sameMerchant(endpoint, order.mchId)
    this.sameOrder(endpoint, order.payOrderId, sent.payOrderId)
    this.sameOrder(endpoint, order.mchOrderNo, sent.mchOrderNo)
    return order
  }

  /**
   * refund_order against the original payment's payOrderId. Reuse the same mchRefundNo on every retry of one refund
   * so money never goes back twice. Success = retCode and resCode SUCCESS; anything less is an error.
   */
  async refundOrder(input: V1RefundInput): Promise<V1RefundResult> {
    const endpoint = "refund_order"
    const message = {
      ...input,
      mchId: this.o.merchantId,
      loginName: this.o.loginName,
      clientIp: normalizeClientIp(input.clientIp, endpoint),
      currency: input.currency?.trim().toUpperCase(),
      device: input.device ?? this.o.device,
    }
    const sent = this.validate(endpoint, refundOrderRequestSchema, message)
    const body = await this.call(endpoint, endpoint, sent)
    const refund = this.parse(endpoint, v1RefundSchema, body)
    this.sameMerchant(endpoint, refund.mchId)
    this.sameOrder(endpoint, refund.mchRefundNo, sent.mchRefundNo)
    this.sameOrder(endpoint, refund.payOrderId, sent.payOrderId)
    if (refund.refundAmount !== undefined && refund.refundAmount !== sent.refundAmount) {
      throw v1BadResponse(endpoint, "the refund answered is for another amount than the one asked")
    }
    return { ...refund, raw: body }
  }

  /**
   * The refund query, at `refundQueryPath` (required option: IOTPay's path is not documented). Retried like a query.
   */
  async queryRefund(input: V1QueryRefundInput): Promise<V1Refund> {
    const endpoint = "refund_query"
    if (this.refundQueryPath === undefined) {
      throw new IotpayInvalidRequestError(endpoint, [
        { field: "refundQueryPath", message: "is not configured (IOTPay does not document the refund query's path)" },
      ])
    }
    const sent = this.validate(endpoint, queryRefundRequestSchema, { ...input, mchId: this.o.merchantId })
    const refund = this.parse(endpoint, v1RefundSchema, await this.call(endpoint, this.refundQueryPath, sent))
    this.sameMerchant(endpoint, refund.mchId)
    this.sameOrder(endpoint, refund.mchRefundNo, sent.mchRefundNo)
    this.sameOrder(endpoint, refund.refundOrderId, sent.refundOrderId)
    return refund
  }

  async close(): Promise<void> {
    await this.transport.close()
  }

  // ---------- internals ----------

  private orderBase(endpoint: V1Endpoint, input: Omit<V1CreateOrderInput, "channelId">) {
    return {
      ...input,
      mchId: this.o.merchantId,
      jobNo: this.o.loginName,
      currency: typeof input.currency === "string" ? input.currency.trim().toUpperCase() : input.currency,
      clientIp: normalizeClientIp(input.clientIp, endpoint),
    }
  }

  private validate<S extends z.ZodType>(
    endpoint: V1Endpoint,
    schema: S,
    message: Record<string, unknown>
  ): z.output<S> {
    const checked = schema.safeParse(message)
    if (!checked.success) throw new IotpayInvalidRequestError(endpoint, toIssues(checked.error))
    return checked.data
  }

  private parse<S extends z.ZodType>(endpoint: V1Endpoint, schema: S, value: unknown): z.output<S> {
    const result = schema.safeParse(value)
    if (result.success) return result.data
    throw v1BadResponse(endpoint, `the answer does not match the expected shape (${issueText(result.error)})`)
  }

  /** A record for another order or merchant would be acted on as if it were ours: refuse it. */
  private sameOrder(endpoint: V1Endpoint, got: string | undefined, asked: string | undefined): void {
    if (got !== undefined && asked !== undefined && got !== asked) {
      throw v1BadResponse(endpoint, "the answer is for a different order than the one asked about")
    }
  }

  private sameMerchant(endpoint: V1Endpoint, mchId: string | undefined): void {
    if (mchId !== undefined && mchId !== this.o.merchantId) {
      throw v1BadResponse(endpoint, "the answer belongs to a different merchant (mchId mismatch)")
    }
  }

  /** Signs, sends (retrying queries only) and returns the body of a SUCCESS/SUCCESS answer. */
  private async call(endpoint: V1Endpoint, path: string, message: Record<string, unknown>) {
    const payload = encodeV1Body(signV1Message(message, this.o.secretKey))
    const readOnly = READ_ONLY.has(endpoint)
    const attempts = readOnly ? this.queryRetries + 1 : 1
    return withRetries(attempts, this.retryBackoffMs, () => this.send(endpoint, path, payload, readOnly))
  }

  private async send(endpoint: V1Endpoint, path: string, payload: string, readOnly: boolean) {
    const { status, body } = await this.transport.postForJson(path, V1_CONTENT_TYPE, payload)
    const envelope = v1EnvelopeSchema.safeParse(body)
    if (!envelope.success || !isPlainObject(body)) {
      throw v1BadResponse(endpoint, "the body has no valid retCode (expected SUCCESS or FAIL)", { status })
    }
    const { retCode, resCode } = envelope.data
    if (retCode === "FAIL" || resCode === "FAIL") throw v1Failure(endpoint, envelope.data, body, { readOnly })
    // The refund answer's resCode is in IOTPay's sample, not its table; without it a refund is not known done.
    if (resCode === undefined && endpoint === "refund_order") {
      throw v1BadResponse(endpoint, "retCode SUCCESS without resCode: the refund's result is unknown", {
        status,
      })
    }
    this.checkSignature(endpoint, body, status)
    return body
  }

  private checkSignature(endpoint: V1Endpoint, body: Record<string, unknown>, status: number): void {
    // How IOTPay stringifies nested objects (retParams, payParams) inside its signature is unknown
    // (docs/iotpay-v1-protocol.md §2).
    if (this.signatureMode === "off" || Object.values(body).some((v) => typeof v === "object" && v !== null)) return
    const sign = body.sign
    if (sign === undefined || sign === null || sign === "") {
      if (this.signatureMode === "required") {
        throw v1BadResponse(endpoint, 'the answer carries no sign and verifyResponseSignatures is "required"', {
          status,
        })
      }
      return
    }
    if (!verifySignature(body, this.o.secretKey)) {
      throw v1BadResponse(endpoint, "the answer's sign does not match (wrong secretKey, or altered)", {
        status,
      })
    }
  }
}
