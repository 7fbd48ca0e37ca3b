import { MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
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
  IOTPAY_CURRENCY,
  assertCad,
  classifyStatus,
  decodeNotifyBody,
  formatCents,
  parseNotify,
  type AmountInput,
  type IotpayClient,
  type OrderRecord,
} from "../../iotpay"
import { toMedusaError } from "../../lib/medusa-errors"
import { isPaid, recordMismatch, withPaymentRecord } from "../../lib/payment-record"
import { isUnknownOutcome, queryOrNull, sendIdempotent } from "../../lib/idempotent-send"
import { derivedOrderNo, locatePayment } from "../../lib/locate-payment"
import { createGatewayClient } from "../../lib/gateway-client"
import { PaymentReversals } from "../../lib/reversals"
import { loadedStateDeps, underPaymentLock } from "../../lib/payment-state"
import { refusePartialCapture } from "../../lib/partial-capture"
import { headerValue, pricedAmount, refundIdOf, returnUrlOrError, sessionIdOf } from "../../lib/provider-input"
import { isNotStarted, notStartedError } from "../../lib/payment-start"
import { waitWhilePending } from "../../lib/upi-wait"
import { webhookActionFor } from "../../lib/webhook-action"
import { unlessImportingOutside } from "../../lib/statement/outside-scope"
import { readSessionData, type IotpaySessionData } from "../../lib/session-data"

import { IotpayProviderCore, type Cradle } from "./provider-core"

/**
 * What every IOTPay payment provider of this plugin shares once a purchase exists at IOTPay, however it was started
 * (hosted page, saved card, wallet): authorize, capture, void/refund, status, webhooks. IOTPay purchases are sales
 * (no separate capture), so "authorized" means "paid at IOTPay"; Capture only confirms the sale still stands.
 * Subclasses add how a purchase starts. Mapping only: the gateway protocol lives in src/iotpay.
 */
export abstract class IotpayBaseProviderService extends IotpayProviderCore {
  protected readonly client_: IotpayClient
  protected readonly reversals_: PaymentReversals

