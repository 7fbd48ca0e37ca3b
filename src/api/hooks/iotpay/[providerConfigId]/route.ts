import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  V1_NOTIFY_ACK,
  collectV1NotifyFields,
  decodeNotifyBody,
  parseNotify,
  parseV1Notify,
  sessionIdFromMchOrderNo,
  type OrderRecord,
} from "../../../../iotpay"
import { iotpayProviderEntries } from "../../../../lib/config/config-lookup"
import type { IotpayNotifyEvent } from "../../../../lib/notify/notify-event"
import { queueNotify } from "../../../../lib/notify/notify-queue"
import { isInboxOutage, notifyInbox } from "../../../../lib/notify/notify-inbox"
import type { IotpayProviderOptions } from "../../../../lib/config/options"
import { readSessionData } from "../../../../lib/money/session-data"
import { notifyApiOf } from "../../../../lib/notify/notify-service"
import { isV1Record, v1OrderRecord } from "../../../../lib/gateway/payment-record"

/**
 * IOTPay's notifyUrl. IOTPay re-sends until it reads `SUCCESS`, so that answer is given only for a notify whose
 * signature and merchant check out and that is written to the notify inbox (src/modules/iotpay-notify); anything
 * forged gets a 4xx and no row. Once the row exists the notify cannot be lost, so the answer does not wait for the
 * event: if it is lost (process killed, Redis hiccup) the re-drive job hands the row to the subscriber. No gateway
 * call happens here.
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
  const merged = mergedFieldsOf(req, raw)
  let fields: Record<string, unknown> | null = null
  try {
    fields = decodeNotifyBody(raw ?? "", req.headers["content-type"], req.query as Record<string, string>)
  } catch {
    // Not a V3 body; it may still be a v1 notify (query string and form merged).
  }
  if (!merged && !fields) {
    res.status(400).type("text/plain").send("FAIL: unreadable notify body")
    return
  }
  // The service of the session the notify names says which API sent it (a card notify may carry v1's backType). A
  // notify with neither v1's backType nor a v1 channel cannot be v1's (its documented field set always has backType),
  // so it skips that read: a card notify's first delivery costs no session query.
  const api =
    merged && (merged.backType !== undefined || isV1Record(merged))
      ? await notifyApiOf(req.scope.resolve(Modules.PAYMENT), configId, merged.mchOrderNo).catch(() => null)
      : "v3"
  // A session Medusa has deleted names no service: then the channel does (WeChat Pay, Alipay, UnionPay are v1 only).
  if (merged && (api === "v1" || (api === null && isV1Record(merged)))) {
    return handleV1(req, res, configId, options, merged)
  }
  const notify = fields ? parseNotify(fields, options) : null
  if (!notify) {
    res.status(400).type("text/plain").send("FAIL: unreadable notify body")
    return
  }
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
    // Not kept, so not SUCCESS: IOTPay resends it later. A database outage is logged by the inbox, once.
    if (!isInboxOutage(error)) {
      logger.error(
        `IOTPay notify ${notify.record.payOrderId} could not be written to the inbox: ${(error as Error).message}`
      )
    }
    res.status(503).type("text/plain").send("FAIL: the notify could not be stored, send it again")
    return
  }
  handOver(req, { configId, record: notify.record, inboxId }, `IOTPay notify ${notify.record.payOrderId}`)
  res.status(200).type("text/plain").send("SUCCESS")
}

/**
 * IOTPay's v1 notify (WeChat Pay, Alipay, UnionPay) at the same URL. IOTPay does not say how it sends it
 * (docs/iotpay-v1-protocol.md §8), so GET and POST are accepted and the query string, form body (plain or
 * `params=<json>`) and JSON body merged; a field given twice with different values is refused. Same rule as V3:
 * `success` (v1's word) only once the signed, merchant-checked notify is in the inbox. backType=1 (the shopper's
 * browser carrying the signed fields) is handled the same way, then the browser is redirected to the session's return
 * URL instead of reading text.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const configId = req.params.providerConfigId
  const options = iotpayProviderEntries(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE)).get(configId)
  if (!options) {
    res.status(404).type("text/plain").send(`fail: no IOTPay provider "${configId}" is configured`)
    return
  }
  let fields: Record<string, unknown>
  try {
    fields = collectV1NotifyFields({ method: "GET", query: req.query as Record<string, unknown> })
  } catch (error) {
    res
      .status(400)
      .type("text/plain")
      .send(`fail: ${(error as Error).message}`)
    return
  }
  return handleV1(req, res, configId, options, fields)
}

/** Queues the kept notify for the subscriber without holding the answer (src/lib/notify/notify-queue.ts). */
function handOver(req: MedusaRequest, event: IotpayNotifyEvent, what: string) {
  queueNotify(req.scope.resolve(Modules.EVENT_BUS), req.scope.resolve(ContainerRegistrationKeys.LOGGER), event, what)
}

/** The query string and body merged the way a v1 notify is read, or null when they cannot be (garbage). */
function mergedFieldsOf(req: MedusaRequest, raw: Buffer | undefined): Record<string, unknown> | null {
  try {
    return collectV1NotifyFields({
      method: req.method,
      query: req.query as Record<string, unknown>,
      body: raw ?? (req.body as Record<string, unknown> | undefined),
      contentType: req.headers["content-type"],
    })
  } catch {
    return null
  }
}

async function handleV1(
  req: MedusaRequest,
  res: MedusaResponse,
  configId: string,
  options: IotpayProviderOptions,
  fields: Record<string, unknown>
) {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const notify = parseV1Notify(fields, options)
  const record = notify.ok ? v1OrderRecord(notify.notify) : null
  if (!notify.ok || !record) {
    const reason = notify.ok ? "the notify names no payOrderId" : notify.reason
    logger.warn(`IOTPay v1 notify rejected for provider ${configId}: ${reason}`)
    res.status(401).type("text/plain").send(`fail: ${reason}`)
    return
  }
  let inboxId: string
  try {
    inboxId = (await notifyInbox(req.scope).recordDelivery({ configId, record })).id
  } catch (error) {
    if (!isInboxOutage(error)) {
      logger.error(
        `IOTPay v1 notify ${record.payOrderId} could not be written to the inbox: ${(error as Error).message}`
      )
    }
    res.status(503).type("text/plain").send("fail: the notify could not be stored, send it again")
    return
  }
  handOver(req, { configId, record, inboxId }, `IOTPay v1 notify ${record.payOrderId}`)
  if (notify.notify.backType === 1) {
    const target = await returnUrlOf(req, record, options)
    if (target) {
      res.redirect(302, target)
      return
    }
  }
  res.status(200).type("text/plain").send(V1_NOTIFY_ACK)
}

/** Where the shopper's browser goes after a backType=1 notify: the session's (allow-listed) return URL. */
async function returnUrlOf(req: MedusaRequest, record: OrderRecord, options: IotpayProviderOptions) {
  let base = options.returnUrl
  const parsed = record.mchOrderNo ? sessionIdFromMchOrderNo(record.mchOrderNo) : null
  if (parsed) {
    try {
      const [session] = await req.scope
        .resolve(Modules.PAYMENT)
        .listPaymentSessions({ id: parsed.sessionId }, { withDeleted: true })
      base = readSessionData(session?.data).returnUrl ?? base
    } catch {
      // No session to read: the configured return URL.
    }
  }
  if (!base) return undefined
  const url = new URL(base)
  url.searchParams.set("mchOrderNo", String(record.mchOrderNo ?? ""))
  return url.href
}
