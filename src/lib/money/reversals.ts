import { MedusaError } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import {
  IotpayRejectedError,
  classifyStatus,
  decimalAmount,
  formatCents,
  mchRefundNoFor,
  type AmountInput,
  type IotpayClient,
  type OrderRecord,
} from "../../iotpay"
import type { CardGateway } from "../gateway/card-gateway"
import { isUnknownOutcome, mayHoldNumber, sendIdempotent, type NumberBehaviour } from "../gateway/idempotent-send"
import { toMedusaError } from "../gateway/medusa-errors"
import { locatePayment } from "../gateway/payment-gateway"
import { owedAfterFailedCancel } from "./owed"
import { refundCentsFor } from "./refund-cents"
import { recordAhead } from "./payment-state"
import { reversalKey } from "./session-data"
import {
  findReversal,
  isOpen,
  notMoved,
  openReversals,
  reservedCents,
  withReversal,
  type IotpaySessionData,
  type Reversal,
} from "./session-data"

/**
 * Giving money back at IOTPay: cancel (cc_void, or a refund of what is left once settled) and refunds (cc_refund,
 * or a void for a full refund IOTPay refuses before settlement). Every call carries a number derived from Medusa
 * ids and finds the payment at IOTPay by the number derived from its session, never by ids kept in session data.
 * IOTPay's answer is read: failed (9) is an error, pending (0/1) or lost is recorded open and settled later by
 * query (the reconcile job does this), and IOTPay's own refundable is checked before money moves again. Where
 * IOTPay cannot find reversals by number (reversalLookup "none"), "does not exist" is never read as "never received":
 * lost answers are settled by resending the same number and by IOTPay's refundable figure for the payment.
 */
export class PaymentReversals {
  constructor(
    private readonly gateway: CardGateway,
    private readonly logger?: Logger
  ) {}

  private get client(): IotpayClient {
    return this.gateway.client
  }

  /** How IOTPay treats reversal numbers (the entry's reversalLookup / repeatedRefundNo). */
  private get numbers(): NumberBehaviour {
    return this.gateway.numbers
  }

  /** Whether cc_query can find a reversal by its mchRefundNo, so that "does not exist" means "never received". */
  private get canLookUp(): boolean {
    return this.gateway.canLookUpReversals
  }

  /**
   * Voids the payment, or refunds what is left when IOTPay refuses the void. Nothing paid → data unchanged. Never
   * throws: Medusa's cancel paths swallow errors (the order is canceled anyway), so money that could not be
   * returned is recorded as owed in the data, logged at error level, and retried by the reconcile job.
   */
  async cancel(input: IotpaySessionData): Promise<IotpaySessionData> {
    let data = input
    try {
      data = await this.settleOpen(data)
      const payment = await locatePayment(this.gateway, data)
      if (!payment) return { ...data, owed: undefined } // IOTPay holds no payment under this session's number
      data = payment.data
      if (classifyStatus(payment.record.status) !== "paid") return { ...data, owed: undefined }
      if (data.canceled && openReversals(data).length === 0 && (payment.record.refundable ?? 0) === 0) {
        return { ...data, owed: undefined }
      }
      data = await this.voidOrRefundRest(data, payment.record)
      return openReversals(data).length ? data : { ...data, owed: undefined }
    } catch (error) {
      return owedAfterFailedCancel(data, error, this.logger)
    }
  }

