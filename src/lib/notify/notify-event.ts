import type { OrderRecord } from "../../iotpay"

/** Emitted by the notify route for every verified IOTPay notify; handled by src/subscribers/iotpay-notify.ts. */
export const IOTPAY_NOTIFY_EVENT = "iotpay.notify_received"

/** `inboxId`: the notify's row in the inbox (src/modules/iotpay-notify), where the subscriber records its outcome. */
export type IotpayNotifyEvent = { configId: string; record: OrderRecord; inboxId?: string }
