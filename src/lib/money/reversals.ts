import { MedusaError } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import {
  IotpayRejectedError,
  classifyStatus,
  decimalAmount,
  formatCents,
  mchRefundNoFor,
  type AmountInput,
  type OrderRecord,
} from "../../iotpay"
import { isUnknownOutcome, mayHoldNumber } from "../gateway/idempotent-send"
import { toMedusaError } from "../gateway/medusa-errors"
import { derivedOrderNo, locatePayment, type PaymentGateway } from "../gateway/payment-gateway"
import { owedAfterFailedCancel } from "./owed"
import { recordAhead } from "./payment-state"
import { refundCentsFor } from "./refund-cents"
import {
  findReversal,
  isOpen,
  notMoved,
  openReversals,
  reservedCents,
  reversalKey,
  withReversal,
  type IotpaySessionData,
  type Reversal,
} from "./session-data"
import { currencyOf } from "./wallet-currency"

type Entry = Omit<Reversal, "status" | "at">

/**
 * Giving money back at IOTPay, for cards (V3) and WeChat Pay / Alipay / UnionPay (v1) alike, over what each API can
 * do (PaymentGateway: void or not, refunds found by number or not, a refundable figure or not).
 * - Every call carries a number derived from Medusa ids (a refund: its Medusa refund id; a cancel: the session's
 *   attempt) and finds the payment at IOTPay by the number derived from its session, never by ids kept in data.
 * - IOTPay's answer is read: failed is an error and nothing moved; pending or lost is recorded open and settled later
 *   (before anything else is sent, and by the reconcile job). Where IOTPay reports a refundable figure it is checked
 *   before money moves again; where it reports none, the ledger's own reversals are what is left.
 * - An open reversal is settled by asking IOTPay by its number where it can be asked; otherwise by sending the same
 *   number again (IOTPay answers a repeated number with the original, so money never goes back twice) and, on V3,
 *   by IOTPay's refundable figure. "Not found" is never read as "never received" where IOTPay cannot be asked.
 */
export class PaymentReversals {
  constructor(
    private readonly gateway: PaymentGateway,
    private readonly logger?: Logger
  ) {}

  /** Whether IOTPay can find a reversal by its number, so that "does not exist" means "never received". */
  private get canLookUp(): boolean {
    return this.gateway.numbers.reversalLookup === "query-by-number"
  }

  /**
   * Gives back everything still paid: a void (where the API has one and nothing was refunded yet), else a refund of
   * what is left, once per attempt. Never throws: Medusa's cancel paths swallow errors (the order is canceled
   * anyway), so money not confirmed returned is recorded owed, logged at error level, and retried by the reconcile
   * job. Nothing paid → marked canceled, so a payment that still arrives is given back by the notify subscriber.
   */
  async cancel(input: IotpaySessionData): Promise<IotpaySessionData> {
    // Marked canceled once an attempt exists, paid or not: a page paid after this is given back, never authorized.
    let data: IotpaySessionData = derivedOrderNo(input) ? { ...input, canceled: true } : input
    try {
      data = await this.settleOpen(data)
      const payment = await locatePayment(this.gateway, data)
      if (payment) data = payment.data // IOTPay's record, never ids a storefront put in the data
      if (!payment || classifyStatus(payment.record.status) !== "paid") return { ...data, owed: undefined }
      if (!openReversals(data).length && this.leftAt(data, payment.record) <= 0) return { ...data, owed: undefined }
      data = this.gateway.canVoid
        ? await this.voidOrRefundRest(data, payment.record)
        : await this.refundRest(data, payment.record)
      const unconfirmed = this.cancelNumbers(data).filter((no) => {
        const r = findReversal(data, no)
        return r && isOpen(r)
      })
      if (unconfirmed.length) throw new Error(`IOTPay has not confirmed ${unconfirmed.join(", ")} yet`)
      return { ...data, owed: undefined }
    } catch (error) {
      return owedAfterFailedCancel(data, error, this.logger)
    }
  }

