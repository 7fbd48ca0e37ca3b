import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { decodeNotifyBody, parseNotify } from "../../../../iotpay"
import { iotpayProviderEntries } from "../../../../lib/config-lookup"
import { IOTPAY_NOTIFY_EVENT, type IotpayNotifyEvent } from "../../../../lib/notify-event"

/**
 * IOTPay's notifyUrl. IOTPay re-sends until it reads `SUCCESS`, so that answer is given only for a notify whose
 * signature and merchant check out and that has been handed to the event bus; anything forged gets a 4xx. No
 * gateway call happens here: the subscriber does the work.
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
  const event: IotpayNotifyEvent = { configId, record: notify.record }
  await req.scope.resolve(Modules.EVENT_BUS).emit({ name: IOTPAY_NOTIFY_EVENT, data: event })
  res.status(200).type("text/plain").send("SUCCESS")
}
