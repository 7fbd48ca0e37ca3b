import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { IOTPAY_NOTIFY_EVENT, type IotpayNotifyEvent } from "../../src/lib/notify/notify-event"
import { waitFor } from "./stack"

type Listener = ((data: { data: IotpayNotifyEvent }) => Promise<void>) & { subscriberId?: string }
type LocalBus = {
  emit: (...args: any[]) => Promise<void>
  eventEmitter_: {
    listeners(name: string): Listener[]
    on(name: string, l: Listener): void
    off(name: string, l: Listener): void
  }
}
type Counts = { emitted: number; finished: number }

const SUBSCRIBER_ID = "iotpay-notify-handler" // src/subscribers/iotpay-notify.ts
const installed = new WeakMap<object, Map<string, Counts>>()

/**
 * The positive signal a "nothing more happened" assertion waits for: per IOTPay payOrderId, how many notify events
 * were handed to the subscriber (by the notify route, the reconcile job or the re-drive) and how many of those
 * subscriber runs have finished. The route emits before it answers, so once every answer is in, `emitted` is final;
 * when `finished` reaches it, the subscriber has done everything those deliveries can cause. (An `already_applied`
 * run leaves no trace on a row that says `order_created`, so the inbox row alone cannot show that.)
 *
 * Counting wraps the real local event bus's `emit` and the real subscriber's listener; both still run unchanged.
 * Specs run without REDIS_URL, so the bus is Medusa's local one (src/../medusa-config.ts).
 */
export function notifyRuns(container: MedusaContainer) {
  const bus = container.resolve(Modules.EVENT_BUS) as unknown as LocalBus
  let counts = installed.get(bus)
  if (!counts) {
    counts = new Map()
    installed.set(bus, counts)
    const of = (event: IotpayNotifyEvent | undefined) => {
      const key = String(event?.record?.payOrderId ?? "")
      if (!counts!.has(key)) counts!.set(key, { emitted: 0, finished: 0 })
      return counts!.get(key)!
    }
    const emit = bus.emit.bind(bus)
    bus.emit = async (events: any, ...rest: any[]) => {
      for (const e of [events].flat()) if (e?.name === IOTPAY_NOTIFY_EVENT) of(e.data).emitted++
      return emit(events, ...rest)
    }
    const original = bus.eventEmitter_.listeners(IOTPAY_NOTIFY_EVENT).find((l) => l.subscriberId === SUBSCRIBER_ID)
    if (!original) throw new Error(`the ${SUBSCRIBER_ID} subscriber is not listening to ${IOTPAY_NOTIFY_EVENT}`)
    const counted: Listener = async (message) => {
      try {
        await original(message)
      } finally {
        of(message.data).finished++
      }
    }
    counted.subscriberId = SUBSCRIBER_ID
    bus.eventEmitter_.off(IOTPAY_NOTIFY_EVENT, original)
    bus.eventEmitter_.on(IOTPAY_NOTIFY_EVENT, counted)
  }
  const count = (payOrderId: string): Counts => ({ ...(counts!.get(payOrderId) ?? { emitted: 0, finished: 0 }) })
  return {
    /** Events emitted and subscriber runs finished so far for this payOrderId. */
    count,
    /**
     * Waits until at least `atLeast` events were emitted for this payOrderId and every one of them has been
     * handled; returns the counts.
     */
    settled: (payOrderId: string, atLeast = 1) =>
      waitFor(async () => {
        const c = count(payOrderId)
        return c.emitted >= atLeast && c.finished === c.emitted ? c : null
      }, `every notify event of ${payOrderId} (at least ${atLeast}) handled by the subscriber`),
  }
}
