import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { decodeNotifyBody, parseNotify } from "../../../../iotpay"
import { iotpayProviderEntries } from "../../../../lib/config-lookup"
import { IOTPAY_NOTIFY_EVENT, type IotpayNotifyEvent } from "../../../../lib/notify-event"
import { notifyInbox } from "../../../../lib/notify-inbox"

/**
 * IOTPay's notifyUrl. IOTPay re-sends until it reads `SUCCESS`, so that answer is given only for a notify whose
 * signature and merchant check out and that is written to the notify inbox (src/modules/iotpay-notify); anything
 * forged gets a 4xx and no row. Once the row exists the notify cannot be lost: if the event below is lost (process
 * killed, Redis hiccup) the re-drive job hands the row to the subscriber. No gateway call happens here.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const configId = req.params.providerConfigId
  const options = iotpayProviderEntries(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE)).get(configId)
  if (!options) {
    res.status(404).type("text/plain").send(`FAIL: no IOTPay provider "${configId}" is configured`)
    return
  }
  const raw = (req as MedusaRequest & { rawBody?: Buffer }).rawBody
  let fields: Record<string, unknown>
  try {
    fields = decodeNotifyBody(raw ?? "", req.headers["content-type"], req.query as Record<string, string>)
  } catch {
    res.status(400).type("text/plain").send("FAIL: unreadable notify body")
    return
  }
  const notify = parseNotify(fields, options)
  if (!notify.ok) {
    logger.warn(`IOTPay notify rejected for provider ${configId}: ${notify.reason}`)
    res.status(401).type("text/plain").send(`FAIL: ${notify.reason}`)
    return
  }
  let inboxId: string
  try {
    const entry = await notifyInbox(req.scope).recordDelivery({ configId, record: notify.record })
    // IOTPay repeats notifies: a copy of one already carried through to a final outcome changes nothing, so it is
    // counted and acknowledged without being queued (and processed) again.
    if (entry.processed_at && entry.outcome && entry.outcome !== "failed") {
      res.status(200).type("text/plain").send("SUCCESS")
      return
    }
    inboxId = entry.id
  } catch (error) {
    // Not kept, so not SUCCESS: IOTPay resends it later.
    logger.error(
      `IOTPay notify ${notify.record.payOrderId} could not be written to the inbox: ${(error as Error).message}`
    )
    res.status(503).type("text/plain").send("FAIL: the notify could not be stored, send it again")
    return
  }
  const event: IotpayNotifyEvent = { configId, record: notify.record, inboxId }
  try {
    await req.scope.resolve(Modules.EVENT_BUS).emit({ name: IOTPAY_NOTIFY_EVENT, data: event })
  } catch (error) {
    // The row is kept: the re-drive job processes it, so the answer is still SUCCESS.
    logger.warn(
      `IOTPay notify ${notify.record.payOrderId} kept, but not queued (the re-drive job will process it): ${(error as Error).message}`
    )
  }
  res.status(200).type("text/plain").send("SUCCESS")
}
