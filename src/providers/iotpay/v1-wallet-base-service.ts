import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ProviderWebhookPayload,
  UpdatePaymentInput,
  UpdatePaymentOutput,
} from "@medusajs/framework/types"
import {
  V1_STATUS,
  formatCents,
  mchOrderNoForSession,
  normalizeClientIp,
  readV1Notify,
  type OrderRecord,
  type V1Channel,
  type V1PayAction,
} from "../../iotpay"
import { V1_CLIENT_IP_KEY } from "../../lib/client-ip/client-ip-forwarded"
import { toMedusaError } from "../../lib/gateway/medusa-errors"
import { v1OrderRecord } from "../../lib/gateway/payment-record"
import { commitsNow, isNotStarted, openWhenCommitted } from "../../lib/money/payment-start"
import { headerValue, pricedAmount, sessionIdOf } from "./provider-input"
import { ownedSessionData, readSessionData, type IotpaySessionData } from "../../lib/money/session-data"
import { createWalletGateway, type WalletGateway } from "../../lib/gateway/wallet-gateway"
import { currencyOf, walletCurrencyFor } from "../../lib/money/wallet-currency"

import { AbstractIotpayProvider, type Cradle } from "./abstract-iotpay-provider"

/** How one v1 purchase starts: the channel, create_order or payForSubmit, and osType for ALIPAY_WAP. */
export type V1Start = { channelId: V1Channel; via: "create_order" | "payForSubmit"; osType?: "IOS" | "ANDROID" }

/**
 * What the v1 providers (WeChat Pay, Alipay, UnionPay through IOTPay's General Order API) share: a purchase is
 * opened at initiate (the shopper pays on a QR code or a wallet cashier), authorize asks IOTPay (query_order by the
 * session-derived mchOrderNo), capture sends nothing (sales), refunds are refund_order, cancel is a refund of the
 * rest (v1 has no void). Subclasses only choose the channel. Mapping only: the protocol lives in src/iotpay/v1.
 */
export abstract class AbstractIotpayV1WalletProvider extends AbstractIotpayProvider<WalletGateway> {
  protected readonly canceledText = "was canceled"

  constructor(cradle: Cradle, options: Record<string, unknown>) {
    super(cradle, options, createWalletGateway)
  }

  /** The wallet's display name in messages. */
  protected abstract readonly walletName: string

  protected get paymentName(): string {
    return `${this.walletName} payment`
  }

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

  protected notPaidText(record: OrderRecord & { v1Status?: number }, mchOrderNo: string): string {
    const why =
      record.v1Status === V1_STATUS.CLOSED
        ? "IOTPay closed it unpaid (status 4, e.g. it expired)"
        : "the shopper cancelled it (status 9)"
    return (
      `IOTPay ${this.walletName} payment ${mchOrderNo} was not paid: ${why}; nothing was charged. ` +
      `Ask the shopper to pay again (start a new payment session).`
    )
  }

  /** Medusa's own /hooks/payment route: the same v1 notify checks as the plugin's route. */
  protected verifiedNotify(payload: ProviderWebhookPayload["payload"]): OrderRecord | null {
    const contentType = headerValue(payload.headers, "content-type")
    const body = (payload.rawData as string | Buffer | undefined) ?? (payload.data as Record<string, unknown>)
    const notify = readV1Notify(
      { body, contentType },
      { merchantId: this.options_.merchantId, secretKey: this.options_.secretKey }
    )
    return notify.ok ? v1OrderRecord(notify.notify) : null
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
          ? await this.gateway_.client.payForSubmit(order)
          : await this.gateway_.client.createOrder({ ...order, channelId: start.channelId, osType: start.osType })
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

  /** Priced in the payment's own currency, once this entry and IOTPay (on the channel, when chosen) both take it. */
  protected priced(amount: unknown, currency: string, doing: string, start?: V1Start) {
    const settle = (c: string) => walletCurrencyFor(c, this.options_.currencies, this.walletName, start?.channelId)
    return pricedAmount(amount, currency, doing, settle)
  }

  /** A wallet payment is refunded in its own currency (checked when it was priced), so nothing to check here. */
  protected checkRefundCurrency(): void {}

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
}

function userAgentOf(input: { context?: unknown }, hints: Record<string, unknown>): string | undefined {
  const context = (input.context ?? {}) as Record<string, unknown>
  const ua = hints.user_agent ?? context.user_agent ?? context.userAgent
  return typeof ua === "string" ? ua : undefined
}
