/**
 * The money rules: creating and charging payments, refunds, voids, settlement, UPI_EX completion, notifies.
 * Every rule violation throws RequestError with IOTPay-style wording; the caller turns it into a FAIL answer.
 * Handlers run synchronously between awaits, so each operation is atomic without locks.
 */
import { randomBytes } from "node:crypto"
import { withSignature } from "../iotpay/sign"
import { behaviourOf, cardTypeOf, maskCardNum, testCardName, TEST_CARDS, type ChargeBehaviour, type CheckedCard } from "./cards"
import type { SandboxContext } from "./context"
import { approvalNumbers, formatPayTime, newOrderId, STATUS, type OrderRecord } from "./records"
import type { BoundCard, HostedSession, Payment, Reversal } from "./state"
import { RequestError } from "./validate"

export interface NewPayment {
  mchOrderNo: string
  mchUserId: string
  amount: number
  currency: string
  channel: string
  notifyUrl?: string
  returnUrl?: string
  fingerprint: string
}

/** A synchronous purchase: the payment, and why it was declined if it was. */
export interface Charged {
  payment: Payment
  declined?: string
}

/** Card details as they appear on a record: already masked. */
type RecordCard = Pick<OrderRecord, "cardNum" | "cardType" | "expiryDate">

const NO_CARD: RecordCard = { cardNum: "", cardType: "", expiryDate: "" }
const NO_APPROVAL = { authNum: "", invoiceNum: "", transNum: "", paySuccTime: "" }

export class Ledger {
  constructor(private readonly ctx: SandboxContext) {}

  signed<T extends object>(data: T): T & { sign: string } {
    return withSignature(data as T & Record<string, unknown>, this.ctx.options.secretKey)
  }

  isSettled(p: Payment, now = Date.now()): boolean {
    if (p.settledAt !== undefined) return true
    const auto = this.ctx.options.autoSettleMs
    return auto !== undefined && p.paidAt !== undefined && !p.voided && now >= p.paidAt + auto
  }

  // ---- hosted purchase (cc_purchase + hosted page) ----

  /**
   * Repeated mchOrderNo: the same parameters on a not-yet-paid (or declined) hosted order give a fresh page for
   * that same order, so a merchant retry after a lost answer is harmless; anything else is refused.
   */
  openHostedPayment(req: NewPayment): Payment {
    const existing = this.ctx.state.paymentByOrderNo(req.mchOrderNo)
    if (!existing) return this.addPayment(req, "hosted")
    if (existing.record.status === STATUS.success) throw new RequestError("order already paid")
    if (existing.source !== "hosted" || existing.fingerprint !== req.fingerprint) {
      throw new RequestError("order already exists")
    }
    if (existing.upiCompleteAt !== undefined) throw new RequestError("order is being processed")
    if (existing.record.status === STATUS.failed) {
      // A declined attempt is over; the new page starts a new attempt on the same order.
      Object.assign(existing.record, { status: STATUS.pending, ...NO_CARD, ...NO_APPROVAL })
      this.ctx.store.markDirty()
    }
    return existing
  }

  openSession(kind: "pay", target: Payment, returnUrl: string): HostedSession
  openSession(kind: "card", cardId: string, returnUrl: string): HostedSession
  openSession(kind: "pay" | "card", target: Payment | string, returnUrl: string): HostedSession {
    const session: HostedSession = {
      secureId: randomBytes(32).toString("hex"),
      kind,
      returnUrl,
      expiresAt: Date.now() + this.ctx.options.secureIdTtlMs,
      ...(typeof target === "string" ? { cardId: target } : { payOrderId: target.record.payOrderId }),
    }
    this.ctx.state.sessions.set(session.secureId, session)
    this.ctx.store.markDirty()
    return session
  }

  /** The hosted page's charge. Returns the decline reason, if any. */
  chargeHostedCard(p: Payment, card: CheckedCard): { declined?: string } {
    if (p.record.status === STATUS.success || p.upiCompleteAt !== undefined) throw new RequestError("order already paid")
    const name = testCardName(card.cardNum)
    return this.charge(p, this.recordCard(card), behaviourOf(name))
  }

  // ---- synchronous purchases ----

