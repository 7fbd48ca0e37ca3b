import { Module } from "@medusajs/framework/utils"
import IotpayNotifyModuleService from "./service"

/** Container key of the notify inbox; the route, subscriber and jobs resolve it (see src/lib/notify/notify-inbox.ts). */
export const IOTPAY_NOTIFY_MODULE = "iotpayNotify"

export default Module(IOTPAY_NOTIFY_MODULE, { service: IotpayNotifyModuleService })
export { IotpayNotifyModuleService }
export { isInboxOutage } from "./outage-log"
