import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { IotpayProviderService } from "./service"

export { IotpayProviderService }
export default ModuleProvider(Modules.PAYMENT, { services: [IotpayProviderService] })
