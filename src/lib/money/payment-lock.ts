import { AsyncLocalStorage } from "node:async_hooks"
import type { ILockingModule } from "@medusajs/framework/types"

/** How long a path waits for another to finish with the same payment (a gateway call under faults can be slow). */
const LOCK_WAIT_S = 120

/**
 * The keys this async call chain already holds: a path that calls another (a notify's workflow cancelling) re-enters.
 */
const held = new AsyncLocalStorage<ReadonlySet<string>>()
/** Without Medusa's locking module (unit tests of a provider alone), one process still serialises on a chain. */
const local = new Map<string, Promise<unknown>>()

/** The one key every path that reads and changes a payment's IOTPay state takes: its Medusa payment session. */
export const paymentLockKey = (sessionId: string) => `iotpay-payment:${sessionId}`

/**
 * Runs `work` holding `key` through Medusa's locking module (cluster-wide when it is Redis-backed). Re-entrant within
 * one call chain, so a path holding the lock may call another that takes it (the locking module alone would wait
 * for itself).
 */
export async function withLock<T>(key: string, work: () => Promise<T>, locking?: ILockingModule): Promise<T> {
  const mine = held.getStore()
  if (mine?.has(key)) return work()
  const run = () => held.run(new Set([...(mine ?? []), key]), work)
  if (locking) return locking.execute(key, run, { timeout: LOCK_WAIT_S })
  const before = local.get(key) ?? Promise.resolve()
  const mineDone = before.catch(() => undefined).then(run)
  local.set(key, mineDone)
  try {
    return await mineDone
  } finally {
    if (local.get(key) === mineDone) local.delete(key)
  }
}
