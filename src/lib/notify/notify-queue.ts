import type { IEventBusModuleService, Logger } from "@medusajs/framework/types"
import { IOTPAY_NOTIFY_EVENT, type IotpayNotifyEvent } from "./notify-event"

/**
 * How long a hand-over may take before it is logged as stalled. With Redis down, Medusa's Redis event bus waits for
 * it indefinitely (commands queue until Redis is back); the row is in Postgres and the re-drive job processes it.
 */
const STALL_MS = 2000

type Waiting = { event: IotpayNotifyEvent; what: string }
const batches = new WeakMap<IEventBusModuleService, Waiting[]>()

/**
 * Hands a notify already kept in the inbox to the subscriber. The answer to IOTPay does not wait for it: the row is
 * what keeps the notify (a hand-over lost to a kill or a Redis outage is re-driven from the row by the
 * iotpay-notify-redrive job), so the answer costs one committed INSERT, not a queue round trip as well. Every notify
 * kept in the same tick goes in one emit (on Redis, one addBulk instead of one add each); a failed or stalled
 * hand-over is logged, never thrown.
 */
export function queueNotify(eventBus: IEventBusModuleService, logger: Logger, event: IotpayNotifyEvent, what: string) {
  const waiting = batches.get(eventBus)
  if (waiting) {
    waiting.push({ event, what })
    return
  }
  const batch: Waiting[] = [{ event, what }]
  batches.set(eventBus, batch)
  setImmediate(() => {
    batches.delete(eventBus)
    void handOver(eventBus, logger, batch)
  })
}

async function handOver(eventBus: IEventBusModuleService, logger: Logger, batch: Waiting[]) {
  const names = () => batch.map((w) => w.what).join(", ")
  const stalled = setTimeout(
    () =>
      logger.warn(
        `${names()} kept, but the event bus did not take it within ${STALL_MS} ms (the re-drive job will process it if it never does)`
      ),
    STALL_MS
  )
  try {
    await eventBus.emit(batch.map(({ event }) => ({ name: IOTPAY_NOTIFY_EVENT, data: event })))
  } catch (error) {
    logger.warn(`${names()} kept, but not queued (the re-drive job will process it): ${(error as Error).message}`)
  } finally {
    clearTimeout(stalled)
  }
}
