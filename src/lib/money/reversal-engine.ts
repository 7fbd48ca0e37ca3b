import type { Logger } from "@medusajs/framework/types"
import type { AmountInput } from "../../iotpay"
import { cardGatewayFor } from "../gateway/card-gateway"
import type { PaymentGateway } from "../gateway/payment-gateway"
import { walletGatewayFor } from "../gateway/wallet-gateway"
import type { IotpayProviderOptions } from "../config/options"
import { PaymentReversals } from "./reversals"
import type { IotpaySessionData } from "./session-data"

/** What giving money back looks like to its callers, whichever API the payment went through. */
export interface ReversalEngine {
  cancel(data: IotpaySessionData): Promise<IotpaySessionData>
  refund(data: IotpaySessionData, amount: AmountInput, refundId: string): Promise<IotpaySessionData>
  settleOpen(data: IotpaySessionData): Promise<IotpaySessionData>
}

/** The one place a reversal engine is made: the same engine over the gateway of the payment's API. */
export function reversalsFor(gateway: PaymentGateway, logger?: Logger): ReversalEngine {
  return new PaymentReversals(gateway, logger)
}

/** A provider entry's gateway for one API, and the reversal engine over it (reconcile job, notify subscriber). */
export function entryEngine(configId: string, options: IotpayProviderOptions, api: "v3" | "v1", logger?: Logger) {
  const gateway = api === "v1" ? walletGatewayFor(configId, options) : cardGatewayFor(configId, options)
  return { gateway, reversals: reversalsFor(gateway, logger) }
}
