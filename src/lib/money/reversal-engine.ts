import type { Logger } from "@medusajs/framework/types"
import type { AmountInput } from "../../iotpay"
import { cardGatewayFor, type CardGateway } from "../gateway/card-gateway"
import type { IotpayProviderOptions } from "../config/options"
import { PaymentReversals } from "./reversals"
import type { IotpaySessionData } from "./session-data"
import { V1PaymentReversals } from "./v1-reversals"
import { walletGatewayFor, type WalletGateway } from "../gateway/wallet-gateway"

/** What giving money back looks like to its callers, whichever API the payment went through. */
export interface ReversalEngine {
  cancel(data: IotpaySessionData): Promise<IotpaySessionData>
  refund(data: IotpaySessionData, amount: AmountInput, refundId: string): Promise<IotpaySessionData>
  settleOpen(data: IotpaySessionData): Promise<IotpaySessionData>
}

/** The one place a reversal engine is made: the card engine over a card gateway, the v1 one over a wallet gateway. */
export function reversalsFor(gateway: CardGateway | WalletGateway, logger?: Logger): ReversalEngine {
  return gateway.api === "v1" ? new V1PaymentReversals(gateway, logger) : new PaymentReversals(gateway, logger)
}

/** A provider entry's gateway for one API, and the reversal engine over it (reconcile job, notify subscriber). */
export function entryEngine(configId: string, options: IotpayProviderOptions, api: "v3" | "v1", logger?: Logger) {
  const gateway = api === "v1" ? walletGatewayFor(configId, options) : cardGatewayFor(configId, options)
  return { gateway, reversals: reversalsFor(gateway, logger) }
}
