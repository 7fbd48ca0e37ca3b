import { MedusaError } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import {
  IotpayRejectedError,
  formatCents,
  isSuccessStatus,
  mchRefundNoFor,
  type IotpayClient,
  type OrderRecord,
} from "../iotpay"
import { findByNumber, sendIdempotent } from "./idempotent-send"
import { toMedusaError } from "./medusa-errors"
import { isPaid, withPaymentRecord } from "./payment-record"
import { findReversal, reversedCents, withReversal, type IotpaySessionData } from "./session-data"

/**
 * Giving money back at IOTPay: cancel (cc_void, or a refund of what is left once settled) and refunds (cc_refund,
 * or a void for a full refund IOTPay refuses before settlement). Every call carries a number derived from Medusa
 * ids, so a retry reuses it and money cannot move twice; the results are appended to the payment's data.
 */
export class PaymentReversals {
  constructor(
    private readonly client: IotpayClient,
    private readonly logger?: Logger
  ) {}

  /** Voids the payment, or refunds what is left when IOTPay refuses the void. Nothing paid → data unchanged. */
  async cancel(input: IotpaySessionData): Promise<IotpaySessionData> {
    let data = input
    if (!data.payOrderId && data.mchOrderNo) {
      // The shopper may have paid after the session was last read: find out before deciding there is nothing to void.
      const record = await this.findOrThrow(data.mchOrderNo, "checking the payment before cancel")
      if (record && isPaid(record)) data = withPaymentRecord(data, record)
    }
    if (!data.payOrderId || data.canceled) return data
    const voidNo = mchRefundNoFor("void", reversalKey(data))
    if (findReversal(data, voidNo)) return { ...data, canceled: true }
    try {
      const record = await this.void(data, voidNo)
      return { ...this.record(data, "void", record, voidNo), canceled: true, refundable: 0 }
    } catch (error) {
      if (!(error instanceof IotpayRejectedError)) throw toMedusaError(error, `voiding payment ${data.payOrderId}`)
      // Most likely settled already: a void is impossible, so give the money back with a refund of what is left.
      return await this.refundRemainder(data, error)
    }
  }

  /** Refunds `cents` for the Medusa refund `refundId`; a repeat of a refund already done changes nothing. */
  async refund(data: IotpaySessionData, cents: number, refundId: string): Promise<IotpaySessionData> {
    const refundNo = mchRefundNoFor("refund", refundId)
    const done = (data.reversals ?? []).find((r) => r.mchRefundNo === refundNo || r.medusaId === refundId)
    if (done && isSuccessStatus(done.status)) return data
    const doing = `refunding ${formatCents(cents)} CAD of payment ${data.payOrderId}`
    const left = (data.amountCents ?? cents) - reversedCents(data)
    if (cents > left)
      // Medusa's own guard tolerates a one-cent excess; money must be exact, so refuse before anything is sent.
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `IOTPay: can't refund ${formatCents(cents)} CAD of payment ${data.payOrderId}: only ${formatCents(left)} CAD ` +
          `is left to refund. Nothing was sent to IOTPay.`
      )
    try {
      const record = await sendIdempotent(this.client, refundNo, () =>
        this.client.refund({ payOrderId: data.payOrderId!, mchRefundNo: refundNo, refundAmount: cents })
      )
      return this.record(data, "refund", record, refundNo, refundId)
    } catch (error) {
      const isFullRefund = cents === data.amountCents && reversedCents(data) === 0
      if (!(error instanceof IotpayRejectedError) || !isFullRefund) throw toMedusaError(error, doing)
      // A full refund IOTPay refuses (typically: not settled yet) is the same as voiding the whole sale.
      const voidNo = mchRefundNoFor("void", reversalKey(data))
      try {
        const record = await this.void(data, voidNo)
        return { ...this.record(data, "void", record, voidNo, refundId), refundable: 0 }
      } catch (voidError) {
        throw toMedusaError(voidError, `${doing} (refund refused: ${error.retMsg}; void also failed)`)
      }
    }
  }

  private void(data: IotpaySessionData, voidNo: string): Promise<OrderRecord> {
    return sendIdempotent(this.client, voidNo, () => this.client.void({ payOrderId: data.payOrderId!, mchRefundNo: voidNo }))
  }

  private async refundRemainder(data: IotpaySessionData, voidError: IotpayRejectedError): Promise<IotpaySessionData> {
    const refundNo = mchRefundNoFor("cancel_refund", reversalKey(data))
    const doing = `refunding payment ${data.payOrderId} after IOTPay refused the void (${voidError.retMsg})`
    try {
      const existing = await findByNumber(this.client, refundNo)
      if (existing) return { ...this.record(data, "refund", existing, refundNo), canceled: true }
      const current = await this.client.query({ payOrderId: data.payOrderId! })
      const left = current.refundable ?? 0
      if (left <= 0) return { ...withPaymentRecord(data, current), canceled: true }
      const record = await sendIdempotent(this.client, refundNo, () =>
        this.client.refund({ payOrderId: data.payOrderId!, mchRefundNo: refundNo, refundAmount: left })
      )
      return { ...this.record(data, "refund", record, refundNo), canceled: true, refundable: 0 }
    } catch (error) {
      // Medusa's cancel-order path only logs provider errors, so say it loudly: the money is still taken.
      const err = toMedusaError(error, doing)
      this.logger?.error(`IOTPay: CANCEL DID NOT RETURN THE MONEY for payment ${data.payOrderId}: ${err.message}`)
      throw err
    }
  }

  private record(
    data: IotpaySessionData,
    kind: "refund" | "void",
    record: OrderRecord,
    mchRefundNo: string,
    medusaId?: string
  ): IotpaySessionData {
    const amountCents = kind === "void" ? data.amountCents ?? record.amount : record.amount
    const next = withReversal(data, {
      kind,
      mchRefundNo,
      amountCents,
      payOrderId: record.payOrderId,
      status: record.status,
      medusaId,
      at: new Date().toISOString(),
    })
    return data.amountCents === undefined ? next : { ...next, refundable: data.amountCents - reversedCents(next) }
  }

  private async findOrThrow(mchOrderNo: string, doing: string): Promise<OrderRecord | null> {
    try {
      return await findByNumber(this.client, mchOrderNo)
    } catch (error) {
      throw toMedusaError(error, doing)
    }
  }
}

/** One void/cancel number per attempt: attempt 1 keeps the readable V/C + session ULID, later ones a digest. */
function reversalKey(data: IotpaySessionData): string {
  const base = data.session_id ?? data.payOrderId!
  return (data.attempt ?? 1) > 1 ? `${base}#${data.attempt}` : base
}
