import { model } from "@medusajs/framework/utils"

/**
 * A payment with a refund, void or cancel still pending, unknown or owed at IOTPay (the id is Medusa's payment id).
 * The reconcile job adds the payments it sees change into this state and settles only these each run, instead of
 * reading every payment of the last 30 days every minute; a row goes once nothing is open any more.
 */
export const IotpayOpenPayment = model.define("iotpay_open_payment", {
  id: model.id().primaryKey(),
  provider_config_id: model.text(),
  provider_id: model.text(),
})
