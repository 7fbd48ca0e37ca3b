import type { Logger } from "@medusajs/framework/types"
import { toMedusaError } from "../gateway/medusa-errors"
import type { IotpaySessionData } from "./session-data"

/**
 * A cancel that could not return the money: recorded as owed on the data (the reconcile job retries it) and logged
 * at error level, because Medusa cancels the order whatever the gateway said.
 */
export function owedAfterFailedCancel(data: IotpaySessionData, error: unknown, logger?: Logger): IotpaySessionData {
  const err = toMedusaError(error, `returning the money of payment ${data.mchOrderNo}`)
  const owed = data.owed
  logger?.error(
    `IOTPay: CANCEL HAS NOT RETURNED THE MONEY of payment ${data.payOrderId ?? data.mchOrderNo} yet: ` +
      `${err.message} The reconcile job retries it every few minutes; check the payment in IOTPay's portal.`
  )
  return {
    ...data,
    canceled: true,
    owed: {
      since: owed?.since ?? new Date().toISOString(),
      why: owed?.why ?? "the order or payment was canceled",
      attempts: (owed?.attempts ?? 0) + 1,
      lastError: err.message.slice(0, 500),
    },
  }
}
