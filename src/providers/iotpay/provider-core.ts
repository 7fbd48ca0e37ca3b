import { AbstractPaymentProvider } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import { ownConfigId } from "../../lib/config-lookup"
import { notifyUrlFor, parseProviderOptions, type IotpayProviderOptions } from "../../lib/options"

export type Cradle = { logger?: Logger; configModule?: unknown }

/**
 * What every IOTPay provider service starts from, card (V3) or wallet (v1): its validated options, Medusa's logger,
 * and the notify URL of its provider entry. Each base adds its own gateway client and reversal bookkeeping.
 */
export abstract class IotpayProviderCore extends AbstractPaymentProvider<IotpayProviderOptions> {
  protected readonly options_: IotpayProviderOptions
  protected readonly logger_?: Logger
  protected readonly notifyUrl_: string

  static validateOptions(options: Record<string, unknown>): void {
    parseProviderOptions(options)
  }

  constructor(cradle: Cradle, options: Record<string, unknown>) {
    // @ts-ignore: AbstractPaymentProvider's constructor is protected and typed for the generic cradle.
    super(cradle, options)
    this.options_ = parseProviderOptions(options)
    this.logger_ = cradle.logger
    this.notifyUrl_ = notifyUrlFor(this.options_.backendUrl, ownConfigId(cradle.configModule, options))
  }
}
