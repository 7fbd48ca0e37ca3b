import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { IotpayCardProviderService } from "./card-service"
import { IotpayAppleGooglePayProviderService } from "./apple-google-pay-service"
import {
  IotpayAlipayProviderService,
  IotpayUnionpayProviderService,
  IotpayWechatProviderService,
} from "./v1-wallet-services"

export {
  IotpayCardProviderService,
  IotpayAppleGooglePayProviderService,
  IotpayAlipayProviderService,
  IotpayWechatProviderService,
  IotpayUnionpayProviderService,
}
// One medusa-config entry gives them all: pp_iotpay_<id> (cards, saved cards, UPI_EX), pp_iotpay-wallet_<id>, and
// through IOTPay's v1 API pp_iotpay-alipay_<id>, pp_iotpay-wechat_<id>, pp_iotpay-unionpay_<id>.
export default ModuleProvider(Modules.PAYMENT, {
  services: [
    IotpayCardProviderService,
    IotpayAppleGooglePayProviderService,
    IotpayAlipayProviderService,
    IotpayWechatProviderService,
    IotpayUnionpayProviderService,
  ],
})
