import {
  AbstractPaymentProvider,
  MedusaError,
  PaymentActions,
  PaymentSessionStatus,
} from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import {
  IOTPAY_STATUS,
  type IotpayClient,
  decodeNotifyBody,
  formatCents,
  mchOrderNoForSession,
  parseNotify,
  toCents,
  type OrderRecord,
} from "../../iotpay"
import { ownConfigId } from "../../lib/config-lookup"
import { toMedusaError } from "../../lib/medusa-errors"
import { notifyUrlFor, parseProviderOptions, type IotpayProviderOptions } from "../../lib/options"
import { isPaid, recordMismatch, withPaymentRecord } from "../../lib/payment-record"
import { queryOrNull, sendIdempotent } from "../../lib/idempotent-send"
import { createGatewayClient } from "../../lib/gateway-client"
import { PaymentReversals } from "../../lib/reversals"
import { resolveReturnUrl } from "../../lib/return-url"
import { waitWhilePending } from "../../lib/upi-wait"
import { webhookActionFor } from "../../lib/webhook-action"
import { readSessionData, type IotpaySessionData } from "../../lib/session-data"

type Cradle = { logger?: Logger; configModule?: unknown }

/**
 * What every IOTPay payment provider of this plugin shares once a purchase exists at IOTPay, however it was started
 * (hosted page, saved card, wallet): authorize, capture, void/refund, status, webhooks. IOTPay purchases are sales
 * (no separate capture), so "authorized" means "paid at IOTPay"; Capture only confirms the sale still stands.
 * Subclasses add how a purchase starts. Mapping only: the gateway protocol lives in src/iotpay.
 */
export abstract class IotpayBaseProviderService extends AbstractPaymentProvider<IotpayProviderOptions> {
  protected readonly options_: IotpayProviderOptions
  protected readonly client_: IotpayClient
  protected readonly logger_?: Logger
  protected readonly notifyUrl_: string
  protected readonly reversals_: PaymentReversals

  static validateOptions(options: Record<string, unknown>): void {
    parseProviderOptions(options)
  }

