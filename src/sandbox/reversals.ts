/**
 * Refunds and voids (IOTPay "reversals"): limits, settlement rules, the repeated-mchRefundNo mode, and reversals
 * that do not succeed at once (fault `resultStatus`): status 9 moves no money; status 0/1 reserves it until
 * settle() completes (2) or fails (9, money given back).
 */
import { randomBytes } from "node:crypto"
import type { SandboxContext } from "./context"
import type { ReversalFaultStatus } from "./faults"
import type { Ledger } from "./ledger"
import { approvalNumbers, formatPayTime, newOrderId, NO_APPROVAL, STATUS, type OrderRecord } from "./records"
import type { Payment, Reversal } from "./state"
import { RequestError } from "./validate"

/** What settle() may turn a pending reversal into. */
export type ReversalOutcome = typeof STATUS.success | typeof STATUS.failed

/** Which reversal to settle: by its payOrderId (RP…) or the merchant's mchRefundNo. */
export interface ReversalRef {
  payOrderId?: string
  mchRefundNo?: string
}

const isPending = (r: Reversal) => r.record.status === STATUS.pending || r.record.status === STATUS.unknown

export class Reversals {
  constructor(
    private readonly ctx: SandboxContext,
    private readonly ledger: Ledger
  ) {}

  refund(payOrderId: string, mchRefundNo: string, refundAmount: number, status?: ReversalFaultStatus): OrderRecord {
    const repeat = this.repeated(mchRefundNo, "refund", payOrderId, refundAmount)
    if (repeat) return repeat
    const p = this.ledger.paidPayment(payOrderId)
    if (p.voided) throw new RequestError("transaction already voided")
    if (!this.ctx.options.refundBeforeSettlement && !this.ledger.isSettled(p)) {
      throw new RequestError("transaction not settled yet, use void")
    }
    if (refundAmount > p.record.refundable) throw new RequestError("refund amount exceeds refundable amount")
    return this.commit(p, "refund", mchRefundNo, refundAmount, status)
  }

  /**
   * A refund made in IOTPay's merchant portal (a phone call, a manager at the counter), outside the merchant's
   * software: the same rules as cc_refund, under a number the portal makes up (the merchant never sees it), and the
   * usual refund notify.
   */
  portalRefund(payOrderId: string, refundAmount: number): OrderRecord {
    const p = this.ledger.paidPayment(payOrderId)
    if (p.voided) throw new RequestError("transaction already voided")
    if (refundAmount > p.record.refundable) throw new RequestError("refund amount exceeds refundable amount")
    return this.commit(p, "refund", `PORTAL${randomBytes(6).toString("hex").toUpperCase()}`, refundAmount)
  }

  void(payOrderId: string, mchRefundNo: string, status?: ReversalFaultStatus): OrderRecord {
    const repeat = this.repeated(mchRefundNo, "void", payOrderId)
    if (repeat) return repeat
    const p = this.ledger.paidPayment(payOrderId)
    if (p.voided) throw new RequestError("transaction already voided")
    if (this.ledger.isSettled(p)) throw new RequestError("transaction already settled, use refund")
    // A failed (status 9) refund moved nothing, so it does not stand in the way.
    if (p.reversalIds.some((id) => this.ctx.state.reversals.get(id)?.record.status !== STATUS.failed)) {
      throw new RequestError("transaction already refunded, use refund")
    }
    return this.commit(p, "void", mchRefundNo, p.record.amount, status)
  }

  /** Completes (2) or fails (9) a pending reversal; failing gives the reserved money back. */
  settle(ref: ReversalRef, outcome: ReversalOutcome): Reversal {
    if (outcome !== STATUS.success && outcome !== STATUS.failed) throw new RequestError("status must be 2 or 9")
    const r = this.find(ref)
    if (!isPending(r)) throw new RequestError(`reversal is not pending (status ${r.record.status})`)
    const p = this.ledger.paidPayment(r.record.originalOrderId)
    if (outcome === STATUS.success) {
      this.succeed(p, r.record)
    } else {
      this.release(p, r.kind, r.record.amount)
      Object.assign(r.record, { status: STATUS.failed, refundable: p.record.refundable })
    }
    this.ctx.store.markDirty()
    return r
  }

  // ---- internals ----

  private find(ref: ReversalRef): Reversal {
    const { payOrderId, mchRefundNo } = ref
    if (payOrderId === undefined && mchRefundNo === undefined) {
      throw new RequestError("payOrderId or mchRefundNo is required")
    }
    const r =
      payOrderId !== undefined
        ? this.ctx.state.reversals.get(payOrderId)
        : this.ctx.state.reversalByRefundNo(mchRefundNo as string)
    if (!r || (mchRefundNo !== undefined && r.record.mchOrderNo !== mchRefundNo)) {
      throw new RequestError("reversal does not exist")
    }
    return r
  }

  /**
   * The same mchRefundNo again. Same payOrderId, kind and amount: the first record again ("replay", whatever its
   * status now) or FAIL "mchRefundNo already exists" ("refuse"); never any money moved twice. Different: refused.
   */
  private repeated(
    mchRefundNo: string,
    kind: Reversal["kind"],
    payOrderId: string,
    amount?: number
  ): OrderRecord | undefined {
    const prior = this.ctx.state.reversalByRefundNo(mchRefundNo)
    if (!prior) return undefined
    const same =
      prior.kind === kind &&
      prior.record.originalOrderId === payOrderId &&
      (amount === undefined || prior.record.amount === amount)
    if (!same) throw new RequestError("mchRefundNo already used")
    if (this.ctx.options.repeatedRefundNo === "refuse") throw new RequestError("mchRefundNo already exists")
    return prior.record
  }

  private reserve(p: Payment, kind: Reversal["kind"], amount: number): void {
    p.record.refundable -= amount
    if (kind === "void") p.voided = true
  }

  private release(p: Payment, kind: Reversal["kind"], amount: number): void {
    p.record.refundable += amount
    if (kind === "void") p.voided = false
  }

  private succeed(p: Payment, record: OrderRecord): void {
    Object.assign(record, { status: STATUS.success, ...approvalNumbers(), paySuccTime: formatPayTime(new Date()) })
    this.ledger.notify(p, record) // IOTPay notifies successes only
  }

  private commit(
    p: Payment,
    kind: Reversal["kind"],
    mchRefundNo: string,
    amount: number,
    status: ReversalFaultStatus | typeof STATUS.success = STATUS.success
  ): OrderRecord {
    if (status !== STATUS.failed) this.reserve(p, kind, amount)
    const now = new Date()
    const record: OrderRecord = {
      payOrderId: newOrderId("RP", this.ctx.state.isOrderIdTaken, now),
      mchId: p.record.mchId,
      mchOrderNo: mchRefundNo,
      originalOrderId: p.record.payOrderId,
      amount,
      currency: p.record.currency,
      payType: "refund",
      // What is still refundable on the payment after this reversal (0 after a void).
      refundable: p.record.refundable,
      status,
      ...NO_APPROVAL,
      cardNum: p.record.cardNum,
      cardType: p.record.cardType,
      expiryDate: p.record.expiryDate,
      channel: p.record.channel,
    }
    this.ctx.state.addReversal({ kind, record, createdAt: now.getTime() })
    p.reversalIds.push(record.payOrderId)
    this.ctx.store.markDirty()
    if (status === STATUS.success) this.succeed(p, record)
    return record
  }
}
