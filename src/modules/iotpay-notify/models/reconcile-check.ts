import { model } from "@medusajs/framework/utils"

/**
 * The reconcile job's back-off state for one IOTPay attempt (mchOrderNo). Kept outside the payment session so the
 * schedule survives session updates and deletes; `next_check_at` null means the attempt needs no more checks.
 */
export const IotpayReconcileCheck = model
  .define("iotpay_reconcile_check", {
    id: model.id({ prefix: "iotrc" }).primaryKey(),
    provider_config_id: model.text(),
    /**
     * The service (pp_iotpay_…, pp_iotpay-wechat_…) whose reconcile pass owns the row; null on rows made before
     * 2026-12-05.
     */
    provider_id: model.text().nullable(),
    mch_order_no: model.text(),
    session_id: model.text(),
    first_seen_at: model.dateTime(),
    checks: model.number().default(0),
    last_checked_at: model.dateTime().nullable(),
    next_check_at: model.dateTime().nullable(),
    last_result: model.text().nullable(),
  })
  .indexes([{ on: ["provider_config_id", "mch_order_no"], unique: true }, { on: ["next_check_at"] }])