  constructor(cradle: Cradle, options: Record<string, unknown>) {
    // @ts-ignore: AbstractPaymentProvider's constructor is protected and typed for the generic cradle.
    super(...arguments)
    this.options_ = parseProviderOptions(options)
    this.logger_ = cradle.logger
    this.notifyUrl_ = notifyUrlFor(this.options_.backendUrl, ownConfigId(cradle.configModule, this.options_))
    this.client_ = createGatewayClient(this.options_)
    this.reversals_ = new PaymentReversals(this.client_, this.logger_)
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = readSessionData(input.data)
    if (!data.mchOrderNo) return { status: PaymentSessionStatus.PENDING, data }
    if (data.canceled)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay payment ${data.mchOrderNo} was returned to the shopper; create a new payment session to pay.`
      )
    const doing = `checking payment ${data.mchOrderNo}`
    let record = await this.queryOrNull({ mchOrderNo: data.mchOrderNo }, doing)
    if (record && this.options_.channel === "UPI_EX")
      record = await waitWhilePending(record, this.options_.upiPollMs, () =>
        this.queryOrNull({ mchOrderNo: data.mchOrderNo! }, doing)
      )
    if (!record || record.status === IOTPAY_STATUS.PENDING || record.status === IOTPAY_STATUS.UNKNOWN)
      return { status: PaymentSessionStatus.PENDING, data: record ? withPaymentRecord(data, record) : data }
    if (record.status === IOTPAY_STATUS.FAILED)
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        `IOTPay declined payment ${data.mchOrderNo}${record.retMsg ? `: ${record.retMsg}` : ""}. ` +
          `Ask the shopper to try again with another card (start a new payment session).`
      )
    const mismatch = recordMismatch(record, this.expected(data))
    if (mismatch) {
      this.logger_?.error(`IOTPay: payment ${data.mchOrderNo} not authorized: ${mismatch}`)
      return { status: PaymentSessionStatus.ERROR, data: { ...withPaymentRecord(data, record), mismatch } }
    }
    const status = this.options_.autoCapture ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED
    return { status, data: { ...withPaymentRecord(data, record), captured: this.options_.autoCapture } }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // No gateway capture exists: the purchase was a sale. Confirm it still stands before Medusa records a capture.
    const data = readSessionData(input.data)
    const record = await this.queryPayment(data, "confirming the sale before capture")
    if (!isPaid(record))
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay payment ${data.mchOrderNo} can't be captured: IOTPay reports it as not paid (status ${record.status}).`
      )
    if ((record.refundable ?? 0) <= 0)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay payment ${record.payOrderId} can't be captured: nothing is left of it at IOTPay (voided or fully refunded).`
      )
    return { data: { ...withPaymentRecord(data, record), captured: true } }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: await this.reversals_.cancel(readSessionData(input.data)) }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = readSessionData(input.data)
    if (!data.payOrderId)
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "IOTPay: this payment has no IOTPay payOrderId to refund.")
    const cents = this.cents(input.amount, data.currency ?? "CAD", "refunding")
    const refundId = String(input.context?.idempotency_key ?? `${data.payOrderId}-${(data.reversals ?? []).length + 1}`)
    return { data: await this.reversals_.refund(data, cents, refundId) }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = readSessionData(input.data)
    const record = await this.queryPayment(data, "retrieving the payment")
    return { data: withPaymentRecord(data, record) }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = readSessionData(input.data)
    if (!data.mchOrderNo && !data.payOrderId) return { status: PaymentSessionStatus.PENDING, data }
    const query = data.payOrderId ? { payOrderId: data.payOrderId } : { mchOrderNo: data.mchOrderNo! }
    const record = await this.queryOrNull(query, "reading the payment status")
    if (!record) return { status: PaymentSessionStatus.PENDING, data }
    const next = withPaymentRecord(data, record)
    if (record.status === IOTPAY_STATUS.FAILED) return { status: PaymentSessionStatus.ERROR, data: next }
    if (!isPaid(record)) return { status: PaymentSessionStatus.PENDING, data: next }
    if (recordMismatch(record, this.expected(data))) return { status: PaymentSessionStatus.ERROR, data: next }
    if (record.refundable === 0 && data.canceled) return { status: PaymentSessionStatus.CANCELED, data: next }
    return { status: data.captured ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED, data: next }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    // IOTPay has no call to withdraw an unpaid hosted-page purchase; an unpaid one simply expires. A session deleted
    // after the shopper paid would leave money taken with no order, so that payment is voided (or refunded).
    // Never throw here: Medusa calls this with partial data when an initiate failed.
    const data = readSessionData(input.data)
    try {
      return { data: await this.releasePaidAttempt(data, "its payment session was deleted") }
    } catch (error) {
      this.logger_?.error(
        `IOTPay: could not check or release ${data.mchOrderNo} while deleting its session: ${(error as Error).message}. ` +
          `Check this payment at IOTPay.`
      )
      return { data }
    }
  }

  /**
   * A purchase IOTPay answers at once (saved card, wallet), sent under the session's deterministic mchOrderNo so a
   * lost answer is settled by asking IOTPay about that number before anything is resent. A decline throws: nothing
   * was charged, and the storefront should offer another way to pay.
   */
  protected async purchaseNow(
    base: IotpaySessionData & { session_id: string },
    cents: number,
    what: string,
    send: (mchOrderNo: string) => Promise<OrderRecord>
  ): Promise<IotpaySessionData> {
    const attempt = base.attempt ?? 1
    const mchOrderNo = mchOrderNoForSession(base.session_id, attempt)
    let record: OrderRecord
    try {
      record = await sendIdempotent(this.client_, mchOrderNo, () => send(mchOrderNo))
    } catch (error) {
      throw toMedusaError(error, `charging ${what} for payment ${mchOrderNo} of ${formatCents(cents)} CAD`)
    }
    if (record.status === IOTPAY_STATUS.FAILED)
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        `IOTPay declined ${what} for payment ${mchOrderNo}; nothing was charged. Ask the shopper to pay another way.`
      )
    return withPaymentRecord({ ...base, mchOrderNo, attempt, amountCents: cents, currency: "CAD" }, record)
  }

  /**
   * updatePayment for an immediate purchase: its amount is fixed and a wallet token is single-use, so a new total
   * cannot be charged here. The old payment is returned and the session marked failed; the storefront creates a
   * new session. (Medusa 2.21 replaces sessions rather than updating them, so this is a safety net.)
   */
  protected async updateImmediatePurchase(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const current = readSessionData(input.data)
    const cents = this.cents(input.amount, input.currency_code, "updating the payment session")
    if (current.amountCents === cents || current.canceled) return { data: current }
    const released = await this.releasePaidAttempt(current, "the cart amount changed after it was paid")
    return { data: released, status: PaymentSessionStatus.ERROR }
  }

  /** The Medusa payment session this purchase belongs to; every IOTPay number is derived from it. */
  protected sessionIdOf(input: { data?: Record<string, unknown>; context?: { idempotency_key?: string } }): string {
    const sessionId = String(input.data?.session_id ?? input.context?.idempotency_key ?? "")
    if (!sessionId) throw new MedusaError(MedusaError.Types.INVALID_DATA, "IOTPay: no payment session id to pay for.")
    return sessionId
  }

  /** IOTPay's mchUserId: the Medusa customer id (cus_ + ULID fits its 30 characters), or "guest". */
  protected mchUserIdOf(input: { context?: { customer?: { id?: string } } }): string {
    const customerId = input.context?.customer?.id
    return customerId && customerId.length <= 30 ? customerId : "guest"
  }

  /** The storefront's return_url (allow-listed origins only) or the configured default. */
  protected returnUrlFor(requested: unknown): string {
    try {
      return resolveReturnUrl(requested, this.options_)
    } catch (error) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `IOTPay: ${(error as Error).message}`)
    }
  }

  /** Voids (or refunds) the current attempt when IOTPay says it was paid; returns the data unchanged otherwise. */
  protected async releasePaidAttempt(data: IotpaySessionData, why: string): Promise<IotpaySessionData> {
    if (!data.mchOrderNo || data.canceled) return data
    const { data: after = data } = await this.cancelPayment({ data })
    const released = readSessionData(after)
    if (released.canceled)
      this.logger_?.warn(`IOTPay: returned the money of paid attempt ${data.mchOrderNo} because ${why}.`)
    return released
  }

  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    let fields: Record<string, unknown>
    try {
      fields = decodeNotifyBody(
        (payload.rawData as string | Buffer | undefined) ?? JSON.stringify(payload.data ?? {}),
        headerValue(payload.headers, "content-type")
      )
    } catch {
      return { action: PaymentActions.NOT_SUPPORTED } // anyone can POST here; garbage is not a notify
    }
    const notify = parseNotify(fields, { merchantId: this.options_.merchantId, secretKey: this.options_.secretKey })
    if (!notify.ok) return { action: PaymentActions.NOT_SUPPORTED }
    return webhookActionFor(notify.record, this.options_.autoCapture)
  }

  protected expected(data: IotpaySessionData) {
    return { merchantId: this.options_.merchantId, mchOrderNo: data.mchOrderNo, amountCents: data.amountCents }
  }

  protected cents(amount: unknown, currency: string, doing: string): number {
    try {
      return toCents(amount as Parameters<typeof toCents>[0], currency)
    } catch (error) {
      throw toMedusaError(error, doing)
    }
  }

  protected async queryPayment(data: IotpaySessionData, doing: string): Promise<OrderRecord> {
    const query = data.payOrderId ? { payOrderId: data.payOrderId } : data.mchOrderNo ? { mchOrderNo: data.mchOrderNo } : null
    if (!query) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `IOTPay: ${doing}: this payment was never sent to IOTPay.`)
    try {
      return await this.client_.query(query)
    } catch (error) {
      throw toMedusaError(error, doing)
    }
  }

  /** cc_query that treats "no such order" as null (nothing paid yet) rather than an error. */
  protected async queryOrNull(query: { mchOrderNo: string } | { payOrderId: string }, doing: string) {
    try {
      return await queryOrNull(this.client_, query)
    } catch (error) {
      throw toMedusaError(error, doing)
    }
  }
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()]
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value)
}
