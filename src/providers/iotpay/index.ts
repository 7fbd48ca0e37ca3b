import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { IotpayProviderService } from "./service"
import { IotpayWalletProviderService } from "./wallet-service"

export { IotpayProviderService, IotpayWalletProviderService }
// One medusa-config entry gives both: pp_iotpay_<id> (cards, saved cards, UPI_EX) and pp_iotpay-wallet_<id>.
export default ModuleProvider(Modules.PAYMENT, { services: [IotpayProviderService, IotpayWalletProviderService] })
