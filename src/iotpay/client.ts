import type { z } from "zod"
import {
  IotpayBadResponseError,
  IotpayInvalidRequestError,
  IotpayNotFoundError,
  IotpayRejectedError,
  iotpayErrorCodeOf,
  isNotFoundRejection,
  type IotpayIssue,
} from "./errors"
import {
  cardInfoSchema,
  orderRecordSchema,
  redirectResultSchema,
  requestSchemas,
  responseEnvelopeSchema,
  issueText,
  toIssues,
  type AddCardRequest,
  type CardInfo,
  type DirectAddCardRequest,
  type IotpayEndpoint,
  type OrderRecord,
  type PurchaseRequest,
  type PurchaseWithTokenRequest,
  type PurchaseWithWalletRequest,
  type RefundRequest,
  type VoidRequest,
} from "./schemas"
import { verifySignature, withSignature } from "./sign"
import { GatewayTransport, parseApiBase, withRetries } from "./transport"

export const DEFAULT_API_BASE = "https://ccapi.iotpaycloud.com/v3"

/**
 * How `retData.sign` is checked: "off" never; "if-present" (default) when retData carries a sign; "required" a
 * retData record without sign is refused too. A failed check is an IotpayBadResponseError.
 */
export type IotpayResponseSignatureMode = "off" | "if-present" | "required"
export const RESPONSE_SIGNATURE_MODES: readonly IotpayResponseSignatureMode[] = ["off", "if-present", "required"]

/** true → "if-present", false → "off", undefined → "if-present"; anything else is not a mode (undefined). */
export function responseSignatureMode(value: unknown): IotpayResponseSignatureMode | undefined {
  if (value === undefined || value === true) return "if-present"
  if (value === false) return "off"
  return RESPONSE_SIGNATURE_MODES.find((m) => m === value)
}

export interface IotpayClientOptions {
  merchantId: string
  loginName: string
  secretKey: string
  /** Production by default; IOTPay's test host is https://ccdev.iotpaycloud.com/v3, or a local sandbox. */
  apiBase?: string
  connectTimeoutMs?: number
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
  connections?: number
  keepAliveTimeoutMs?: number
  /** Extra attempts for read-only calls (cc_query, cc_querycard) after a network failure or 5xx. */
  queryRetries?: number
  /** First backoff between read-only retries; doubles each time. */
  retryBackoffMs?: number
  /** The docs send `channel`, IOTPay's SDK `channelId`. */
  channelField?: "channel" | "channelId"
  /**
   * Check `retData.sign` (over every retData field): "off", "if-present" (default), or "required" (a retData
   * record without sign is refused). Booleans still work: true = "if-present", false = "off".
   */
  verifyResponseSignatures?: IotpayResponseSignatureMode | boolean
  /** Largest response body accepted, in bytes. */
  maxResponseBytes?: number
}

type Channel = "PF_CC" | "UPI_EX"
type Filled = "mchId" | "loginName"
// Currency is typed loosely because callers hold Medusa's lower-case codes; it is upper-cased, then must be CAD.
type WithCurrency = { currency: string }

export type PurchaseInput = Omit<PurchaseRequest, Filled | "channel" | "currency"> &
  WithCurrency & { channel?: Channel }
export type AddCardInput = Omit<AddCardRequest, Filled | "channel"> & { channel?: Channel }
export type DirectAddCardInput = Omit<DirectAddCardRequest, Filled | "channel"> & { channel?: Channel }
export type QueryCardInput = { cardId: string }
export type PurchaseWithTokenInput = Omit<PurchaseWithTokenRequest, Filled | "currency"> & WithCurrency
export type PurchaseWithWalletInput = Omit<PurchaseWithWalletRequest, Filled | "currency"> & WithCurrency
export type RefundInput = Omit<RefundRequest, Filled>
export type VoidInput = Omit<VoidRequest, Filled>
export type QueryInput = { payOrderId: string; mchOrderNo?: never } | { mchOrderNo: string; payOrderId?: never }

export interface RedirectAnswer {
  redirectUrl: string
  secureId: string
  /** The parsed response body as received. */
  raw: Record<string, unknown>
}

// Only these are safe to repeat: they change nothing at IOTPay.
const READ_ONLY: ReadonlySet<IotpayEndpoint> = new Set(["cc_query", "cc_querycard"])
// Endpoints whose doc table lists loginName; the others must not carry it (it would be signed and rejected).
const WITH_LOGIN_NAME: ReadonlySet<IotpayEndpoint> = new Set([
  "cc_purchase",
  "cc_addcard",
  "cc_directaddcard",
  "cc_purchasewithtoken",
  "cc_purchasewithwallet",
  "cc_refund",
  "cc_void",
])

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
}

