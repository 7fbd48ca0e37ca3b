import type { MedusaContainer } from "@medusajs/framework/types"
import { IOTPAY_NOTIFY_MODULE } from "../../modules/iotpay-notify"
import type { IotpayNotifyModuleService } from "../../modules/iotpay-notify"

/** Whether an inbox write failed because the database is down; the inbox logs those itself, once per outage. */
export { isInboxOutage } from "../../modules/iotpay-notify"

export type NotifyInbox = IotpayNotifyModuleService

/**
 * The notify inbox module, or a clear error saying how to register it. Without it no notify can be kept safely, so
 * the route answers FAIL (IOTPay keeps resending) rather than SUCCESS on an event that could be lost.
 */
export function notifyInbox(container: Pick<MedusaContainer, "resolve">): NotifyInbox {
  try {
    return container.resolve<NotifyInbox>(IOTPAY_NOTIFY_MODULE)
  } catch {
    throw new Error(
      `the IOTPay notify inbox module is not registered: add { resolve: "medusa-payment-iotpay/modules/iotpay-notify" } ` +
        `to modules in medusa-config.ts and run npx medusa db:migrate`
    )
  }
}

/** The inbox if registered, else undefined (the subscriber still works for events that carry no inbox row). */
export function optionalNotifyInbox(container: Pick<MedusaContainer, "resolve">): NotifyInbox | undefined {
  try {
    return notifyInbox(container)
  } catch {
    return undefined
  }
}
