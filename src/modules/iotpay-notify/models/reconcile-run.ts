import { model } from "@medusajs/framework/utils"

/**
 * What the reconcile job's last run did, for Settings → IOTPay. Two rows at most: `last` (the newest run, also a
 * skipped or failed one) and `last_completed` (the newest run that went through every provider entry).
 */
export const IotpayReconcileRun = model.define("iotpay_reconcile_run", {
  id: model.id().primaryKey(),
  started_at: model.dateTime(),
  finished_at: model.dateTime(),
  skipped: model.boolean().default(false),
  sessions: model.number().nullable(),
  due: model.number().nullable(),
  asked: model.number().nullable(),
  recovered: model.number().nullable(),
  ms: model.number().nullable(),
  error: model.text().nullable(),
  /** The `now` of this run's scan of new and changed sessions; the next run reads only sessions changed since. */
  scanned_until: model.dateTime().nullable(),
})
