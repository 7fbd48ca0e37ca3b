import { IotpayClient, type OrderRecord } from "../../iotpay"
import { QUERYABLE, findByNumber, queryOrNull, sendIdempotent, type NumberBehaviour } from "./idempotent-send"
import type { IotpayProviderOptions } from "../config/options"
import { clientBasics, keptGateway, type PaymentGateway, type RefundRequest } from "./payment-gateway"

/**
 * The Credit Card V3 API (cards, Apple Pay, Google Pay) as a PaymentGateway: cc_query finds payments, and refunds
 * and voids by their number where the gateway allows it (reversalLookup); every record carries IOTPay's refundable.
 */
export class CardGateway implements PaymentGateway {
  readonly api = "v3" as const
  readonly reportsRefundable = true
  readonly canVoid = true
  readonly failedCode = 9

  constructor(
    readonly client: IotpayClient,
    readonly merchantId: string,
    /** How IOTPay treats reversal numbers (provider options reversalLookup / repeatedRefundNo). */
    readonly numbers: NumberBehaviour = QUERYABLE
  ) {}

  findPayment(query: { mchOrderNo: string } | { payOrderId: string }): Promise<OrderRecord | null> {
    return queryOrNull(this.client, query)
  }

  /** cc_query by the mchRefundNo; also asked where reversalLookup is "none" (the admin panel shows what it says). */
  findReversal(mchRefundNo: string): Promise<OrderRecord | null> {
    return findByNumber(this.client, mchRefundNo)
  }

  /** cc_refund (CAD only: the engine's currency is the payment's, which V3 never lets be another). */
  sendRefund({ payOrderId, mchRefundNo, cents }: RefundRequest): Promise<OrderRecord> {
    return sendIdempotent(
      this.client,
      mchRefundNo,
      () => this.client.refund({ payOrderId, mchRefundNo, refundAmount: cents }),
      this.numbers
    )
  }

  /** cc_void of the whole payment, as the entry's IOTPay treats repeated numbers. */
  sendVoid(payOrderId: string, mchRefundNo: string): Promise<OrderRecord> {
    return sendIdempotent(this.client, mchRefundNo, () => this.client.void({ payOrderId, mchRefundNo }), this.numbers)
  }
}

/**
 * The V3 client for a provider entry's options: the one mapping from plugin options to client options.
 * `overrides` replace single client settings (the admin's connection check: capped timeouts, no retries).
 */
export function createCardClient(
  options: IotpayProviderOptions,
  overrides: Partial<ConstructorParameters<typeof IotpayClient>[0]> = {}
): IotpayClient {
  return new IotpayClient({
    ...clientBasics(options),
    apiBase: options.apiBase,
    channelField: options.channelField,
    ...overrides,
  })
}

/** A card gateway of its own (a provider instance keeps one for its life). */
export function createCardGateway(options: IotpayProviderOptions): CardGateway {
  return new CardGateway(createCardClient(options), options.merchantId, {
    reversalLookup: options.reversalLookup ?? QUERYABLE.reversalLookup,
    repeatedRefundNo: options.repeatedRefundNo ?? QUERYABLE.repeatedRefundNo,
  })
}

const kept = new Map<string, CardGateway>()

/** The entry's card gateway for code outside the provider (one keep-alive client per entry and settings). */
export function cardGatewayFor(configId: string, options: IotpayProviderOptions): CardGateway {
  const { merchantId, apiBase, reversalLookup, repeatedRefundNo } = options
  return keptGateway(kept, [configId, merchantId, apiBase, reversalLookup, repeatedRefundNo], () =>
    createCardGateway(options)
  )
}