/**
 * Client for IOTPay's V3 credit-card API. One keep-alive connection pool per instance; create it once and reuse.
 * Every request is validated before it leaves (IotpayInvalidRequestError, nothing sent); every failure afterwards
 * is one of the IotpayError kinds, which tell the caller whether to retry, query first, or give up.
 */
export class IotpayClient {
  private readonly transport: GatewayTransport
  private readonly merchantId: string
  private readonly loginName: string
  private readonly secretKey: string
  private readonly queryRetries: number
  private readonly retryBackoffMs: number
  private readonly channelField: "channel" | "channelId"
  private readonly verifyResponseSignatures: IotpayResponseSignatureMode

  constructor(options: IotpayClientOptions) {
    const issues: IotpayIssue[] = []
    if (typeof options?.merchantId !== "string" || !/^\S{1,30}$/.test(options.merchantId)) {
      issues.push({ field: "merchantId", message: "must be your IOTPay mchId (1-30 characters, no spaces)" })
    }
    if (typeof options?.loginName !== "string" || options.loginName.length < 1 || options.loginName.length > 12) {
      issues.push({ field: "loginName", message: "must be your IOTPay login name (1-12 characters)" })
    }
    if (typeof options?.secretKey !== "string" || options.secretKey.length === 0) {
      issues.push({ field: "secretKey", message: "must be the merchant secret key from the IOTPay portal" })
    }
    const signatureMode = responseSignatureMode(options?.verifyResponseSignatures)
    if (signatureMode === undefined) {
      issues.push({
        field: "verifyResponseSignatures",
        message: 'must be "off", "if-present" or "required" (or true / false)',
      })
    }
    const base = parseApiBase(options?.apiBase ?? DEFAULT_API_BASE)
    if (!base) {
      issues.push({ field: "apiBase", message: "must be an http(s) URL without query, e.g. " + DEFAULT_API_BASE })
    }
    if (issues.length || !base || !signatureMode) throw new IotpayInvalidRequestError("IotpayClient options", issues)

    this.merchantId = options.merchantId
    this.loginName = options.loginName
    this.secretKey = options.secretKey
    this.queryRetries = Math.max(0, options.queryRetries ?? 2)
    this.retryBackoffMs = Math.max(0, options.retryBackoffMs ?? 150)
    this.channelField = options.channelField ?? "channel"
    this.verifyResponseSignatures = signatureMode
    this.transport = new GatewayTransport(base, options)
  }

  /** cc_purchase: a hosted card page for one payment. */
  async purchase(input: PurchaseInput): Promise<RedirectAnswer> {
    const { retData, body } = await this.call("cc_purchase", { ...input, channel: input.channel ?? "PF_CC" })
    return { ...this.parse("cc_purchase", redirectResultSchema, retData), raw: body }
  }

  /** cc_addcard: a hosted page where the shopper saves a card under `cardId`. */
  async addCard(input: AddCardInput): Promise<RedirectAnswer> {
    const { retData, body } = await this.call("cc_addcard", { ...input, channel: input.channel ?? "PF_CC" })
    return { ...this.parse("cc_addcard", redirectResultSchema, retData), raw: body }
  }

  /** cc_directaddcard: server-side card entry (PCI DSS scope!). The answer's CVV is dropped, number masked. */
  async directAddCard(input: DirectAddCardInput): Promise<CardInfo> {
    const { retData } = await this.call("cc_directaddcard", { ...input, channel: input.channel ?? "PF_CC" })
    return this.parse("cc_directaddcard", cardInfoSchema, retData)
  }

  /** cc_querycard; IotpayNotFoundError (isNotFound) when IOTPay says the cardId holds no card. */
  async queryCard(input: QueryCardInput): Promise<CardInfo> {
    const { retData } = await this.call("cc_querycard", { ...input })
    return this.parse("cc_querycard", cardInfoSchema, retData)
  }

  async purchaseWithToken(input: PurchaseWithTokenInput): Promise<OrderRecord> {
    const { retData } = await this.call("cc_purchasewithtoken", { ...input })
    return this.orderRecord("cc_purchasewithtoken", retData)
  }

  async purchaseWithWallet(input: PurchaseWithWalletInput): Promise<OrderRecord> {
    const { retData } = await this.call("cc_purchasewithwallet", { ...input })
    return this.orderRecord("cc_purchasewithwallet", retData)
  }

  /** cc_refund: after settlement. Reuse the same mchRefundNo on retry so money never goes back twice. */
  async refund(input: RefundInput): Promise<OrderRecord> {
    const { retData } = await this.call("cc_refund", { ...input })
    return this.orderRecord("cc_refund", retData)
  }

  /** cc_void: before settlement; refundable becomes 0. Reuse the same mchRefundNo on retry. */
  async void(input: VoidInput): Promise<OrderRecord> {
    const { retData } = await this.call("cc_void", { ...input })
    return this.orderRecord("cc_void", retData)
  }

