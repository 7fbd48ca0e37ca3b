/** What the sandbox remembers of v1: payment orders and refunds, with their lookups (persisted with ../state.ts). */
import type { V1StatusCode } from "./names"

export interface V1Order {
  payOrderId: string
  mchOrderNo: string
  channelId: string
  currency: string
  amount: number
  clientIp: string
  device: string
  notifyUrl: string
  returnUrl?: string
  subject: string
  body: string
  param1: string
  param2: string
  extra: string
  status: V1StatusCode
  channelOrderNo: string
  /** Epoch ms, or "" before payment (v1 sends a long). */
  paySuccTime: number | ""
  /** Opened by create_order or payForSubmit (WX_JSAPI in WeChat's browser). */
  via: "create_order" | "payForSubmit"
  /** The wallet/cashier page's id, also inside the fake QR content. */
  token: string
  refunded: number
  refundIds: string[]
  /** Test behaviour: paid but never notified. */
  suppressNotify: boolean
  createdAt: number
}

export interface V1Refund {
  refundOrderId: string
  mchRefundNo: string
  payOrderId: string
  refundAmount: number
  currency: string
  /** 2 done; 0/1 pending (the money reserved) and 3 failed only under a `resultStatus` fault (xxpay's statuses). */
  status: 0 | 1 | 2 | 3
  /** When it completed; absent while pending or when it failed. */
  refundSuccTime?: number
  createdAt: number
}

export interface V1Snapshot {
  orders: V1Order[]
  refunds: V1Refund[]
}

export class V1State {
  readonly orders = new Map<string, V1Order>()
  readonly refunds = new Map<string, V1Refund>()
  private readonly byMchOrderNo = new Map<string, string>()
  private readonly byToken = new Map<string, string>()
  private readonly byMchRefundNo = new Map<string, string>()

  addOrder(o: V1Order): void {
    this.orders.set(o.payOrderId, o)
    this.byMchOrderNo.set(o.mchOrderNo, o.payOrderId)
    this.byToken.set(o.token, o.payOrderId)
  }

  addRefund(r: V1Refund): void {
    this.refunds.set(r.refundOrderId, r)
    this.byMchRefundNo.set(r.mchRefundNo, r.refundOrderId)
  }

  orderByMchOrderNo = (no: string) => this.get(this.orders, this.byMchOrderNo.get(no))
  orderByToken = (token: string) => this.get(this.orders, this.byToken.get(token))
  refundByMchRefundNo = (no: string) => this.get(this.refunds, this.byMchRefundNo.get(no))

  /** payOrderId or mchOrderNo; refundOrderId or mchRefundNo. */
  find(id: string): { order?: V1Order; refund?: V1Refund } | undefined {
    const order = this.orders.get(id) ?? this.orderByMchOrderNo(id)
    if (order) return { order }
    const refund = this.refunds.get(id) ?? this.refundByMchRefundNo(id)
    return refund ? { refund } : undefined
  }

  isIdTaken = (id: string): boolean => this.orders.has(id) || this.refunds.has(id)

  clear(): void {
    for (const m of [this.orders, this.refunds, this.byMchOrderNo, this.byToken, this.byMchRefundNo]) m.clear()
  }

  snapshot(): V1Snapshot {
    return { orders: [...this.orders.values()], refunds: [...this.refunds.values()] }
  }

  restore(snapshot: V1Snapshot): void {
    this.clear()
    for (const o of snapshot.orders) this.addOrder(o)
    for (const r of snapshot.refunds) this.addRefund(r)
  }

  private get<T>(map: Map<string, T>, id: string | undefined): T | undefined {
    return id === undefined ? undefined : map.get(id)
  }
}
