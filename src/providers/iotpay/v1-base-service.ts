import { MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import {
  V1_STATUS,
  classifyV1Status,
  formatCents,
  mchOrderNoForSession,
  normalizeClientIp,
  readV1Notify,
  type AmountInput,
  type IotpayV1Client,
  type V1Channel,
  type V1PayAction,
} from "../../iotpay"
import { V1_CLIENT_IP_KEY } from "../../lib/client-ip-forwarded"
import { derivedOrderNo } from "../../lib/locate-payment"
import { toMedusaError } from "../../lib/medusa-errors"
import { commitsNow, isNotStarted, notStartedError, openWhenCommitted } from "../../lib/payment-start"
import { headerValue, pricedAmount, refundIdOf, returnUrlOrError, sessionIdOf } from "../../lib/provider-input"
import { unlessImportingOutside } from "../../lib/statement/outside-scope"
import { ownedSessionData, readSessionData, type IotpaySessionData } from "../../lib/session-data"
import { createV1GatewayClient } from "../../lib/v1-gateway-client"
import { queryV1OrNull, v1Mismatch, v1OrderRecord, withV1Order } from "../../lib/v1-record"
import { V1PaymentReversals } from "../../lib/v1-reversals"
import { loadedStateDeps, underPaymentLock } from "../../lib/payment-state"
import { refusePartialCapture } from "../../lib/partial-capture"
import { webhookActionFor } from "../../lib/webhook-action"
import { currencyOf, walletCurrencyFor } from "../../lib/wallet-currency"

import { IotpayProviderCore, type Cradle } from "./provider-core"

/** How one v1 purchase starts: the channel, create_order or payForSubmit, and osType for ALIPAY_WAP. */
export type V1Start = { channelId: V1Channel; via: "create_order" | "payForSubmit"; osType?: "IOS" | "ANDROID" }

/**
 * What the v1 providers (WeChat Pay, Alipay, UnionPay through IOTPay's General Order API) share: a purchase is
 * opened at initiate (the shopper pays on a QR code or a wallet cashier), authorize asks IOTPay (query_order by the
 * session-derived mchOrderNo), capture sends nothing (sales), refunds are refund_order, cancel is a refund of the
 * rest (v1 has no void). Subclasses only choose the channel. Mapping only: the protocol lives in src/iotpay/v1.
 */
export abstract class IotpayV1BaseProviderService extends IotpayProviderCore {
  protected readonly client_: IotpayV1Client
  protected readonly reversals_: V1PaymentReversals

  constructor(cradle: Cradle, options: Record<string, unknown>) {
    super(cradle, options)
    this.client_ = createV1GatewayClient(this.options_)
    this.reversals_ = new V1PaymentReversals(
      this.client_,
      this.options_.merchantId,
      { refundQuery: !!this.options_.v1RefundQueryPath, refundClientIp: this.options_.v1RefundClientIp },
      this.logger_
    )
  }

  /** The wallet's display name in messages. */
  protected abstract readonly walletName: string

  /** The channel for this shopper, from the storefront's (untrusted, only chosen among ours) hints. */
  protected abstract startFor(hints: Record<string, unknown>, userAgent: string | undefined): V1Start

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = sessionIdOf(input)
    const state = await openWhenCommitted(
      input.data,
      { session_id: sessionId, mode: "v1" },
      () => this.startPurchase(input, { session_id: sessionId }, 1),
      () => this.priced(input.amount, input.currency_code, `pricing a ${this.walletName} payment`)
    )
    return {
      id: state.mchOrderNo ?? sessionId,
      data: ownedSessionData(input.data, state),
      status: PaymentSessionStatus.PENDING,
    }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const current = readSessionData(input.data)
    const priced = this.priced(input.amount, input.currency_code, "updating the payment session")
    if (isNotStarted(current) && !commitsNow(input.data)) return { data: { ...current, ...priced } }
    const same = current.amountCents === priced.amountCents && currencyOf(current) === priced.currency
    if (current.mchOrderNo && same) return { data: current }
    // A v1 order's amount is fixed: a new amount needs a new order under a new attempt number; a paid old one is
    // given back (refund of everything) first.
    await this.releasePaidAttempt(current, "the cart amount changed after it was paid")
    const sessionId = current.session_id ?? String(input.context?.idempotency_key ?? "")
    const base = { session_id: sessionId, returnUrl: current.returnUrl, clientIp: current.clientIp }
    const data = await this.startPurchase(input, base, (current.attempt ?? 0) + 1)
    return { data, status: PaymentSessionStatus.PENDING }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = readSessionData(input.data)
    if (isNotStarted(data)) throw notStartedError(`${this.walletName} payment`)
    const mchOrderNo = derivedOrderNo(data)
    if (!mchOrderNo) return { status: PaymentSessionStatus.PENDING, data }
    if (data.canceled) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay ${this.walletName} payment ${mchOrderNo} was canceled; create a new payment session to pay.`
      )
    }
    const order = await this.query(mchOrderNo, `checking ${this.walletName} payment ${mchOrderNo}`)
    if (!order) return { status: PaymentSessionStatus.PENDING, data }
    const next = withV1Order(data, order)
    const outcome = classifyV1Status(order.status)
    if (outcome === "pending") return { status: PaymentSessionStatus.PENDING, data: next }
    if (outcome === "failed") {
      const why =
        order.status === V1_STATUS.CLOSED
          ? "IOTPay closed it unpaid (status 4, e.g. it expired)"
          : "the shopper cancelled it (status 9)"
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        `IOTPay ${this.walletName} payment ${mchOrderNo} was not paid: ${why}; nothing was charged. ` +
          `Ask the shopper to pay again (start a new payment session).`
      )
    }
    const mismatch = v1Mismatch(order, this.expected(data))
    if (mismatch) {
      this.logger_?.error(`IOTPay: ${this.walletName} payment ${mchOrderNo} not authorized: ${mismatch}`)
      return { status: PaymentSessionStatus.ERROR, data: { ...next, mismatch } }
    }
    const status = this.options_.autoCapture ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED
    return { status, data: { ...next, captured: this.options_.autoCapture, codeUrl: undefined, payForm: undefined } }
  }

  /** v1 payments are sales: nothing to send at capture. */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // A sale is captured whole: a partial capture from any caller (not only the admin route) is refused here.
    await refusePartialCapture(input.context?.idempotency_key)
    // Under the payment's lock, on its fresh state: Medusa writes back what this returns.
    return { data: await this.locked(readSessionData(input.data), async (fresh) => ({ ...fresh, captured: true })) }
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: await this.locked(readSessionData(input.data), (fresh) => this.reversals_.cancel(fresh)) }
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = readSessionData(input.data)
    const refundId = refundIdOf(input)
    try {
      const amount = input.amount as AmountInput
      const refund = (fresh: IotpaySessionData) => this.reversals_.refund(fresh, amount, refundId)
      return { data: await this.locked(data, unlessImportingOutside(refundId, refund)) }
    } catch (error) {
      throw toMedusaError(error, `refunding ${this.walletName} payment ${data.mchOrderNo}`)
    }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const data = readSessionData(input.data)
    const mchOrderNo = derivedOrderNo(data)
    const order = mchOrderNo ? await this.query(mchOrderNo, "retrieving the payment") : null
    return { data: order ? withV1Order(data, order) : data }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = readSessionData(input.data)
    const mchOrderNo = derivedOrderNo(data)
    if (!mchOrderNo) return { status: PaymentSessionStatus.PENDING, data }
    const order = await this.query(mchOrderNo, "reading the payment status")
    if (!order) return { status: PaymentSessionStatus.PENDING, data }
    const next = withV1Order(data, order)
    const outcome = classifyV1Status(order.status)
    if (outcome === "failed") return { status: PaymentSessionStatus.ERROR, data: next }
    if (outcome === "pending") return { status: PaymentSessionStatus.PENDING, data: next }
    if (v1Mismatch(order, this.expected(data))) return { status: PaymentSessionStatus.ERROR, data: next }
    return { status: data.captured ? PaymentSessionStatus.CAPTURED : PaymentSessionStatus.AUTHORIZED, data: next }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    // Never throws: Medusa calls this with partial data when an initiate failed. A paid attempt is given back.
    return { data: await this.releasePaidAttempt(readSessionData(input.data), "its payment session was deleted") }
  }

  /** Medusa's own /hooks/payment route: the same v1 notify checks as the plugin's route. */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const contentType = headerValue(payload.headers, "content-type")
    const body = (payload.rawData as string | Buffer | undefined) ?? (payload.data as Record<string, unknown>)
    const notify = readV1Notify(
      { body, contentType },
      { merchantId: this.options_.merchantId, secretKey: this.options_.secretKey }
    )
    const record = notify.ok ? v1OrderRecord(notify.notify) : null
    if (!record) return { action: PaymentActions.NOT_SUPPORTED }
    return webhookActionFor(record, this.options_.autoCapture)
  }

  // ---------- internals ----------

  private async startPurchase(
    input: InitiatePaymentInput | UpdatePaymentInput,
    base: IotpaySessionData & { session_id: string },
    attempt: number
  ): Promise<IotpaySessionData> {
    const hints = (input.data ?? {}) as Record<string, unknown>
    const start = this.startFor(hints, userAgentOf(input, hints))
    const priced = this.priced(input.amount, input.currency_code, `starting a ${this.walletName} payment`, start)
    // Only the plugin's middleware writes this key (from the request, overwriting the storefront's); a storefront's
    // data.client_ip is never read. An update keeps the IP stored at initiate.
    const clientIp = this.clientIpFor(hints[V1_CLIENT_IP_KEY] ?? base.clientIp)
    const returnUrl = this.returnUrlFor(hints.return_url ?? base.returnUrl)
    const mchOrderNo = mchOrderNoForSession(base.session_id, attempt)
    const order = {
      mchOrderNo,
      amount: priced.amountCents,
      currency: priced.currency,
      clientIp,
      notifyUrl: this.notifyUrl_,
      returnUrl,
      subject: (this.options_.subject ?? "Order").slice(0, 64),
      body: (this.options_.subject ?? `Order ${mchOrderNo}`).slice(0, 255),
    }
    let action: V1PayAction
    let payOrderId: string | undefined
    try {
      const opened =
        start.via === "payForSubmit"
          ? await this.client_.payForSubmit(order)
          : await this.client_.createOrder({ ...order, channelId: start.channelId, osType: start.osType })
      action = opened.action
      payOrderId = opened.payOrderId
    } catch (error) {
      throw toMedusaError(
        error,
        `starting ${this.walletName} payment ${mchOrderNo} of ${formatCents(priced.amountCents)} ${priced.currency}`
      )
    }
    return {
      ...base,
      mode: "v1",
      channel: start.channelId,
      mchOrderNo,
      attempt,
      ...priced,
      clientIp,
      returnUrl,
      payOrderId,
      codeUrl: action.type === "qr" ? action.codeUrl : undefined,
      redirectUrl: action.type === "redirect" ? action.url : undefined,
      payForm: action.type === "form" ? action.html : undefined,
    }
  }

  private clientIpFor(value: unknown): string {
    try {
      return normalizeClientIp(value, "clientIp")
    } catch {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `IOTPay ${this.walletName}: IOTPay requires the shopper's IP address, and this payment session has none. ` +
          `The plugin takes it from the storefront's POST /store/payment-collections/:id/payment-sessions request ` +
          `(behind a proxy, list it in the trustedProxies option); a session created another way (a workflow, an ` +
          `admin route) must pass data.${V1_CLIENT_IP_KEY} from trusted server code. Nothing was charged.`
      )
    }
  }

  private returnUrlFor(requested: unknown): string {
    return returnUrlOrError(requested, this.options_)
  }

  /** Priced in the payment's own currency, once this entry and IOTPay (on the channel, when chosen) both take it. */
  private priced(amount: unknown, currency: string, doing: string, start?: V1Start) {
    const settle = (c: string) => walletCurrencyFor(c, this.options_.currencies, this.walletName, start?.channelId)
    return pricedAmount(amount, currency, doing, settle)
  }

  private expected(data: IotpaySessionData) {
    return {
      merchantId: this.options_.merchantId,
      mchOrderNo: derivedOrderNo(data) ?? undefined,
      amountCents: data.amountCents,
      currency: data.currency,
    }
  }

  private async query(mchOrderNo: string, doing: string) {
    try {
      return await queryV1OrNull(this.client_, mchOrderNo)
    } catch (error) {
      throw toMedusaError(error, doing)
    }
  }

  private async releasePaidAttempt(data: IotpaySessionData, why: string): Promise<IotpaySessionData> {
    if (!data.mchOrderNo || data.canceled || !data.session_id) return data
    const released = await this.locked(data, (fresh) => this.reversals_.cancel(fresh))
    if ((released.reversals ?? []).length > (data.reversals ?? []).length) {
      this.logger_?.warn(`IOTPay: returned the money of paid ${this.walletName} attempt ${data.mchOrderNo}: ${why}.`)
    }
    return released
  }

  /** Runs `work` on the payment's fresh state under its lock (src/lib/payment-state.ts); returns what to write back. */
  private locked(data: IotpaySessionData, work: (fresh: IotpaySessionData) => Promise<IotpaySessionData>) {
    return underPaymentLock(data, work, loadedStateDeps(this.logger_))
  }
}

function userAgentOf(input: { context?: unknown }, hints: Record<string, unknown>): string | undefined {
  const context = (input.context ?? {}) as Record<string, unknown>
  const ua = hints.user_agent ?? context.user_agent ?? context.userAgent
  return typeof ua === "string" ? ua : undefined
}
