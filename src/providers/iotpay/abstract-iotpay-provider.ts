import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
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
  WebhookActionResult,
} from "@medusajs/framework/types"
import { IOTPAY_CURRENCY, assertCad, classifyStatus, type AmountInput, type OrderRecord } from "../../iotpay"
import { ownConfigId } from "../../lib/config/config-lookup"
import { toMedusaError } from "../../lib/gateway/medusa-errors"
import { notifyUrlFor, parseProviderOptions, type IotpayProviderOptions } from "../../lib/config/options"
import { refusePartialCapture } from "../../lib/money/partial-capture"
import { derivedOrderNo, locatePayment } from "../../lib/gateway/payment-gateway"
import { recordMismatch, withPaymentRecord } from "../../lib/gateway/payment-record"
import { isNotStarted, notStartedError } from "../../lib/money/payment-start"
import { loadedStateDeps, underPaymentLock } from "../../lib/money/payment-state"
import { pricedAmount, refundIdOf, returnUrlOrError } from "./provider-input"
import { reversalsFor, type ReversalEngine } from "../../lib/money/reversal-engine"
import { readSessionData, type IotpaySessionData } from "../../lib/money/session-data"
import { webhookActionFor } from "../../lib/notify/webhook-action"
import { unlessImportingOutside } from "../../lib/statement/outside-scope"
import type { CardGateway } from "../../lib/gateway/card-gateway"
import type { WalletGateway } from "../../lib/gateway/wallet-gateway"

export type Cradle = { logger?: Logger; configModule?: unknown }

/**
 * What every IOTPay provider service shares, card (V3) or wallet (v1), once a purchase exists at IOTPay: its
 * validated options, the notify URL of its provider entry, one gateway for its API and the one reversal engine over
 * it; authorize, capture, cancel, refund, status and delete, each asking IOTPay through the gateway and changing
 * money only under the payment's lock. IOTPay purchases are sales (no separate capture), so "authorized" means
 * "paid at IOTPay". Each API's base adds how a purchase starts; mapping only: the protocol lives in src/iotpay.
 */
export abstract class AbstractIotpayProvider<
  G extends CardGateway | WalletGateway,
