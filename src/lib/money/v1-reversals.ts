import { MedusaError } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import {
  classifyStatus,
  decimalAmount,
  formatCents,
  mchRefundNoFor,
  type AmountInput,
  type OrderRecord,
  type V1Refund,
} from "../../iotpay"
import { isUnknownOutcome } from "../gateway/idempotent-send"
import { derivedOrderNo, locatePayment } from "../gateway/payment-gateway"
import { toMedusaError } from "../gateway/medusa-errors"
import { owedAfterFailedCancel } from "./owed"
import { recordAhead } from "./payment-state"
import { failedReversal } from "./reversals"
import { refundCentsFor } from "./refund-cents"
import { reversalKey } from "./session-data"
import {
  findReversal,
  isOpen,
  notMoved,
  openReversals,
  reservedCents,
  withReversal,
  type IotpaySessionData,
} from "./session-data"
import { v1RefundStatus, type WalletGateway } from "../gateway/wallet-gateway"
import { currencyOf } from "./wallet-currency"

/**
 * Giving money back through IOTPay's v1 API (WeChat Pay, Alipay, UnionPay). v1 has no void: cancel is a refund of
 * everything left, under one number per session (mchRefundNoFor("cancel_refund", session)); each Medusa refund has
 * its own (mchRefundNoFor("refund", refund id)). The payment is found at IOTPay by the session-derived mchOrderNo and
 * refunded by the payOrderId IOTPay reports. A lost answer is settled before anything else is sent: by the refund
 * query when configured, otherwise by resending the same number (IOTPay, like its xxpay origin and the sandbox,
 * answers a repeated mchRefundNo with the original refund), so money never goes back twice.
 */
export class V1PaymentReversals {
  constructor(
    private readonly gateway: WalletGateway,
    private readonly logger?: Logger
  ) {}

