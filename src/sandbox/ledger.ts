/**
 * The money rules: creating and charging payments, settlement, UPI_EX completion, notifies; refunds and voids
 * live in `reversals` (reversals.ts).
 * Every rule violation throws RequestError with IOTPay-style wording; the caller turns it into a FAIL answer.
 * Handlers run synchronously between awaits, so each operation is atomic without locks.
 */
import { randomBytes } from "node:crypto"
import {
  behaviourOf,
  cardTypeOf,
  maskCardNum,
  testCardName,
  TEST_CARDS,
  type ChargeBehaviour,
  type CheckedCard,
} from "./cards"
import type { SandboxContext } from "./context"
import { approvalNumbers, formatPayTime, newOrderId, NO_APPROVAL, STATUS, type OrderRecord } from "./records"
import { Reversals } from "./reversals"
import { signed } from "./sign"
import type { BoundCard, HostedSession, Payment } from "./state"
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

export class Ledger {
  readonly reversals: Reversals

  constructor(private readonly ctx: SandboxContext) {
    this.reversals = new Reversals(ctx, this)
  }

  signed<T extends object>(data: T): T & { sign: string } {
    return signed(data, this.ctx.options.secretKey)
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
    if (p.record.status === STATUS.success || p.upiCompleteAt !== undefined) {
      throw new RequestError("order already paid")
    }
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
    return {
      payment: p,
      ...this.charge(p, { cardNum: maskCardNum(stand.number), cardType: stand.cardType, expiryDate: "" }, behaviour),
    }
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

  /** Sends a signed notify of `record` to the payment's notifyUrl, if it has one. */
  notify(p: Payment, record: OrderRecord): void {
    if (p.notifyUrl) this.ctx.notifier.send(p.notifyUrl, this.signed(record))
  }

  /** The successful payment with this payOrderId, else RequestError. */
  paidPayment(payOrderId: string): Payment {
    const p = this.ctx.state.payments.get(payOrderId)
    if (!p) throw new RequestError("order does not exist")
    if (p.record.status !== STATUS.success) throw new RequestError("order not paid")
    return p
  }
}