  purchaseWithToken(req: NewPayment, cardId: string): Charged {
    this.refuseRepeatedOrder(req.mchOrderNo)
    const card = this.ctx.state.cards.get(cardId)
    if (!card) throw new RequestError("cardId is not binding")
    const p = this.addPayment(req, "token")
    const { cardNum, cardType, expiryDate } = card
    return { payment: p, ...this.charge(p, { cardNum, cardType, expiryDate }, behaviourOf(card.testCard)) }
  }

  purchaseWithWallet(req: NewPayment, behaviour: ChargeBehaviour): Charged {
    this.refuseRepeatedOrder(req.mchOrderNo)
    const p = this.addPayment(req, "wallet")
    // A wallet hides the card; the sandbox shows a fixed test card of the wallet's usual brand.
    const stand = req.channel === "CC_CA" ? TEST_CARDS.visa : TEST_CARDS.mastercard
    return { payment: p, ...this.charge(p, { cardNum: maskCardNum(stand.number), cardType: stand.cardType, expiryDate: "" }, behaviour) }
  }

  // ---- cards ----

  /** Binding checks the card like a zero-amount verification: declining cards are refused, low funds are not. */
  bindCard(cardId: string, card: CheckedCard): BoundCard {
    if (this.ctx.state.cards.has(cardId)) throw new RequestError("cardId is already binding a card")
    const name = testCardName(card.cardNum)
    const behaviour = behaviourOf(name)
    if (!behaviour.approve && behaviour.reason !== TEST_CARDS.insufficientFunds.behaviour.reason) {
      throw new RequestError(behaviour.reason)
    }
    const bound: BoundCard = { cardId, ...this.recordCard(card), holder: card.holder, testCard: name }
    this.ctx.state.cards.set(cardId, bound)
    this.ctx.store.markDirty()
    return bound
  }

  // ---- reversals ----

  refund(payOrderId: string, mchRefundNo: string, refundAmount: number): OrderRecord {
    const replay = this.replayReversal(mchRefundNo, "refund", payOrderId, refundAmount)
    if (replay) return replay
    const p = this.paidPayment(payOrderId)
    if (p.voided) throw new RequestError("transaction already voided")
    if (!this.ctx.options.refundBeforeSettlement && !this.isSettled(p)) {
      throw new RequestError("transaction not settled yet, use void")
    }
    if (refundAmount > p.record.refundable) throw new RequestError("refund amount exceeds refundable amount")
    p.record.refundable -= refundAmount
    return this.addReversal(p, "refund", mchRefundNo, refundAmount)
  }

  void(payOrderId: string, mchRefundNo: string): OrderRecord {
    const replay = this.replayReversal(mchRefundNo, "void", payOrderId)
    if (replay) return replay
    const p = this.paidPayment(payOrderId)
    if (p.voided) throw new RequestError("transaction already voided")
    if (this.isSettled(p)) throw new RequestError("transaction already settled, use refund")
    if (p.reversalIds.length > 0) throw new RequestError("transaction already refunded, use refund")
    p.voided = true
    p.record.refundable = 0
    return this.addReversal(p, "void", mchRefundNo, p.record.amount)
  }

  // ---- settlement & timers ----

  /** Settles one payment or all successful, unsettled, unvoided ones; returns the payOrderIds settled. */
  settle(payOrderId?: string): string[] {
    const now = Date.now()
    const candidates = payOrderId === undefined ? [...this.ctx.state.payments.values()] : [this.paidPayment(payOrderId)]
    const settled: string[] = []
    for (const p of candidates) {
      if (p.record.status !== STATUS.success || p.voided || p.settledAt !== undefined) continue
      p.settledAt = now
      settled.push(p.record.payOrderId)
    }
    if (settled.length > 0) this.ctx.store.markDirty()
    return settled
  }

  /** After a restart from a state file: UPI_EX payments still waiting get their completion timer back. */
  resumeTimers(): void {
    for (const p of this.ctx.state.payments.values()) {
      if (p.upiCompleteAt !== undefined) this.scheduleUpiCompletion(p)
    }
  }

  // ---- internals ----

