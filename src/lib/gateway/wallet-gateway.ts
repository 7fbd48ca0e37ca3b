import { IotpayV1Client, isNotFound, type OrderRecord, type V1Order, type V1Refund } from "../../iotpay"
import type { IotpayProviderOptions } from "../config/options"
import type { NumberBehaviour } from "./idempotent-send"
import { clientBasics, keptGateway, type PaymentGateway, type RefundRequest } from "./payment-gateway"
import { v1OrderRecord } from "./payment-record"

/** A v1 refund IOTPay reports done. Its refund statuses are undocumented; only 2 (xxpay: success) is read as done. */
const REFUND_DONE = 2

/**
 * The v1 General Order API (WeChat Pay, Alipay, UnionPay) as a PaymentGateway: query_order finds payments (read
 * into V3's record shape by v1OrderRecord), the refund query finds refunds when the entry configures its path
 * (v1RefundQueryPath), and no refundable figure is reported: v1 has none, and none is made up.
 */
export class WalletGateway implements PaymentGateway {
  readonly api = "v1" as const
  readonly reportsRefundable = false
  readonly canVoid = false
  readonly failedCode = 3

  /** Found by number when the refund query is configured; a repeated mchRefundNo answers the original (xxpay). */
  readonly numbers: NumberBehaviour

  constructor(
    readonly client: IotpayV1Client,
    readonly merchantId: string,
    readonly options: { refundQuery: boolean; refundClientIp?: string }
  ) {
    this.numbers = { reversalLookup: options.refundQuery ? "query-by-number" : "none", repeatedRefundNo: "replay" }
  }

  async findPayment(query: { mchOrderNo: string } | { payOrderId: string }): Promise<OrderRecord | null> {
    const order = await this.findOrder(query)
    if (!order) return null
    const record = v1OrderRecord(order)
    if (!record) throw new Error(`IOTPay's query_order answer for ${Object.values(query)[0]} names no payOrderId`)
    return record
  }

  /** query_order that reads "no such order" as null (nothing paid yet), never as an error. */
  async findOrder(query: { mchOrderNo: string } | { payOrderId: string }): Promise<V1Order | null> {
    try {
      return await this.client.queryOrder(query)
    } catch (error) {
      if (isNotFound(error)) return null
      throw error
    }
  }

  async findReversal(mchRefundNo: string): Promise<OrderRecord | null> {
    const refund = await this.findRefund(mchRefundNo)
    return refund ? refundRecord(refund, mchRefundNo) : null
  }

  /**
   * One refund_order, answered in V3's terms. No follow-up here: a lost answer is recorded open and settled before
   * anything else is sent (the refund query when configured, else the same number again, which IOTPay replays).
   */
  async sendRefund({ payOrderId, mchRefundNo, cents, currency, clientIp }: RefundRequest): Promise<OrderRecord> {
    const refund = await this.client.refundOrder({
      payOrderId,
      mchRefundNo,
      refundAmount: cents,
      clientIp: this.options.refundClientIp ?? clientIp ?? "",
      currency,
    })
    return refundRecord(refund, mchRefundNo)
  }

  sendVoid(): Promise<OrderRecord> {
    return Promise.reject(new Error("IOTPay's v1 API has no void: a cancel refunds everything left"))
  }

  /** The refund query's answer, or null when IOTPay has no such refund or the query is not configured. */
  async findRefund(mchRefundNo: string): Promise<V1Refund | null> {
    if (!this.options.refundQuery) return null
    try {
      return await this.client.queryRefund({ mchRefundNo })
    } catch (error) {
      if (isNotFound(error)) return null
      throw error
    }
  }
}

/** A v1 refund in V3's record shape: done, failed (v1's 3: nothing moved) or still pending, for the engine and panel. */
function refundRecord(refund: V1Refund, mchRefundNo: string): OrderRecord {
  return {
    payOrderId: refund.refundOrderId,
    mchOrderNo: refund.mchRefundNo ?? mchRefundNo,
    originalOrderId: refund.payOrderId,
    amount: refund.refundAmount ?? 0,
    status: v1RefundStatus(refund),
    payType: "refund",
    currency: refund.currency,
  } as OrderRecord
}

/** A refund answered SUCCESS without a status is done; 2 done, 3 failed (xxpay), anything else pending (settled later). */
function v1RefundStatus(refund: V1Refund): number {
  return refund.status === undefined || refund.status === REFUND_DONE ? REFUND_DONE : refund.status === 3 ? 9 : 0
}

/**
 * The v1 client for a provider entry's options: the one mapping.
 * `overrides` replace single client settings (the admin's connection check: capped timeouts, no retries).
 */
export function createWalletClient(
  options: IotpayProviderOptions,
  overrides: Partial<ConstructorParameters<typeof IotpayV1Client>[0]> = {}
): IotpayV1Client {
  return new IotpayV1Client({
    ...clientBasics(options),
    apiBase: options.v1ApiBase,
    refundQueryPath: options.v1RefundQueryPath,
    ...overrides,
  })
}

/** A wallet gateway of its own (a provider instance keeps one for its life). */
export function createWalletGateway(options: IotpayProviderOptions): WalletGateway {
  return new WalletGateway(createWalletClient(options), options.merchantId, {
    refundQuery: !!options.v1RefundQueryPath,
    refundClientIp: options.v1RefundClientIp,
  })
}

const kept = new Map<string, WalletGateway>()

/** The entry's wallet gateway for code outside the provider (one keep-alive client per entry and settings). */
export function walletGatewayFor(configId: string, options: IotpayProviderOptions): WalletGateway {
  const { merchantId, v1ApiBase, v1RefundQueryPath, v1RefundClientIp } = options
  return keptGateway(kept, [configId, merchantId, v1ApiBase, v1RefundQueryPath, v1RefundClientIp], () =>
    createWalletGateway(options)
  )
}