  constructor(cradle: Cradle, options: Record<string, unknown>) {
    super(cradle, options)
    this.client_ = createGatewayClient(this.options_)
    this.reversals_ = new PaymentReversals(this.client_, this.options_.merchantId, this.logger_)
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    let data = readSessionData(input.data)
    if (isNotStarted(data)) throw notStartedError("payment")
    const mchOrderNo = derivedOrderNo(data)
    if (!mchOrderNo) return { status: PaymentSessionStatus.PENDING, data }
    if (data.canceled) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay payment ${mchOrderNo} was returned to the shopper; create a new payment session to pay.`
      )
    }
    const doing = `checking payment ${mchOrderNo}`
    let record = await this.queryOrNull({ mchOrderNo }, doing)
    if (!record && this.isImmediate(data)) {
      // Saved card or wallet: charged now, when the cart is completed, never when the session is created.
      record = await this.chargeNow(data, mchOrderNo)
      if (!record) return { status: PaymentSessionStatus.PENDING, data }
      data = { ...data, walletData: undefined }
    }
    if (record && this.options_.channel === "UPI_EX") {
      record = await waitWhilePending(record, this.options_.upiPollMs, () => this.queryOrNull({ mchOrderNo }, doing))
    }
    const outcome = record ? classifyStatus(record.status) : "pending"
    if (!record || outcome === "pending") {
      return { status: PaymentSessionStatus.PENDING, data: record ? withPaymentRecord(data, record) : data }
    }
    if (outcome === "failed") {
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        `IOTPay declined payment ${mchOrderNo}${record.retMsg ? `: ${record.retMsg}` : ""}; nothing was charged. ` +
          `Ask the shopper to try again with another card or way to pay (start a new payment session).`
      )
    }
    const mismatch = recordMismatch(record, this.expected(data))
    if (mismatch) {
      this.logger_?.error(`IOTPay: payment ${mchOrderNo} not authorized: ${mismatch}`)
      return { status: PaymentSessionStatus.ERROR, data: { ...withPaymentRecord(data, record), mismatch } }
    }
    const status = this.options_.autoCapture ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED
    return { status, data: { ...withPaymentRecord(data, record), captured: this.options_.autoCapture } }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // No gateway capture exists: the purchase was a sale. Confirm it still stands before Medusa records a capture.
    // A sale is captured whole: a partial capture from any caller (not only the admin route) is refused here.
    await refusePartialCapture(input.context?.idempotency_key)
    // Under the payment's lock, on its fresh state: Medusa writes back what this returns.
    return { data: await this.locked(readSessionData(input.data), (fresh) => this.confirmSale(fresh)) }
  }

  private async confirmSale(fresh: IotpaySessionData): Promise<IotpaySessionData> {
    const { data, record } = await this.locate(fresh, "confirming the sale before capture")
    if (!isPaid(record)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay payment ${data.mchOrderNo} can't be captured: IOTPay reports it as not paid (status ${record.status}).`
      )
    }
    if ((record.refundable ?? 0) <= 0) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay payment ${record.payOrderId} can't be captured: nothing is left of it at IOTPay (voided or fully refunded).`
      )
    }
    return { ...data, captured: true }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: await this.locked(readSessionData(input.data), (fresh) => this.reversals_.cancel(fresh)) }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = readSessionData(input.data)
    const refundId = refundIdOf(input)
    assertCad(data.currency ?? IOTPAY_CURRENCY)
    const amount = input.amount as AmountInput
    const refund = (fresh: IotpaySessionData) => this.reversals_.refund(fresh, amount, refundId)
    return { data: await this.locked(data, unlessImportingOutside(refundId, refund)) }
  }

  /** Runs `work` on the payment's fresh state under its lock (src/lib/payment-state.ts); returns what to write back. */
  protected locked(data: IotpaySessionData, work: (fresh: IotpaySessionData) => Promise<IotpaySessionData>) {
    return underPaymentLock(data, work, loadedStateDeps(this.logger_))
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: (await this.locate(readSessionData(input.data), "retrieving the payment")).data }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = readSessionData(input.data)
    const mchOrderNo = derivedOrderNo(data)
    if (!mchOrderNo) return { status: PaymentSessionStatus.PENDING, data }
    const record = await this.queryOrNull({ mchOrderNo }, "reading the payment status")
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
    // IOTPay has no call to withdraw an unpaid hosted-page purchase; an unpaid one simply expires. A session deleted
    // after the shopper paid would leave money taken with no order, so that payment is voided (or refunded).
    // Never throw here: Medusa calls this with partial data when an initiate failed.
    return { data: await this.releasePaidAttempt(readSessionData(input.data), "its payment session was deleted") }
  }

  /**
   * Saved-card and wallet purchases are charged at authorize (cart completion); hosted ones are paid by the shopper.
   */
  protected isImmediate(data: IotpaySessionData): boolean {
    return data.mode === "saved_card" || data.mode === "wallet"
  }

  /** Sends the immediate purchase (cc_purchasewithtoken / cc_purchasewithwallet) for this session's data. */
  protected sendImmediatePurchase(_data: IotpaySessionData, _mchOrderNo: string): Promise<OrderRecord> {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "IOTPay: this payment method is not charged by the store.")
  }

  /**
   * Charges a saved card or wallet under the session's deterministic mchOrderNo (authorize asked IOTPay first and
   * found nothing). A lost answer is asked about once more; if it stays unknown the session stays pending with its
   * mchOrderNo, and the next authorize or the reconcile job settles it by query: never a second charge.
   */
  private async chargeNow(data: IotpaySessionData, mchOrderNo: string): Promise<OrderRecord | null> {
    const what = `payment ${mchOrderNo} of ${data.amountCents === undefined ? "?" : formatCents(data.amountCents)} CAD`
    try {
      return await sendIdempotent(this.client_, mchOrderNo, () => this.sendImmediatePurchase(data, mchOrderNo))
    } catch (error) {
      if (!isUnknownOutcome(error)) throw toMedusaError(error, `charging ${what}`)
      this.logger_?.warn(
        `IOTPay: the answer to charging ${what} was lost; the session stays pending and is settled by asking IOTPay.`
      )
      return null
    }
  }

  /**
   * updatePayment for a saved-card or wallet purchase: nothing is charged before authorize, so a new total only needs
   * a new attempt number (an earlier attempt whose charge answer was lost may exist at IOTPay for the old amount, and
   * is returned to the shopper if it was paid).
   */
  protected async updateImmediatePurchase(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const current = readSessionData(input.data)
    const priced = this.priced(input.amount, input.currency_code, "updating the payment session")
    if (current.amountCents === priced.amountCents || current.canceled) return { data: current }
    await this.releasePaidAttempt(current, "the cart amount changed")
    const next = {
      ...current,
      ...priced,
      attempt: (current.attempt ?? 1) + 1,
      payOrderId: undefined,
      reversals: undefined,
    }
    return { data: { ...next, mchOrderNo: derivedOrderNo(next) ?? undefined }, status: PaymentSessionStatus.PENDING }
  }

  /** The Medusa payment session this purchase belongs to; every IOTPay number is derived from it. */
  protected sessionIdOf(input: { data?: Record<string, unknown>; context?: { idempotency_key?: string } }): string {
    return sessionIdOf(input)
  }

  /** IOTPay's mchUserId: the Medusa customer id (cus_ + ULID fits its 30 characters), or "guest". */
  protected mchUserIdOf(input: { context?: { customer?: { id?: string } } }): string {
    const customerId = input.context?.customer?.id
    return customerId && customerId.length <= 30 ? customerId : "guest"
  }

  /** The storefront's return_url (allow-listed origins only) or the configured default. */
  protected returnUrlFor(requested: unknown): string {
    return returnUrlOrError(requested, this.options_)
  }

  /** Voids (or refunds) the current attempt when IOTPay says it was paid; returns the data unchanged otherwise. */
  protected async releasePaidAttempt(data: IotpaySessionData, why: string): Promise<IotpaySessionData> {
    if (!data.mchOrderNo || data.canceled) return data
    const { data: after = data } = await this.cancelPayment({ data })
    const released = readSessionData(after)
    if (released.canceled) {
      this.logger_?.warn(`IOTPay: returned the money of paid attempt ${data.mchOrderNo} because ${why}.`)
    }
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
    return {
      merchantId: this.options_.merchantId,
      mchOrderNo: derivedOrderNo(data) ?? undefined,
      amountCents: data.amountCents,
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

  /** The payment at IOTPay by the session-derived number; an error when IOTPay has none. */
  protected async locate(
    data: IotpaySessionData,
    doing: string
  ): Promise<{ data: IotpaySessionData; record: OrderRecord }> {
    let found: Awaited<ReturnType<typeof locatePayment>>
    try {
      found = await locatePayment(this.client_, data, this.options_.merchantId)
    } catch (error) {
      throw toMedusaError(error, doing)
    }
    if (!found) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: ${doing}: IOTPay holds no payment for this session.`
      )
    }
    return found
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