  private refuseRepeatedOrder(mchOrderNo: string): void {
    const existing = this.ctx.state.paymentByOrderNo(mchOrderNo)
    if (!existing) return
    throw new RequestError(existing.record.status === STATUS.success ? "order already paid" : "order already exists")
  }

  private addPayment(req: NewPayment, source: Payment["source"]): Payment {
    const p: Payment = {
      record: {
        payOrderId: newOrderId("PC", this.ctx.state.isOrderIdTaken),
        mchId: this.ctx.options.merchantId,
        mchOrderNo: req.mchOrderNo,
        originalOrderId: "",
        amount: req.amount,
        currency: req.currency,
        payType: "pay",
        refundable: 0,
        status: STATUS.pending,
        ...NO_APPROVAL,
        ...NO_CARD,
        channel: req.channel,
      },
      source,
      fingerprint: req.fingerprint,
      mchUserId: req.mchUserId,
      notifyUrl: req.notifyUrl,
      returnUrl: req.returnUrl,
      createdAt: Date.now(),
      voided: false,
      reversalIds: [],
      suppressNotify: false,
    }
    this.ctx.state.addPayment(p)
    this.ctx.store.markDirty()
    return p
  }

  private recordCard(card: CheckedCard): RecordCard {
    const name = testCardName(card.cardNum)
    return {
      cardNum: maskCardNum(card.cardNum),
      cardType: name ? TEST_CARDS[name].cardType : cardTypeOf(card.cardNum),
      expiryDate: card.expiryDate,
    }
  }

  private charge(p: Payment, card: RecordCard, behaviour: ChargeBehaviour): { declined?: string } {
    Object.assign(p.record, card)
    this.ctx.store.markDirty()
    if (!behaviour.approve) {
      Object.assign(p.record, { status: STATUS.failed, refundable: 0, ...NO_APPROVAL })
      return { declined: behaviour.reason }
    }
    Object.assign(p.record, approvalNumbers())
    p.suppressNotify = !behaviour.notify
    if (p.record.channel === "UPI_EX") {
      // UnionPay ExpressPay confirms later: the order stays pending until the network answers.
      p.upiCompleteAt = Date.now() + this.ctx.options.upiDelayMs
      this.scheduleUpiCompletion(p)
    } else {
      this.markPaid(p)
    }
    return {}
  }

  private markPaid(p: Payment): void {
    const now = new Date()
    p.paidAt = now.getTime()
    p.upiCompleteAt = undefined
    Object.assign(p.record, { status: STATUS.success, refundable: p.record.amount, paySuccTime: formatPayTime(now) })
    this.ctx.store.markDirty()
    if (!p.suppressNotify) this.notify(p, p.record)
  }

  private scheduleUpiCompletion(p: Payment): void {
    const wait = Math.max(0, (p.upiCompleteAt ?? 0) - Date.now())
    this.ctx.timers.after(wait, () => {
      // The order may have been reset meanwhile (POST /_sandbox/reset): only complete the very same object.
      if (this.ctx.state.payments.get(p.record.payOrderId) === p && p.upiCompleteAt !== undefined) this.markPaid(p)
    })
  }

  private notify(p: Payment, record: OrderRecord): void {
    if (p.notifyUrl) this.ctx.notifier.send(p.notifyUrl, this.signed(record))
  }

  private paidPayment(payOrderId: string): Payment {
    const p = this.ctx.state.payments.get(payOrderId)
    if (!p) throw new RequestError("order does not exist")
    if (p.record.status !== STATUS.success) throw new RequestError("order not paid")
    return p
  }

  /** Same mchRefundNo + same payOrderId, kind and amount: the first answer again, nothing moves twice. */
  private replayReversal(
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
    return prior.record
  }

  private addReversal(p: Payment, kind: Reversal["kind"], mchRefundNo: string, amount: number): OrderRecord {
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
      status: STATUS.success,
      ...approvalNumbers(),
      paySuccTime: formatPayTime(now),
      cardNum: p.record.cardNum,
      cardType: p.record.cardType,
      expiryDate: p.record.expiryDate,
      channel: p.record.channel,
    }
    this.ctx.state.addReversal({ kind, record, createdAt: now.getTime() })
    p.reversalIds.push(record.payOrderId)
    this.ctx.store.markDirty()
    this.notify(p, record)
    return record
  }
}