  /**
   * Refunds Medusa's `amount` for the Medusa refund `refundId`, as cents rounded cumulatively (a series of partial
   * refunds adding up to the full amount returns exactly the cents charged). A repeat of a refund already sent
   * changes nothing. A lost answer is recorded open (Medusa keeps its refund row) and settled later; a refusal or a
   * failed reversal throws, and nothing moved.
   */
  async refund(input: IotpaySessionData, amount: AmountInput, refundId: string): Promise<IotpaySessionData> {
    const refundNo = mchRefundNoFor("refund", refundId)
    let data = await this.settleOpen(input)
    const done = (data.reversals ?? []).find(
      (r) => (r.mchRefundNo === refundNo || r.medusaId === refundId) && r.status !== 9
    )
    if (done) return data
    const payment = await this.paidPayment(data)
    data = payment.data
    const left = (data.amountCents ?? 0) - reservedCents(data)
    const cents = refundCentsFor(data, amount)
    const cur = currencyOf(data)
    const medusaAmount = decimalAmount(amount)
    const entry: Entry = { kind: "refund", mchRefundNo: refundNo, amountCents: cents, medusaAmount, medusaId: refundId }
    const refundable = this.gateway.reportsRefundable ? payment.record.refundable : undefined
    if (refundable !== undefined && refundable !== left) {
      // A retry of this same refund holding data from before it: IOTPay already has it under this refund's number.
      const already = this.canLookUp ? await this.gateway.findReversal(refundNo) : null
      if (already && classifyStatus(already.status) !== "failed") {
        return this.recorded(data, {
          ...entry,
          amountCents: already.amount,
          payOrderId: already.payOrderId,
          status: already.status,
        })
      }
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: refund refused before anything was sent: IOTPay says ${formatCents(refundable)} ${cur} ` +
          `of payment ${data.payOrderId} is refundable, but this payment's records say ${formatCents(left)} ${cur}. A ` +
          `refund may still be in progress or was made outside Medusa: check the payment in IOTPay's portal and the ` +
          `order's IOTPay panel, then refund what is really left.`
      )
    }
    if (cents > left || cents <= 0) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `IOTPay: can't refund ${medusaAmount} ${cur} of payment ${data.payOrderId}: only ${formatCents(left)} ${cur} ` +
          `is left to refund. Nothing was sent to IOTPay.`
      )
    }
    const doing = `refunding ${formatCents(cents)} ${cur} of payment ${data.payOrderId} (${refundNo})`
    try {
      return await this.send(data, entry, doing)
    } catch (error) {
      const isFullRefund = cents === data.amountCents && reservedCents(data) === 0
      if (!(error instanceof IotpayRejectedError) || !isFullRefund || !this.gateway.canVoid) {
        throw toMedusaError(error, doing)
      }
      // A full refund IOTPay refuses (typically: not settled yet) is the same as voiding the whole sale.
      return this.voidWhole(data, refundId, `${doing} (refund refused: ${error.retMsg})`)
    }
  }

  /**
   * Asks IOTPay about every open (pending or unknown) reversal and records the answer. One IOTPay has no record of
   * (or cannot be asked about) is sent again under the same number, which cannot move money twice; where IOTPay
   * reports a refundable figure and cannot be asked by number, that figure settles what is left open.
   */
  async settleOpen(input: IotpaySessionData): Promise<IotpaySessionData> {
    let data = input
    if (openReversals(data).length && !data.payOrderId) data = (await locatePayment(this.gateway, data))?.data ?? data
    for (const reversal of openReversals(data)) {
      let record = this.canLookUp ? await this.gateway.findReversal(reversal.mchRefundNo) : null
      // A pending one IOTPay once answered is asked again, not resent, where its refundable figure can settle it.
      const resend = !record && (reversal.status === null || !this.gateway.reportsRefundable)
      if (resend) {
        try {
          record = await this.resend(data, reversal)
        } catch (error) {
          if (!(error instanceof IotpayRejectedError)) throw error
          // IOTPay may hold it but cannot show it: stays open (IOTPay's refundable figure settles it where it has one).
          if (mayHoldNumber(error, this.gateway.numbers, this.canLookUp)) continue
          // Never received, and IOTPay now refuses it (e.g. a void after settlement): it did not happen. Recording it
          // failed lets a cancel fall back to refunding what is left.
          this.logger?.warn(
            `IOTPay: ${reversal.kind} ${reversal.mchRefundNo} never reached IOTPay and is refused now (${error.retMsg}).`
          )
          data = withReversal(data, { ...reversal, status: 9, settledAt: new Date().toISOString() })
          continue
        }
      }
      if (record) data = this.settled(data, reversal, record)
    }
    data = await this.settleByRefundable(data)
    return this.withLeft(data)
  }

  /** Records IOTPay's answer about an open reversal, loudly when it failed (no money went back). */
  private settled(data: IotpaySessionData, reversal: Reversal, record: OrderRecord): IotpaySessionData {
    const outcome = classifyStatus(record.status)
    const next = withReversal(data, {
      ...reversal,
      payOrderId: record.payOrderId ?? reversal.payOrderId,
      status: record.status,
      ...(outcome === "pending" ? {} : { settledAt: new Date().toISOString() }),
    })
    if (outcome === "failed") {
      this.logger?.error(
        `IOTPay: ${reversal.kind} ${reversal.mchRefundNo} of ${formatCents(reversal.amountCents)} ${currencyOf(data)} ` +
          `FAILED at IOTPay (status ${this.gateway.failedCode}): that money was NOT returned. Refund it again from ` +
          `the order page.`
      )
    } else if (outcome === "paid") {
      this.logger?.info(`IOTPay: ${reversal.kind} ${reversal.mchRefundNo} is confirmed done by IOTPay.`)
    }
    return next
  }

  /**
   * Where reversals cannot be asked about by number but IOTPay reports a refundable figure (V3), that figure is the
   * witness: when it already counts every open reversal they happened (money is committed at IOTPay); when it counts
   * none of them none did (nothing moved: recorded failed, so the money can be given back again under a new number).
   * Anything in between stays open and is asked again later.
   */
  private async settleByRefundable(data: IotpaySessionData): Promise<IotpaySessionData> {
    const open = openReversals(data)
    if (this.canLookUp || !this.gateway.reportsRefundable || open.length === 0 || !data.payOrderId) return data
    const payment = await this.gateway.findPayment({ payOrderId: data.payOrderId })
    if (!payment) return data
    const withAll = (data.amountCents ?? 0) - reservedCents(data)
    const withNone = withAll + open.reduce((sum, r) => sum + r.amountCents, 0)
    const status = payment.refundable === withAll ? 2 : payment.refundable === withNone ? 9 : undefined
    const numbers = open.map((r) => r.mchRefundNo).join(", ")
    if (status === undefined) {
      this.logger?.warn(
        `IOTPay: ${numbers} of payment ${data.payOrderId} not settled yet: IOTPay's refundable ` +
          `${formatCents(payment.refundable ?? 0)} ${currencyOf(data)} matches neither all nor none of them; asked ` +
          `again later.`
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

  /** The same reversal again under its number; null while its outcome stays unknown (it stays open). */
  private async resend(data: IotpaySessionData, reversal: Reversal): Promise<OrderRecord | null> {
    if (!data.payOrderId) return null
    try {
      return reversal.kind === "void"
        ? await this.gateway.sendVoid(data.payOrderId, reversal.mchRefundNo)
        : await this.gateway.sendRefund(this.request(data, reversal.mchRefundNo, reversal.amountCents))
    } catch (error) {
      if (isUnknownOutcome(error)) return null
      throw error
    }
  }

  /** IOTPay's paid payment under the session's number, the same amount this payment records; else nothing is sent. */
  private async paidPayment(data: IotpaySessionData) {
    const payment = await locatePayment(this.gateway, data)
    if (!payment || classifyStatus(payment.record.status) !== "paid") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: payment ${derivedOrderNo(data) ?? data.mchOrderNo} can't be refunded: IOTPay holds no paid payment ` +
          `under that number.`
      )
    }
    if (data.amountCents !== undefined && payment.record.amount !== data.amountCents) {
      const cur = currencyOf(data)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay: refund refused before anything was sent: IOTPay's payment ${payment.record.payOrderId} is for ` +
          `${formatCents(payment.record.amount)} ${cur}, not the ${formatCents(data.amountCents)} ${cur} this ` +
          `payment records.`
      )
    }
    return payment
  }

  /** What is still paid: IOTPay's refundable where it reports one, else the payment less the ledger's reversals. */
  private leftAt(data: IotpaySessionData, payment: OrderRecord): number {
    if (this.gateway.reportsRefundable) return payment.refundable ?? 0
    return (data.amountCents ?? payment.amount) - reservedCents(data)
  }

  /** The numbers a cancel of this attempt sends under (one void, one refund of the rest). */
  private cancelNumbers(data: IotpaySessionData): string[] {
    return [mchRefundNoFor("void", reversalKey(data)), mchRefundNoFor("cancel_refund", reversalKey(data))]
  }

  /** Cancel's money movement on an API with a void: one void per attempt, or a refund of the rest once settled. */
  private async voidOrRefundRest(data: IotpaySessionData, payment: OrderRecord): Promise<IotpaySessionData> {
    const [voidNo] = this.cancelNumbers(data)
    const existing = findReversal(data, voidNo)
    if (existing && existing.status !== 9) return data
    if (!existing && (data.reversals ?? []).every((r) => r.status === 9)) {
      const entry: Entry = {
        kind: "void",
        mchRefundNo: voidNo,
        amountCents: payment.refundable ?? data.amountCents ?? 0,
      }
      try {
        const record = await this.gateway.sendVoid(data.payOrderId!, voidNo)
        if (classifyStatus(record.status) !== "failed") {
          return this.recorded(data, { ...entry, payOrderId: record.payOrderId, status: record.status })
        }
      } catch (error) {
        if (isUnknownOutcome(error)) return this.unknown(data, entry, `voiding payment ${data.payOrderId}`, error)
        if (!(error instanceof IotpayRejectedError)) throw error
      }
    }
    // The void was refused (most likely settled already) or a refund happened before: refund what is left.
    return this.refundRest(data, payment)
  }

  /** Refunds everything still paid under the attempt's one cancel number (v1's cancel; V3's after a refused void). */
  private async refundRest(data: IotpaySessionData, payment: OrderRecord): Promise<IotpaySessionData> {
    const [, refundNo] = this.cancelNumbers(data)
    const existing = findReversal(data, refundNo)
    if (existing && existing.status !== 9) return data
    // IOTPay's figure read again where it has one: a void it just refused may have raced a settlement.
    const current = this.gateway.reportsRefundable
      ? await this.gateway.findPayment({ payOrderId: data.payOrderId! })
      : null
    const left = this.leftAt(data, current ?? payment)
    if (left <= 0) return data
    const doing = `refunding the remaining ${formatCents(left)} ${currencyOf(data)} of payment ${data.payOrderId} on cancel`
    return this.send(data, { kind: "refund", mchRefundNo: refundNo, amountCents: left }, doing)
  }

  private async voidWhole(data: IotpaySessionData, refundId: string, doing: string): Promise<IotpaySessionData> {
    const [voidNo] = this.cancelNumbers(data)
    const entry: Entry = { kind: "void", mchRefundNo: voidNo, amountCents: data.amountCents ?? 0, medusaId: refundId }
    try {
      const record = await this.gateway.sendVoid(data.payOrderId!, voidNo)
      if (classifyStatus(record.status) === "failed") throw this.failed("void", voidNo, doing)
      return this.recorded(data, { ...entry, payOrderId: record.payOrderId, status: record.status })
    } catch (error) {
      if (isUnknownOutcome(error)) return this.unknown(data, entry, doing, error)
      throw toMedusaError(error, `${doing}; the void IOTPay needs instead failed too`)
    }
  }

  /**
   * One refund under `entry`'s number. Written ahead (open) where IOTPay can be asked by number: should this process
   * die before IOTPay's answer is recorded, the reconcile job finds it open and settles it by that number (never by
   * sending a new one). A lost answer is recorded open; a refusal throws as it is (nothing moved); a failed refund
   * is kept in the ledger as failed (the panel shows it) and thrown, so Medusa does not record money that never left.
   */
  private async send(data: IotpaySessionData, entry: Entry, doing: string): Promise<IotpaySessionData> {
    const known = findReversal(data, entry.mchRefundNo)
    const ahead =
      this.canLookUp && (!known || known.status === 9) ? this.recorded(data, { ...entry, status: null }) : null
    if (ahead) await recordAhead(ahead)
    let record: OrderRecord
    try {
      record = await this.gateway.sendRefund(this.request(data, entry.mchRefundNo, entry.amountCents))
    } catch (error) {
      if (isUnknownOutcome(error)) return this.unknown(data, entry, doing, error)
      if (ahead) await recordAhead(notMoved(ahead, entry.mchRefundNo)) // refused, or it never left: nothing moved
      throw error
    }
    const done = this.recorded(data, { ...entry, payOrderId: record.payOrderId, status: record.status })
    if (classifyStatus(record.status) !== "failed") return done
    await recordAhead(done)
    throw this.failed("refund", entry.mchRefundNo, doing)
  }

  private request(data: IotpaySessionData, mchRefundNo: string, cents: number) {
    return { payOrderId: data.payOrderId!, mchRefundNo, cents, currency: currencyOf(data), clientIp: data.clientIp }
  }

  /** IOTPay failed a reversal: nothing moved, and Medusa must not record it. */
  private failed(kind: "refund" | "void", number: string, doing: string) {
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `IOTPay reports the ${kind} ${number} FAILED (status ${this.gateway.failedCode}) while ${doing}: no money was ` +
        `returned. Check the payment in IOTPay's portal, then try again.`
    )
  }

  /** Records a reversal whose answer was lost: it stays open (Medusa keeps its row) and is settled by query later. */
  private unknown(data: IotpaySessionData, entry: Entry, doing: string, error: unknown): IotpaySessionData {
    this.logger?.error(
      `IOTPay: outcome UNKNOWN while ${doing} (${(error as Error).message}). Recorded as ${entry.mchRefundNo} ` +
        `"outcome unknown"; it is settled (never sent twice) before anything else, and by the reconcile job. Do not ` +
        `refund it again.`
    )
    return this.recorded(data, { ...entry, status: null })
  }

  private recorded(data: IotpaySessionData, entry: Omit<Reversal, "at">): IotpaySessionData {
    const now = new Date().toISOString()
    const final = !isOpen({ ...entry, at: now }) // done or failed; a null (unknown) status is open
    const reversal: Reversal = {
      ...entry,
      at: findReversal(data, entry.mchRefundNo)?.at ?? now,
      ...(final && !entry.settledAt ? { settledAt: now } : {}),
    }
    if (isOpen(reversal) && reversal.status !== null) {
      this.logger?.warn(`IOTPay: ${reversal.kind} ${reversal.mchRefundNo} is pending at IOTPay; it is settled later.`)
    }
    return this.withLeft(withReversal(data, reversal))
  }

  /** The plugin's own figure of what is left, kept in data where IOTPay reports one to compare it with (V3). */
  private withLeft(data: IotpaySessionData): IotpaySessionData {
    if (!this.gateway.reportsRefundable) return data
    return { ...data, refundable: (data.amountCents ?? 0) - reservedCents(data) }
  }
}