  /**
   * Refunds Medusa's `amount` for the Medusa refund `refundId` (cents rounded cumulatively, like cards). A repeat of
   * a refund already sent changes nothing; a lost answer is recorded open and settled; a refusal throws.
   */
  async refund(input: IotpaySessionData, amount: AmountInput, refundId: string): Promise<IotpaySessionData> {
    const refundNo = mchRefundNoFor("refund", refundId)
    let data = await this.settleOpen(input)
    const done = findReversal(data, refundNo) ?? (data.reversals ?? []).find((r) => r.medusaId === refundId)
    if (done && done.status !== 9) return data
    const payment = await this.paidPayment(data, "refunded")
    data = payment.data
    const left = (data.amountCents ?? 0) - reservedCents(data)
    const cents = refundCentsFor(data, amount)
    if (cents > left || cents <= 0) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `IOTPay: can't refund ${decimalAmount(amount)} ${currencyOf(data)} of payment ${data.payOrderId}: only ` +
          `${formatCents(left)} ${currencyOf(data)} is left to refund. Nothing was sent to IOTPay.`
      )
    }
    return this.send(data, payment.record, {
      mchRefundNo: refundNo,
      cents,
      medusaAmount: decimalAmount(amount),
      medusaId: refundId,
    })
  }

  /**
   * Refunds everything still left (v1 has no void), once. Never throws: money that could not be returned is
   * recorded as owed and logged at error level; the reconcile job retries it. Nothing paid → marked canceled, so a
   * payment that still arrives later is given back by the notify subscriber.
   */
  async cancel(input: IotpaySessionData): Promise<IotpaySessionData> {
    let data: IotpaySessionData = { ...input, canceled: true }
    try {
      data = await this.settleOpen(data)
      const payment = await locatePayment(this.gateway, data)
      if (!payment || classifyStatus(payment.record.status) !== "paid") return { ...data, owed: undefined }
      data = payment.data
      const refundNo = mchRefundNoFor("cancel_refund", reversalKey(data))
      const already = findReversal(data, refundNo)
      const left = (data.amountCents ?? payment.record.amount) - reservedCents(data)
      if ((already && already.status !== 9) || left <= 0) {
        return openReversals(data).length ? data : { ...data, owed: undefined }
      }
      data = await this.send(data, payment.record, { mchRefundNo: refundNo, cents: left })
      if (openReversals(data).length) throw new Error(`the answer to refund ${refundNo} was lost`)
      return { ...data, owed: undefined }
    } catch (error) {
      return owedAfterFailedCancel(data, error, this.logger)
    }
  }

  /** Settles refunds whose answer was lost: the refund query when configured, else the same number resent. */
  async settleOpen(input: IotpaySessionData): Promise<IotpaySessionData> {
    let data = input
    const open = (data.reversals ?? []).filter(isOpen)
    if (!open.length) return data
    const payment = await this.paidPayment(data, "settled")
    data = payment.data
    for (const reversal of open) {
      const found = await this.gateway.findRefund(reversal.mchRefundNo)
      if (found) {
        data = withReversal(data, { ...reversal, status: v1RefundStatus(found), payOrderId: found.refundOrderId })
        continue
      }
      data = await this.send(data, payment.record, {
        mchRefundNo: reversal.mchRefundNo,
        cents: reversal.amountCents,
        medusaAmount: reversal.medusaAmount,
        medusaId: reversal.medusaId,
      })
    }
    return data
  }

  private async paidPayment(data: IotpaySessionData, what: string) {
    const payment = await locatePayment(this.gateway, data)
    if (!payment || classifyStatus(payment.record.status) !== "paid") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: payment ${derivedOrderNo(data) ?? "?"} can't be ${what}: IOTPay holds no paid payment under that number.`
      )
    }
    if (data.amountCents !== undefined && payment.record.amount !== data.amountCents) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: nothing was sent: IOTPay's payment ${payment.record.payOrderId} is for ` +
          `${formatCents(payment.record.amount)} ${currencyOf(data)}, not the ${formatCents(data.amountCents)} ` +
          `${currencyOf(data)} this payment records.`
      )
    }
    return payment
  }

  /** One refund_order under `mchRefundNo`; recorded done, or open (status null) when the answer was lost. */
  private async send(
    data: IotpaySessionData,
    order: OrderRecord,
    r: { mchRefundNo: string; cents: number; medusaAmount?: string; medusaId?: string }
  ): Promise<IotpaySessionData> {
    const entry = {
      kind: "refund" as const,
      mchRefundNo: r.mchRefundNo,
      amountCents: r.cents,
      medusaAmount: r.medusaAmount,
      medusaId: r.medusaId,
      at: findReversal(data, r.mchRefundNo)?.at ?? new Date().toISOString(),
    }
    const clientIp = this.gateway.options.refundClientIp ?? data.clientIp
    const doing = `refunding ${formatCents(r.cents)} ${currencyOf(data)} of payment ${order.payOrderId} (${r.mchRefundNo})`
    // A new number is written ahead where the refund query can find it (see reversals.ts); a resend is open already.
    const known = findReversal(data, r.mchRefundNo)
    const ahead =
      this.gateway.canLookUpReversals && (!known || known.status === 9)
        ? withReversal(data, { ...entry, status: null })
        : null
    if (ahead) await recordAhead(ahead)
    let refund: V1Refund
    try {
      refund = await this.gateway.client.refundOrder({
        payOrderId: order.payOrderId,
        mchRefundNo: r.mchRefundNo,
        refundAmount: r.cents,
        clientIp: clientIp ?? "",
        currency: currencyOf(data),
      })
    } catch (error) {
      if (!isUnknownOutcome(error)) {
        if (ahead) await recordAhead(notMoved(ahead, r.mchRefundNo)) // refused, or it never left: nothing moved
        throw toMedusaError(error, doing)
      }
      this.logger?.warn(`IOTPay: the answer to ${doing} was lost; it is settled (never sent twice) before any other.`)
      return withReversal(data, { ...entry, status: null })
    }
    const status = v1RefundStatus(refund)
    const done = withReversal(data, {
      ...entry,
      status,
      payOrderId: refund.refundOrderId,
      settledAt: new Date().toISOString(),
    })
    if (status !== 9) return done
    // IOTPay failed it (v1's status 3): nothing moved. The ledger keeps the failed entry (the admin panel shows it) and
    // Medusa is told, so its refund row is rolled back instead of showing money that never left.
    await recordAhead(done)
    throw failedReversal("refund", r.mchRefundNo, doing, 3)
  }
}
