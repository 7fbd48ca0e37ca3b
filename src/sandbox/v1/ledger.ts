/**
 * The v1 money rules: opening orders, the shopper paying / cancelling, IOTPay closing, notifies, refunds
 * (partial, capped at the amount paid, idempotent by mchRefundNo). Handlers run synchronously between awaits, so
 * each operation is atomic without locks. A refused operation throws V1Refusal (resCode FAIL).
 */
import { randomBytes } from "node:crypto"
import type { SandboxContext } from "../context"
import type { V1RefundFaultStatus } from "../faults"
import { newOrderId, randomDigits } from "../records"
import { RequestError } from "../validate"
import { testAmountOf } from "./behaviours"
import { notFound, V1_ERR, V1Refusal } from "./errors"
import { V1_STATUS, type ShopperAction, type V1StatusCode } from "./names"
import { v1NotifyEncoding } from "./notify"
import { signedV1 } from "./sign"
import { v1Record } from "./records"
import type { V1Order, V1Refund, V1State } from "./state"

export type NewV1Order = Omit<
  V1Order,
  | "payOrderId"
  | "status"
  | "channelOrderNo"
  | "paySuccTime"
  | "token"
  | "refunded"
  | "refundIds"
  | "suppressNotify"
  | "createdAt"
>

const isPaid = (o: V1Order) => o.status === V1_STATUS.paid || o.status === V1_STATUS.notified
const awaitingPayment = (o: V1Order) => o.status === V1_STATUS.created || o.status === V1_STATUS.paying

export class V1Ledger {
  constructor(private readonly ctx: SandboxContext) {}

  get state(): V1State {
    return this.ctx.v1
  }

  signed<T extends Record<string, unknown>>(fields: T): T & { sign: string } {
    return signedV1(fields, this.ctx.options.secretKey)
  }

  /**
   * A repeated mchOrderNo is refused (docs/iotpay-v1-protocol.md §12: IOTPay answers a duplicate with resCode FAIL;
   * "already paid" 0113 when it was paid). A merchant whose create_order answer was lost queries by mchOrderNo, then
   * opens a new one.
   */
  open(req: NewV1Order): V1Order {
    const existing = this.state.orderByMchOrderNo(req.mchOrderNo)
    if (existing && isPaid(existing)) throw new V1Refusal(V1_ERR.alreadyPaid, "order already paid")
    if (existing) throw new V1Refusal(V1_ERR.orderExists, "mchOrderNo already exists")
    const order: V1Order = {
      ...req,
      payOrderId: newOrderId("WN", this.state.isIdTaken),
      status: V1_STATUS.created,
      channelOrderNo: "",
      paySuccTime: "",
      token: randomBytes(16).toString("hex"),
      refunded: 0,
      refundIds: [],
      suppressNotify: false,
      createdAt: Date.now(),
    }
    this.state.addOrder(order)
    this.ctx.store.markDirty()
    const test = testAmountOf(order.amount)
    if (test) {
      order.suppressNotify = !test.notify
      this.finish(order, test.status)
    } else if (order.channelId.endsWith("_MICROPAY")) {
      this.finish(order, V1_STATUS.paid) // the merchant scanned the shopper's code: paid synchronously
    }
    return order
  }

  /** The shopper on the wallet/cashier page (or POST /_sandbox/v1/act): pays, cancels, or walks away. */
  act(order: V1Order, action: ShopperAction): void {
    if (!awaitingPayment(order)) {
      throw new RequestError(isPaid(order) ? "order already paid" : "order is closed")
    }
    if (action === "approve") this.finish(order, V1_STATUS.paid)
    else if (action === "decline") this.finish(order, V1_STATUS.cancelled)
  }

  /** IOTPay closing an unpaid order (e.g. expired): POST /_sandbox/v1/act with action "close". */
  close(order: V1Order): void {
    if (!awaitingPayment(order)) throw new RequestError("only an unpaid order can be closed")
    this.finish(order, V1_STATUS.closed)
  }

