import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { OrderRecord } from "../iotpay"
import { IOTPAY_NOTIFY_EVENT } from "../lib/notify/notify-event"
import { optionalNotifyInbox } from "../lib/notify/notify-inbox"
import iotpayNotifyHandler from "../subscribers/iotpay-notify"

/** A row untouched this long was answered SUCCESS but its event was lost (process killed, bus down) or it threw. */
export const REDRIVE_IDLE_MS = Number(process.env.IOTPAY_INBOX_REDRIVE_IDLE_MS) || 60_000
/** A notify that keeps throwing is left for an admin after this many re-drives (its row says why). */
const MAX_REDRIVES = 10
const BATCH = 100

/**
 * Hands inbox rows nobody finished to the notify subscriber itself, so a re-driven notify takes exactly the path a
 * fresh one takes (same locking, same checks, same idempotent order creation) and records its outcome the same way.
 */
export async function redriveIotpayNotifies(container: MedusaContainer) {
  const inbox = optionalNotifyInbox(container)
  if (!inbox) return { redriven: 0 }
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  let redriven = 0
  for (;;) {
    const rows = await inbox.claimForRedrive(REDRIVE_IDLE_MS, MAX_REDRIVES, BATCH)
    for (const row of rows) {
      logger.warn(`IOTPay inbox: re-driving notify ${row.id} (try ${row.redrives}); its first handling never finished.`)
      const data = { configId: row.provider_config_id, record: row.record as OrderRecord, inboxId: row.id }
      try {
        await iotpayNotifyHandler({ event: { name: IOTPAY_NOTIFY_EVENT, data }, container, pluginOptions: {} })
      } catch (error) {
        logger.error(`IOTPay inbox: notify ${row.id} failed again: ${(error as Error).message}`) // recorded on the row
      }
      redriven++
    }
    if (rows.length < BATCH) return { redriven }
  }
}

/** IOTPAY_INBOX_REDRIVE=off turns the schedule off (tests call redriveIotpayNotifies themselves). */
export default async function redriveIotpayNotifiesJob(container: MedusaContainer) {
  if (process.env.IOTPAY_INBOX_REDRIVE === "off") return
  await redriveIotpayNotifies(container)
}

export const config = {
  name: "iotpay-notify-inbox-redrive",
  // Seconds field allowed (cron-parser); the SIGKILL test sets a short one so it need not wait a whole minute.
  schedule: process.env.IOTPAY_INBOX_REDRIVE_SCHEDULE || "* * * * *",
}
