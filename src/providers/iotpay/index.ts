import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { IotpayProviderService } from "./service"
import { IotpayWalletProviderService } from "./wallet-service"
import { IotpayAlipayProviderService, IotpayUnionpayProviderService, IotpayWechatProviderService } from "./v1-services"

export {
  IotpayProviderService,
  IotpayWalletProviderService,
  IotpayAlipayProviderService,
  IotpayWechatProviderService,
  IotpayUnionpayProviderService,
}
// One medusa-config entry gives them all: pp_iotpay_<id> (cards, saved cards, UPI_EX), pp_iotpay-wallet_<id>, and
// through IOTPay's v1 API pp_iotpay-alipay_<id>, pp_iotpay-wechat_<id>, pp_iotpay-unionpay_<id>.
export default ModuleProvider(Modules.PAYMENT, {
  services: [
    IotpayProviderService,
    IotpayWalletProviderService,
    IotpayAlipayProviderService,
    IotpayWechatProviderService,
    IotpayUnionpayProviderService,
  ],
})