  /**
   * `status` (a `resultStatus` fault): 0/1 commit the refund pending, its money reserved until settleRefund; 3 commits
   * it failed, moving nothing. A repeat of the number answers the refund as it stands.
   */
  refund(
    payOrderId: string,
    mchRefundNo: string,
    refundAmount: number,
    currency?: string,
    status: V1RefundFaultStatus | 2 = 2
  ): V1Refund {
    const replay = this.state.refundByMchRefundNo(mchRefundNo)
    if (replay) {
      // The same refund asked again (a retry after a lost answer): the original result, nothing moves twice; in
      // repeatedRefundNo "refuse" mode (as for V3) a refusal instead, and still nothing moves.
      const same = replay.payOrderId === payOrderId && replay.refundAmount === refundAmount
      if (same && this.ctx.options.repeatedRefundNo === "refuse") {
        throw new V1Refusal(V1_ERR.refundNoReused, "mchRefundNo already exists")
      }
      if (same) return replay
      throw new V1Refusal(V1_ERR.refundNoReused, "mchRefundNo already used for a different refund")
    }
    const order = this.state.orders.get(payOrderId)
    if (!order) throw notFound("payOrderId")
    if (currency !== undefined && currency !== order.currency) {
      throw new RequestError("currency does not match the order")
    }
    if (!isPaid(order)) throw new V1Refusal(V1_ERR.notPaid, "order is not paid, nothing to refund")
    const left = order.amount - order.refunded
    if (refundAmount > left) {
      throw new V1Refusal(V1_ERR.refundExceeds, `refundAmount exceeds the refundable amount (${left} cents left)`)
    }
    const now = Date.now()
    const refund: V1Refund = {
      refundOrderId: newOrderId("RF", this.state.isIdTaken),
      mchRefundNo,
      payOrderId,
      refundAmount,
      currency: order.currency,
      status,
      ...(status === 2 ? { refundSuccTime: now } : {}),
      createdAt: now,
    }
    if (status !== 3) order.refunded += refundAmount
    order.refundIds.push(refund.refundOrderId)
    this.state.addRefund(refund)
    this.ctx.store.markDirty()
    this.ctx.options.logger.info(
      `sandbox: v1 refund ${refund.refundOrderId} of ${payOrderId}: ${refundAmount}${status === 2 ? "" : ` (status ${status})`}`
    )
    return refund
  }

  /** Completes (2) or fails (3, the reserved money given back) a pending refund, by refundOrderId or mchRefundNo. */
  settleRefund(id: string, outcome: 2 | 3): V1Refund {
    if (outcome !== 2 && outcome !== 3) throw new RequestError("status must be 2 or 3")
    const refund = this.state.refunds.get(id) ?? this.state.refundByMchRefundNo(id)
    if (!refund) throw new RequestError("no such v1 refund")
    if (refund.status !== 0 && refund.status !== 1) {
      throw new RequestError(`refund is not pending (status ${refund.status})`)
    }
    refund.status = outcome
    if (outcome === 2) refund.refundSuccTime = Date.now()
    else this.state.orders.get(refund.payOrderId)!.refunded -= refund.refundAmount
    this.ctx.store.markDirty()
    this.ctx.options.logger.info(`sandbox: v1 refund ${refund.refundOrderId} settled: status ${outcome}`)
    return refund
  }

  private finish(order: V1Order, status: V1StatusCode): void {
    order.status = status
    this.ctx.store.markDirty()
    this.ctx.options.logger.info(`sandbox: v1 order ${order.payOrderId} → status ${status}`)
    if (status !== V1_STATUS.paid) return
    order.paySuccTime = Date.now()
    order.channelOrderNo = `42${randomDigits(26)}` // the wallet's own transaction id
    if (!order.suppressNotify) this.notify(order)
  }

  /** The notify carries strings (as a query string would), status 2, backType 2 (server to server). */
  private notify(order: V1Order): void {
    const r = v1Record(this.ctx.options.merchantId, order)
    const { notifyUrl: _n, extra: _e, ...fields } = r
    const text = Object.fromEntries(
      Object.entries({ ...fields, status: V1_STATUS.paid, backType: 2 }).map(([k, v]) => [k, String(v)])
    )
    const signed = this.signed(text)
    const acknowledged = () => {
      if (order.status === V1_STATUS.paid) {
        order.status = V1_STATUS.notified
        this.ctx.store.markDirty()
      }
    }
    const payload = { payOrderId: order.payOrderId, payType: "pay", status: V1_STATUS.paid }
    this.ctx.notifier.send(order.notifyUrl, payload, v1NotifyEncoding(signed, acknowledged))
  }
}
