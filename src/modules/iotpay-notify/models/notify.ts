import { model } from "@medusajs/framework/utils"

/** What the subscriber did with a notify; `failed` rows are re-driven by the plugin's job. */
export const NOTIFY_OUTCOMES = ["order_created", "already_applied", "ignored", "not_applied", "failed"] as const
export type NotifyOutcome = (typeof NOTIFY_OUTCOMES)[number]

/**
 * One row per distinct verified IOTPay notify (provider entry, payOrderId, status). Written by the notify route
 * before it answers SUCCESS: from then on IOTPay stops resending, so this row is the only copy. `record` is the
 * verified order record without `sign`; IOTPay's card number in it is already masked (and masked again on write).
 */
export const IotpayNotify = model
  .define("iotpay_notify", {
    id: model.id({ prefix: "iotntf" }).primaryKey(),
    provider_config_id: model.text(),
    pay_order_id: model.text(),
    mch_order_no: model.text().nullable(),
    pay_type: model.text().nullable(),
    status: model.number(),
    amount: model.number(), // integer cents, as IOTPay sends it
    currency: model.text().nullable(),
    record: model.json(),
    deliveries: model.number().default(1),
    first_received_at: model.dateTime(),
    last_received_at: model.dateTime(),
    outcome: model.enum([...NOTIFY_OUTCOMES]).nullable(),
    outcome_detail: model.text().nullable(),
    processed_at: model.dateTime().nullable(),
    redrives: model.number().default(0),
  })
  .indexes([
    { on: ["provider_config_id", "pay_order_id", "status"], unique: true },
    { on: ["processed_at", "last_received_at"] },
  ])
