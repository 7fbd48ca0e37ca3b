import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { ProviderWebhookPayload, UpdatePaymentInput, UpdatePaymentOutput } from "@medusajs/framework/types"
import { decodeNotifyBody, formatCents, parseNotify, type IotpayClient, type OrderRecord } from "../../iotpay"
import { createCardGateway, type CardGateway } from "../../lib/gateway/card-gateway"
import { isUnknownOutcome, sendIdempotent } from "../../lib/gateway/idempotent-send"
import { toMedusaError } from "../../lib/gateway/medusa-errors"
import { derivedOrderNo } from "../../lib/gateway/payment-gateway"
import { isPaid } from "../../lib/gateway/payment-record"
import { headerValue, sessionIdOf } from "./provider-input"
import { readSessionData, type IotpaySessionData } from "../../lib/money/session-data"
import { waitWhilePending } from "./upi-wait"

import { AbstractIotpayProvider, noPaymentAtIotpay, type Cradle } from "./abstract-iotpay-provider"

/**
 * The card providers (Credit Card V3 API: hosted card page, saved cards, Apple Pay, Google Pay) over the card
 * gateway. What is theirs alone: saved-card and wallet purchases are charged at authorize, UPI waits while pending,
 * capture confirms at IOTPay that the sale still stands, and the V3 notify. Subclasses add how a purchase starts.
 */
export abstract class AbstractIotpayCardProvider extends AbstractIotpayProvider<CardGateway> {
  protected readonly paymentName = "payment"
  protected readonly canceledText = "was returned to the shopper"
  protected readonly retrieveNeedsPayment = true

  constructor(cradle: Cradle, options: Record<string, unknown>) {
    super(cradle, options, createCardGateway)
  }

  /** The V3 client (subclasses start purchases with it). */
  protected get client_(): IotpayClient {
    return this.gateway_.client
  }

  protected notPaidText(record: OrderRecord, mchOrderNo: string): string {
    return (
      `IOTPay declined payment ${mchOrderNo}${record.retMsg ? `: ${record.retMsg}` : ""}; nothing was charged. ` +
      `Ask the shopper to try again with another card or way to pay (start a new payment session).`
    )
  }

  protected async settleAttempt(
    data: IotpaySessionData,
    mchOrderNo: string,
    found: OrderRecord | null,
    doing: string
  ): Promise<{ data: IotpaySessionData; record: OrderRecord | null }> {
    let record = found
    if (!record && this.isImmediate(data)) {
      // Saved card or wallet: charged now, when the cart is completed, never when the session is created.
      record = await this.chargeNow(data, mchOrderNo)
      if (!record) return { data, record }
      data = { ...data, walletData: undefined }
    }
    if (record && this.options_.channel === "UPI_EX") {
      record = await waitWhilePending(record, this.options_.upiPollMs, () => this.query(mchOrderNo, doing))
    }
    return { data, record }
  }

  /** Confirms at IOTPay that the sale still stands before Medusa records a capture. */
  protected async confirmCapture(fresh: IotpaySessionData): Promise<IotpaySessionData> {
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

  /** Saved-card and wallet purchases are charged at authorize (cart completion); hosted ones are paid by the shopper. */
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

  protected verifiedNotify(payload: ProviderWebhookPayload["payload"]): OrderRecord | null {
    let fields: Record<string, unknown>
    try {
      fields = decodeNotifyBody(
        (payload.rawData as string | Buffer | undefined) ?? JSON.stringify(payload.data ?? {}),
        headerValue(payload.headers, "content-type")
      )
    } catch {
      return null
    }
    const notify = parseNotify(fields, { merchantId: this.options_.merchantId, secretKey: this.options_.secretKey })
    return notify.ok ? notify.record : null
  }

  /** The payment at IOTPay by the session-derived number; an error when IOTPay has none. */
  protected async locate(
    data: IotpaySessionData,
    doing: string
  ): Promise<{ data: IotpaySessionData; record: OrderRecord }> {
    const found = await this.located(data, doing)
    if (!found) throw noPaymentAtIotpay(doing)
    return found
  }
}
