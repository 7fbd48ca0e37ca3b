/** Everything the sandbox remembers: payments, refunds/voids, bound cards, hosted-page sessions, with lookups. */
import type { TestCardName } from "./cards"
import type { OrderRecord } from "./records"
import { V1State, type V1Snapshot } from "./v1/state"

export interface Payment {
  record: OrderRecord
  source: "hosted" | "token" | "wallet"
  /** Request fields that decide whether a repeated cc_purchase is "the same order" (idempotent retry). */
  fingerprint: string
  mchUserId: string
  notifyUrl?: string
  returnUrl?: string
  createdAt: number
  paidAt?: number
  /** Explicit settlement (POST /_sandbox/settle); autoSettleMs is applied on read, see Ledger.isSettled. */
  settledAt?: number
  voided: boolean
  reversalIds: string[]
  /** The no-notify test card: its payment notify is never sent. */
  suppressNotify: boolean
  /** UPI_EX approved on the page but still status 0: when it becomes 2. */
  upiCompleteAt?: number
}

export interface Reversal {
  kind: "refund" | "void"
  record: OrderRecord
  createdAt: number
}

export interface BoundCard {
  cardId: string
  /** Masked; the full number is never kept. */
  cardNum: string
  cardType: string
  expiryDate: string
  holder: string
  testCard?: TestCardName
}

export interface HostedSession {
  secureId: string
  kind: "pay" | "card"
  payOrderId?: string
  cardId?: string
  returnUrl: string
  expiresAt: number
  usedAt?: number
}

export interface StateSnapshot {
  version: 1
  payments: Payment[]
  reversals: Reversal[]
  cards: BoundCard[]
  sessions: HostedSession[]
  /** IOTPay v1 orders and refunds; absent in files written before v1 existed. */
  v1?: V1Snapshot
}

export class SandboxState {
  readonly payments = new Map<string, Payment>()
  readonly reversals = new Map<string, Reversal>()
  readonly cards = new Map<string, BoundCard>()
  readonly sessions = new Map<string, HostedSession>()
  /** The v1 (General Order API) side, persisted in the same file. */
  readonly v1 = new V1State()
  private readonly paymentByMchOrderNo = new Map<string, string>()
  private readonly reversalByMchRefundNo = new Map<string, string>()

  addPayment(p: Payment): void {
    this.payments.set(p.record.payOrderId, p)
    this.paymentByMchOrderNo.set(p.record.mchOrderNo, p.record.payOrderId)
  }

  addReversal(r: Reversal): void {
    this.reversals.set(r.record.payOrderId, r)
    this.reversalByMchRefundNo.set(r.record.mchOrderNo, r.record.payOrderId)
  }

  paymentByOrderNo(mchOrderNo: string): Payment | undefined {
    const id = this.paymentByMchOrderNo.get(mchOrderNo)
    return id === undefined ? undefined : this.payments.get(id)
  }

  reversalByRefundNo(mchRefundNo: string): Reversal | undefined {
    const id = this.reversalByMchRefundNo.get(mchRefundNo)
    return id === undefined ? undefined : this.reversals.get(id)
  }

  /** payOrderId (PC… or RP…), else a payment's mchOrderNo, else a refund's mchRefundNo. */
  findRecord(id: string): { payment?: Payment; reversal?: Reversal } | undefined {
    const payment = this.payments.get(id) ?? this.paymentByOrderNo(id)
    if (payment) return { payment }
    const reversal = this.reversals.get(id) ?? this.reversalByRefundNo(id)
    return reversal ? { reversal } : undefined
  }

  isOrderIdTaken = (id: string): boolean => this.payments.has(id) || this.reversals.has(id)

  clear(): void {
    this.payments.clear()
    this.reversals.clear()
    this.cards.clear()
    this.sessions.clear()
    this.paymentByMchOrderNo.clear()
    this.reversalByMchRefundNo.clear()
    this.v1.clear()
  }

  snapshot(): StateSnapshot {
    return {
      version: 1,
      payments: [...this.payments.values()],
      reversals: [...this.reversals.values()],
      cards: [...this.cards.values()],
      sessions: [...this.sessions.values()],
      v1: this.v1.snapshot(),
    }
  }

  restore(snapshot: StateSnapshot): void {
    this.clear()
    if (snapshot.version !== 1) throw new Error(`unsupported sandbox state version ${String(snapshot.version)}`)
    for (const p of snapshot.payments) this.addPayment(p)
    for (const r of snapshot.reversals) this.addReversal(r)
    for (const c of snapshot.cards) this.cards.set(c.cardId, c)
    for (const s of snapshot.sessions) this.sessions.set(s.secureId, s)
    if (snapshot.v1) this.v1.restore(snapshot.v1)
  }
}