> extends AbstractPaymentProvider<IotpayProviderOptions> {
  protected readonly options_: IotpayProviderOptions
  protected readonly logger_?: Logger
  protected readonly notifyUrl_: string
  protected readonly gateway_: G
  protected readonly reversals_: ReversalEngine

  /** How messages name this kind of payment ("payment", "WeChat Pay payment"). */
  protected abstract readonly paymentName: string

  static validateOptions(options: Record<string, unknown>): void {
    parseProviderOptions(options)
  }

  constructor(cradle: Cradle, options: Record<string, unknown>, gatewayFor: (options: IotpayProviderOptions) => G) {
    // @ts-ignore: AbstractPaymentProvider's constructor is protected and typed for the generic cradle.
    super(cradle, options)
    this.options_ = parseProviderOptions(options)
    this.logger_ = cradle.logger
    this.notifyUrl_ = notifyUrlFor(this.options_.backendUrl, ownConfigId(cradle.configModule, options))
    this.gateway_ = gatewayFor(this.options_)
    this.reversals_ = reversalsFor(this.gateway_, this.logger_)
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const start = readSessionData(input.data)
    if (isNotStarted(start)) throw notStartedError(this.paymentName)
    const mchOrderNo = derivedOrderNo(start)
    if (!mchOrderNo) return { status: PaymentSessionStatus.PENDING, data: start }
    if (start.canceled) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay ${this.paymentName} ${mchOrderNo} ${this.canceledText}; create a new payment session to pay.`
      )
    }
    const doing = `checking ${this.paymentName} ${mchOrderNo}`
    const { data, record } = await this.settleAttempt(start, mchOrderNo, await this.query(mchOrderNo, doing), doing)
    const outcome = record ? classifyStatus(record.status) : "pending"
    if (!record || outcome === "pending") {
      return { status: PaymentSessionStatus.PENDING, data: record ? withPaymentRecord(data, record) : data }
    }
    if (outcome === "failed") {
      throw new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, this.notPaidText(record, mchOrderNo))
    }
    const mismatch = recordMismatch(record, this.expected(data))
    if (mismatch) {
      this.logger_?.error(`IOTPay: ${this.paymentName} ${mchOrderNo} not authorized: ${mismatch}`)
      return { status: PaymentSessionStatus.ERROR, data: { ...withPaymentRecord(data, record), mismatch } }
    }
    const status = this.options_.autoCapture ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED
    const paid = { ...withPaymentRecord(data, record), captured: this.options_.autoCapture }
    return { status, data: { ...paid, codeUrl: undefined, payForm: undefined } }
  }

  /** What a canceled session's payment was ("was returned to the shopper"). */
  protected abstract readonly canceledText: string

  /** Why IOTPay's record says the payment failed, and what to do, for the shopper-facing error. */
  protected abstract notPaidText(record: OrderRecord, mchOrderNo: string): string

  /**
   * Authorize's chance to move an attempt on once IOTPay was asked (a saved card is charged now; UPI waits while
   * pending). By default the record IOTPay answered.
   */
  protected async settleAttempt(
    data: IotpaySessionData,
    _mchOrderNo: string,
    record: OrderRecord | null,
    _doing: string
  ): Promise<{ data: IotpaySessionData; record: OrderRecord | null }> {
    return { data, record }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // No gateway capture exists: the purchase was a sale. A sale is captured whole: a partial capture from any
    // caller (not only the admin route) is refused here.
    await refusePartialCapture(input.context?.idempotency_key)
    // Under the payment's lock, on its fresh state: Medusa writes back what this returns.
    return { data: await this.locked(readSessionData(input.data), (fresh) => this.confirmCapture(fresh)) }
  }

  /** What capture checks at IOTPay before Medusa records it; by default nothing to ask. */
  protected async confirmCapture(fresh: IotpaySessionData): Promise<IotpaySessionData> {
    return { ...fresh, captured: true }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: await this.locked(readSessionData(input.data), (fresh) => this.reversals_.cancel(fresh)) }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = readSessionData(input.data)
    const refundId = refundIdOf(input)
    this.checkRefundCurrency(data)
    try {
      const amount = input.amount as AmountInput
      const refund = (fresh: IotpaySessionData) => this.reversals_.refund(fresh, amount, refundId)
      return { data: await this.locked(data, unlessImportingOutside(refundId, refund)) }
    } catch (error) {
      throw toMedusaError(error, `refunding ${this.paymentName} ${data.mchOrderNo}`)
    }
  }

  /** Cards are CAD only (IOTPay V3); the v1 wallets refund in the payment's own currency. */
  protected checkRefundCurrency(data: IotpaySessionData): void {
    assertCad(data.currency ?? IOTPAY_CURRENCY)
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = readSessionData(input.data)
    const found = await this.located(data, "retrieving the payment")
    if (found) return { data: found.data }
    if (this.retrieveNeedsPayment) throw noPaymentAtIotpay("retrieving the payment")
    return { data }
  }

  /** Whether retrieving a payment IOTPay does not hold is an error (cards) or the data as it is (v1 wallets). */
  protected readonly retrieveNeedsPayment: boolean = false

  /** Medusa's own /hooks/payment route: the same notify checks as the plugin's route, for this entry's API. */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const record = this.verifiedNotify(payload)
    if (!record) return { action: PaymentActions.NOT_SUPPORTED } // anyone can POST here; garbage is not a notify
    return webhookActionFor(record, this.options_.autoCapture)
  }

  /** The record a correctly signed notify of this API carries, or null for anything else. */
  protected abstract verifiedNotify(payload: ProviderWebhookPayload["payload"]): OrderRecord | null

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = readSessionData(input.data)
    const mchOrderNo = derivedOrderNo(data)
    if (!mchOrderNo) return { status: PaymentSessionStatus.PENDING, data }
    const record = await this.query(mchOrderNo, "reading the payment status")
    if (!record) return { status: PaymentSessionStatus.PENDING, data }
    const next = withPaymentRecord(data, record)
    const outcome = classifyStatus(record.status)
    if (outcome === "failed") return { status: PaymentSessionStatus.ERROR, data: next }
    if (outcome === "pending") return { status: PaymentSessionStatus.PENDING, data: next }
    if (recordMismatch(record, this.expected(data))) return { status: PaymentSessionStatus.ERROR, data: next }
    if (record.refundable === 0 && data.canceled) return { status: PaymentSessionStatus.CANCELED, data: next }
    return { status: data.captured ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED, data: next }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    // IOTPay has no call to withdraw an unpaid purchase; an unpaid one simply expires. A session deleted after the
    // shopper paid would leave money taken with no order, so that payment is given back. Never throws: Medusa calls
    // this with partial data when an initiate failed.
    return { data: await this.releasePaidAttempt(readSessionData(input.data), "its payment session was deleted") }
  }

  /** Gives back the current attempt when IOTPay says it was paid; returns the data unchanged otherwise. */
  protected async releasePaidAttempt(data: IotpaySessionData, why: string): Promise<IotpaySessionData> {
    if (!data.mchOrderNo || data.canceled || !data.session_id) return data
    const released = await this.locked(data, (fresh) => this.reversals_.cancel(fresh))
    if ((released.reversals ?? []).length > (data.reversals ?? []).length) {
      this.logger_?.warn(`IOTPay: returned the money of paid ${this.paymentName} attempt ${data.mchOrderNo}: ${why}.`)
    }
    return released
  }

  /** Runs `work` on the payment's fresh state under its lock (src/lib/money/payment-state.ts); returns what to write back. */
  protected locked(data: IotpaySessionData, work: (fresh: IotpaySessionData) => Promise<IotpaySessionData>) {
    return underPaymentLock(data, work, loadedStateDeps(this.logger_))
  }

  protected expected(data: IotpaySessionData) {
    return {
      merchantId: this.options_.merchantId,
      mchOrderNo: derivedOrderNo(data) ?? undefined,
      amountCents: data.amountCents,
      currency: data.currency,
    }
  }

  /**
   * The cents IOTPay is asked for (Medusa's exact amount rounded half-up, once) and that exact amount, both stored:
   * every later check compares against these, never against a re-rounded float.
   */
  protected priced(
    amount: unknown,
    currency: string,
    doing: string
  ): { amountCents: number; amount: string; currency: string } {
    return pricedAmount(amount, currency, doing)
  }

  /** The storefront's return_url (allow-listed origins only) or the configured default. */
  protected returnUrlFor(requested: unknown): string {
    return returnUrlOrError(requested, this.options_)
  }

  /** This session's payment at IOTPay by its derived number (src/lib/gateway/payment-gateway.ts), or null when none. */
  protected async located(data: IotpaySessionData, doing: string) {
    try {
      return await locatePayment(this.gateway_, data)
    } catch (error) {
      throw toMedusaError(error, doing)
    }
  }

  /** The payment IOTPay holds under this number, or null when it has none (nothing paid yet). */
  protected async query(mchOrderNo: string, doing: string): Promise<OrderRecord | null> {
    try {
      return await this.gateway_.findPayment({ mchOrderNo })
    } catch (error) {
      throw toMedusaError(error, doing)
    }
  }
}

export const noPaymentAtIotpay = (doing: string) =>
  new MedusaError(MedusaError.Types.NOT_ALLOWED, `IOTPay: ${doing}: IOTPay holds no payment for this session.`)