  /**
   * Refunds Medusa's `amount` for the Medusa refund `refundId`, as cents rounded cumulatively (a series of partial
   * refunds adding up to the full amount returns exactly the cents charged). A repeat of a refund already sent
   * changes nothing. A lost answer is recorded open (Medusa keeps its refund row) and settled later; a refusal or a
   * failed record throws, and nothing moved.
   */
  async refund(input: IotpaySessionData, amount: AmountInput, refundId: string): Promise<IotpaySessionData> {
    const refundNo = mchRefundNoFor("refund", refundId)
    let data = await this.settleOpen(input)
    const done = (data.reversals ?? []).find(
      (r) => (r.mchRefundNo === refundNo || r.medusaId === refundId) && r.status !== 9
    )
    if (done) return data
    const payment = await locatePayment(this.gateway, data)
    if (!payment || classifyStatus(payment.record.status) !== "paid") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: payment ${data.mchOrderNo} can't be refunded: IOTPay holds no paid payment under that number.`
      )
    }
    data = payment.data
    if (data.amountCents !== undefined && payment.record.amount !== data.amountCents) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: refund refused before anything was sent: IOTPay's payment ${data.payOrderId} is for ` +
          `${formatCents(payment.record.amount)} CAD, not the ${formatCents(data.amountCents)} CAD this payment records.`
      )
    }
    const left = (data.amountCents ?? 0) - reservedCents(data)
    const cents = refundCentsFor(data, amount)
    const doing = `refunding ${formatCents(cents)} CAD of payment ${data.payOrderId}`
    if (payment.record.refundable !== undefined && payment.record.refundable !== left) {
      // A retry of this same refund holding data from before it: IOTPay already has it under this refund's number.
      const already = this.canLookUp ? await this.gateway.findReversal(refundNo) : null
      if (already && classifyStatus(already.status) !== "failed") {
        return this.recorded(data, {
          kind: "refund",
          mchRefundNo: refundNo,
          amountCents: already.amount,
          medusaAmount: decimalAmount(amount),
          medusaId: refundId,
          payOrderId: already.payOrderId,
          status: already.status,
        })
      }
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: refund refused before anything was sent: IOTPay says ${formatCents(payment.record.refundable)} CAD ` +
          `of payment ${data.payOrderId} is refundable, but this payment's records say ${formatCents(left)} CAD. A ` +
          `refund may still be in progress or was made outside Medusa: check the payment in IOTPay's portal and the ` +
          `order's IOTPay panel, then refund what is really left.`
      )
    }
    if (cents > left) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `IOTPay: can't refund ${formatCents(cents)} CAD of payment ${data.payOrderId}: only ${formatCents(left)} CAD ` +
          `is left to refund. Nothing was sent to IOTPay.`
      )
    }
    const medusaAmount = decimalAmount(amount)
    const entry = {
      kind: "refund" as const,
      mchRefundNo: refundNo,
      amountCents: cents,
      medusaAmount,
      medusaId: refundId,
    }
    // Written ahead where IOTPay can be asked by number: should this process die before IOTPay's answer is recorded,
    // the reconcile job finds the refund open and settles it by that number (never by sending a new one).
    const ahead = this.canLookUp ? this.recorded(data, { ...entry, status: null }) : null
    if (ahead) await recordAhead(ahead)
    let record: OrderRecord
    try {
      record = await sendIdempotent(
        this.client,
        refundNo,
        () => this.client.refund({ payOrderId: data.payOrderId!, mchRefundNo: refundNo, refundAmount: cents }),
        this.numbers
      )
    } catch (error) {
      if (isUnknownOutcome(error)) return this.unknown(data, entry, doing, error)
      if (ahead) await recordAhead(notMoved(ahead, refundNo)) // IOTPay refused it, or it never left: nothing moved
      const isFullRefund = cents === data.amountCents && reservedCents(data) === 0
      if (!(error instanceof IotpayRejectedError) || !isFullRefund) throw toMedusaError(error, doing)
      // A full refund IOTPay refuses (typically: not settled yet) is the same as voiding the whole sale.
      return this.voidWhole(data, refundId, `${doing} (refund refused: ${error.retMsg})`)
    }
    if (classifyStatus(record.status) === "failed") {
      if (ahead) await recordAhead(notMoved(ahead, refundNo))
      throw failedReversal("refund", refundNo, doing)
    }
    return this.recorded(data, { ...entry, payOrderId: record.payOrderId, status: record.status })
  }

  /**
   * Asks IOTPay about every open (pending or unknown) reversal by its number and records the answer. One that
   * IOTPay has no record of was never received: it is sent again under the same number (cannot move money twice).
   */
  async settleOpen(input: IotpaySessionData): Promise<IotpaySessionData> {
    let data = input
    for (const reversal of openReversals(data)) {
      // Without a lookup, "does not exist" says nothing: resend (deduplicated by IOTPay), then IOTPay's refundable.
      const found = this.canLookUp ? await this.gateway.findReversal(reversal.mchRefundNo) : null
      let record: OrderRecord | null = found
      if (!found && reversal.status === null) {
        try {
          record = await this.resend(data, reversal)
        } catch (error) {
          if (!(error instanceof IotpayRejectedError)) throw error
          // IOTPay may hold it but cannot show it: stays open, IOTPay's refundable figure settles it.
          if (mayHoldNumber(error, this.numbers, this.canLookUp)) continue
          // Never received, and IOTPay now refuses it (e.g. a void after settlement): it did not happen. Recording it
          // failed lets a cancel fall back to refunding what is left.
          this.logger?.warn(
            `IOTPay: ${reversal.kind} ${reversal.mchRefundNo} never reached IOTPay and is refused now (${error.retMsg}).`
          )
          data = withReversal(data, { ...reversal, status: 9, settledAt: new Date().toISOString() })
          continue
        }
      }
      if (!record) continue
      data = withReversal(data, {
        ...reversal,
        payOrderId: record.payOrderId ?? reversal.payOrderId,
        status: record.status,
        ...(classifyStatus(record.status) === "pending" ? {} : { settledAt: new Date().toISOString() }),
      })
      const outcome = classifyStatus(record.status)
      if (outcome === "failed") {
        this.logger?.error(
          `IOTPay: ${reversal.kind} ${reversal.mchRefundNo} of ${formatCents(reversal.amountCents)} CAD FAILED at ` +
            `IOTPay (status 9): that money was NOT returned. Refund it again from the order page.`
        )
      } else if (outcome === "paid") {
        this.logger?.info(`IOTPay: ${reversal.kind} ${reversal.mchRefundNo} is confirmed done by IOTPay.`)
      }
    }
    data = await this.settleByRefundable(data)
    return { ...data, refundable: (data.amountCents ?? 0) - reservedCents(data) }
  }

  /**
   * Where reversals cannot be asked about by number, IOTPay's refundable figure for the payment is the witness:
   * when it already counts every open reversal they happened (money is committed at IOTPay); when it counts none
   * of them none did (nothing moved: recorded failed, so the money can be given back again under a new number).
   * Anything in between stays open and is asked again later.
   */
  private async settleByRefundable(data: IotpaySessionData): Promise<IotpaySessionData> {
    const open = openReversals(data)
    if (this.canLookUp || open.length === 0 || !data.payOrderId) return data
    const payment = await this.client.query({ payOrderId: data.payOrderId })
    const withAll = (data.amountCents ?? 0) - reservedCents(data)
    const withNone = withAll + open.reduce((sum, r) => sum + r.amountCents, 0)
    const status = payment.refundable === withAll ? 2 : payment.refundable === withNone ? 9 : undefined
    const numbers = open.map((r) => r.mchRefundNo).join(", ")
    if (status === undefined) {
      this.logger?.warn(
        `IOTPay: ${numbers} of payment ${data.payOrderId} not settled yet: IOTPay's refundable ` +
          `${formatCents(payment.refundable ?? 0)} CAD matches neither all nor none of them; asked again later.`
      )
      return data
    }
    const settledAt = new Date().toISOString()
    for (const reversal of open) data = withReversal(data, { ...reversal, status, settledAt })
    if (status === 2) {
      this.logger?.info(`IOTPay: ${numbers} confirmed by IOTPay's refundable figure for ${data.payOrderId}.`)
    } else {
      this.logger?.error(
        `IOTPay: ${numbers} of payment ${data.payOrderId} did NOT happen (IOTPay's refundable shows no money went ` +
          `back): recorded failed. Refund it again from the order page.`
      )
    }
    return data
  }

  private async resend(data: IotpaySessionData, reversal: Reversal): Promise<OrderRecord | null> {
    if (!data.payOrderId) return null
    const payOrderId = data.payOrderId
    try {
      return await sendIdempotent(
        this.client,
        reversal.mchRefundNo,
        () =>
          reversal.kind === "void"
            ? this.client.void({ payOrderId, mchRefundNo: reversal.mchRefundNo })
            : this.client.refund({ payOrderId, mchRefundNo: reversal.mchRefundNo, refundAmount: reversal.amountCents }),
        this.numbers
      )
    } catch (error) {
      if (isUnknownOutcome(error)) return null // still unknown: stays open, asked again next time
      throw error
    }
  }

  /** Cancel's money movement: void (deterministic number per attempt), or a refund of the rest once settled. */
  private async voidOrRefundRest(data: IotpaySessionData, payment: OrderRecord): Promise<IotpaySessionData> {
    const voidNo = mchRefundNoFor("void", reversalKey(data))
    const existing = findReversal(data, voidNo)
    if (existing && existing.status !== 9) return { ...data, canceled: true }
    const doing = `voiding payment ${data.payOrderId}`
    const entry = {
      kind: "void" as const,
      mchRefundNo: voidNo,
      amountCents: payment.refundable ?? data.amountCents ?? 0,
    }
    if (!existing && (data.reversals ?? []).every((r) => r.status === 9)) {
      try {
        const record = await this.sendVoid(data, voidNo)
        if (classifyStatus(record.status) !== "failed") {
          return {
            ...this.recorded(data, { ...entry, payOrderId: record.payOrderId, status: record.status }),
            canceled: true,
          }
        }
      } catch (error) {
        if (isUnknownOutcome(error)) return { ...this.unknown(data, entry, doing, error), canceled: true }
        if (!(error instanceof IotpayRejectedError)) throw error
      }
    }
    // The void was refused (most likely settled already) or a refund happened before: refund what IOTPay says is left.
    return { ...(await this.refundRest(data)), canceled: true }
  }

  private async refundRest(data: IotpaySessionData): Promise<IotpaySessionData> {
    const refundNo = mchRefundNoFor("cancel_refund", reversalKey(data))
    const existing = findReversal(data, refundNo)
    if (existing && existing.status !== 9) return data
    const current = await this.client.query({ payOrderId: data.payOrderId! })
    const left = current.refundable ?? 0
    if (left <= 0) return data
    const doing = `refunding the remaining ${formatCents(left)} CAD of payment ${data.payOrderId} on cancel`
    const entry = { kind: "refund" as const, mchRefundNo: refundNo, amountCents: left }
    try {
      const record = await sendIdempotent(
        this.client,
        refundNo,
        () => this.client.refund({ payOrderId: data.payOrderId!, mchRefundNo: refundNo, refundAmount: left }),
        this.numbers
      )
      if (classifyStatus(record.status) === "failed") throw failedReversal("refund", refundNo, doing)
      return this.recorded(data, { ...entry, payOrderId: record.payOrderId, status: record.status })
    } catch (error) {
      if (isUnknownOutcome(error)) return this.unknown(data, entry, doing, error)
      throw error
    }
  }

  private async voidWhole(data: IotpaySessionData, refundId: string, doing: string): Promise<IotpaySessionData> {
    const voidNo = mchRefundNoFor("void", reversalKey(data))
    const entry = { kind: "void" as const, mchRefundNo: voidNo, amountCents: data.amountCents ?? 0, medusaId: refundId }
    try {
      const record = await this.sendVoid(data, voidNo)
      if (classifyStatus(record.status) === "failed") throw failedReversal("void", voidNo, doing)
      return this.recorded(data, { ...entry, payOrderId: record.payOrderId, status: record.status })
    } catch (error) {
      if (isUnknownOutcome(error)) return this.unknown(data, entry, doing, error)
      throw toMedusaError(error, `${doing}; the void IOTPay needs instead failed too`)
    }
  }

  /** cc_void of the whole payment under its one void number, as the entry's IOTPay treats repeated numbers. */
  private sendVoid(data: IotpaySessionData, voidNo: string): Promise<OrderRecord> {
    return sendIdempotent(
      this.client,
      voidNo,
      () => this.client.void({ payOrderId: data.payOrderId!, mchRefundNo: voidNo }),
      this.numbers
    )
  }

  /** Records a reversal whose answer was lost: it stays open (Medusa keeps its row) and is settled by query later. */
  private unknown(
    data: IotpaySessionData,
    entry: Omit<Reversal, "status" | "at">,
    doing: string,
    error: unknown
  ): IotpaySessionData {
    this.logger?.error(
      `IOTPay: outcome UNKNOWN while ${doing} (${(error as Error).message}). Recorded as ${entry.mchRefundNo} ` +
        `"outcome unknown"; the reconcile job asks IOTPay about it until it is settled. Do not refund it again.`
    )
    return this.recorded(data, { ...entry, status: null })
  }

  private recorded(data: IotpaySessionData, entry: Omit<Reversal, "at">): IotpaySessionData {
    const reversal: Reversal = { ...entry, at: new Date().toISOString() }
    if (isOpen(reversal) && reversal.status !== null) {
      this.logger?.warn(`IOTPay: ${reversal.kind} ${reversal.mchRefundNo} is pending at IOTPay; it is settled later.`)
    }
    const next = withReversal(data, reversal)
    return { ...next, refundable: (data.amountCents ?? 0) - reservedCents(next) }
  }
}

/** IOTPay failed a reversal (V3 status 9; v1's refund status 3): nothing moved, and Medusa must not record it. */
export function failedReversal(kind: "refund" | "void", number: string, doing: string, status = 9) {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `IOTPay reports the ${kind} ${number} FAILED (status ${status}) while ${doing}: no money was returned. Check the ` +
      `payment in IOTPay's portal, then try again.`
  )
}