  /**
   * cc_query by payOrderId or mchOrderNo; retried on network failure/5xx since it changes nothing.
   * IotpayNotFoundError (isNotFound) only when IOTPay says the order does not exist (0112); any other FAIL is an
   * IotpayRejectedError, and a bad/missing signature an IotpayBadResponseError: neither means "not found".
   */
  async query(input: QueryInput): Promise<OrderRecord> {
    const { retData } = await this.call("cc_query", { ...input })
    const record = this.orderRecord("cc_query", retData)
    // A record for another order would be acted on as if it were ours: refuse it.
    const q = input as { payOrderId?: string; mchOrderNo?: string }
    if (
      (q.payOrderId !== undefined && record.payOrderId !== q.payOrderId) ||
      (q.mchOrderNo !== undefined && record.mchOrderNo !== undefined && record.mchOrderNo !== q.mchOrderNo)
    ) {
      throw new IotpayBadResponseError("cc_query", "the record returned is for a different order than the one queried")
    }
    return record
  }

  async close(): Promise<void> {
    await this.transport.close()
  }

  // ---------- internals ----------

  private orderRecord(endpoint: IotpayEndpoint, retData: unknown): OrderRecord {
    const record = this.parse(endpoint, orderRecordSchema, retData)
    if (record.mchId !== undefined && record.mchId !== this.merchantId) {
      throw new IotpayBadResponseError(endpoint, "the order record belongs to a different merchant (mchId mismatch)")
    }
    return record
  }

  private parse<S extends z.ZodType>(endpoint: IotpayEndpoint, schema: S, value: unknown): z.output<S> {
    const result = schema.safeParse(value)
    if (result.success) return result.data
    throw new IotpayBadResponseError(endpoint, `retData does not match the expected shape (${issueText(result.error)})`)
  }

  /** Validates, signs and sends one request; returns retData of a SUCCESS answer. */
  private async call(
    endpoint: IotpayEndpoint,
    input: Record<string, unknown>
  ): Promise<{ retData: unknown; body: Record<string, unknown> }> {
    const message: Record<string, unknown> = { ...input, mchId: this.merchantId }
    if (typeof message.currency === "string") message.currency = message.currency.trim().toUpperCase()
    if (WITH_LOGIN_NAME.has(endpoint)) message.loginName = this.loginName
    const checked = requestSchemas[endpoint].safeParse(message)
    if (!checked.success) throw new IotpayInvalidRequestError(endpoint, toIssues(checked.error))

    const wire = stripUndefined(checked.data as Record<string, unknown>)
    if (this.channelField === "channelId" && "channel" in wire) {
      wire.channelId = wire.channel
      delete wire.channel
    }
    const payload = JSON.stringify(withSignature(wire, this.secretKey))

    const attempts = READ_ONLY.has(endpoint) ? this.queryRetries + 1 : 1
    return withRetries(attempts, this.retryBackoffMs, () => this.send(endpoint, payload))
  }

  private async send(endpoint: IotpayEndpoint, payload: string) {
    const { status, body } = await this.transport.postForJson(endpoint, "application/json;charset=UTF-8", payload)
    const envelope = responseEnvelopeSchema.safeParse(body)
    if (!envelope.success || !isPlainObject(body)) {
      throw new IotpayBadResponseError(endpoint, "the body has no valid retCode (expected SUCCESS or FAIL)", { status })
    }
    const { retCode, retMsg } = envelope.data
    if (retCode === "FAIL") {
      const errorCode = iotpayErrorCodeOf(body, retMsg ?? "")
      // Only a query's "no such order/card" means "nothing there"; on a mutating call it is an ordinary refusal.
      const notFound =
        READ_ONLY.has(endpoint) &&
        isNotFoundRejection(retMsg ?? "", errorCode, { notBinding: endpoint === "cc_querycard" })
      throw new (notFound ? IotpayNotFoundError : IotpayRejectedError)(endpoint, retMsg ?? "", { errorCode })
    }

    let retData = envelope.data.retData
    if (typeof retData === "string" && retData.trim().startsWith("{")) {
      try {
        retData = JSON.parse(retData) // some gateways double-encode retData
      } catch {
        /* left as is; the schema check reports it */
      }
    }
    if (this.verifyResponseSignatures !== "off" && isPlainObject(retData)) {
      const sign = retData.sign
      if (this.verifyResponseSignatures === "required" && (sign === undefined || sign === null || sign === "")) {
        throw new IotpayBadResponseError(
          endpoint,
          'retData carries no sign and verifyResponseSignatures is "required" (unsigned answers are not trusted)',
          { status }
        )
      }
      if (sign !== undefined && !verifySignature(retData, this.secretKey)) {
        throw new IotpayBadResponseError(
          endpoint,
          "retData.sign does not match (wrong secretKey configured, or the response was altered)",
          { status }
        )
      }
    }
    return { retData, body }
  }
}
