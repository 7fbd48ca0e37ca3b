import { AsyncLocalStorage } from "node:async_hooks"
import type { ILockingModule, Logger } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { IOTPAY_NOTIFY_MODULE, type IotpayNotifyModuleService } from "../../modules/iotpay-notify"
import { loadedModule } from "../config/loaded-module"
import { ledgerRowsOf, withLedger, type LedgerRow } from "./ledger"
import { paymentLockKey, withLock } from "./payment-lock"
import type { IotpaySessionData } from "./session-data"

export type PaymentLedger = {
  read(sessionId: string): Promise<LedgerRow[]>
  write(sessionId: string, rows: LedgerRow[]): Promise<void>
}

/** Where the lock and the ledger come from: Medusa's loaded modules (a provider's own container has neither). */
export type StateDeps = { locking?: ILockingModule; ledger?: PaymentLedger; logger?: Logger }

let warned = false

/** The ledger of the payment whose lock this call chain holds (for recordAhead). */
const journal = new AsyncLocalStorage<{ sessionId: string; ledger: PaymentLedger }>()

/** The locking module and the plugin's ledger as this process loaded them; either may be missing (unit tests). */
export function loadedStateDeps(logger?: Logger): StateDeps {
  const locking = loadedModule<ILockingModule>(Modules.LOCKING)
  const inbox = loadedModule<IotpayNotifyModuleService>(IOTPAY_NOTIFY_MODULE)
  if (!inbox?.ledger && !warned && loadedModule(Modules.PAYMENT)) {
    warned = true
    logger?.warn(
      `IOTPay: the iotpay-notify module is not registered, so reversals are kept only in Medusa's payment data, ` +
        `where two concurrent refunds can erase each other's entry. Register it (docs/notify-and-reconcile.md "The notify inbox").`
    )
  }
  return { locking, ledger: inbox?.ledger, logger }
}

/**
 * Every path that reads and changes a payment's IOTPay state (refund, cancel, capture, reconcile settle, stranded
 * give-back, notify) goes through here: it takes the payment session's lock, reads the ledger and merges it into
 * `data` (which may be a copy Medusa read before another path changed it), runs `work` on that fresh state, and
 * records what `work` returns in the ledger before the lock is released. The caller returns that merged result, so
 * whatever Medusa writes back holds every entry; an entry it later overwrites with an older copy stays in the ledger.
 */
export async function underPaymentLock(
  data: IotpaySessionData,
  work: (fresh: IotpaySessionData) => Promise<IotpaySessionData>,
  deps: StateDeps = loadedStateDeps()
): Promise<IotpaySessionData> {
  const sessionId = data.session_id
  if (!sessionId) return work(data) // nothing was ever started at IOTPay under a session number
  return withLock(
    paymentLockKey(sessionId),
    async () => {
      const fresh = deps.ledger ? withLedger(data, await deps.ledger.read(sessionId)) : data
      const ledger = deps.ledger
      const after = ledger ? await journal.run({ sessionId, ledger }, () => work(fresh)) : await work(fresh)
      await ledger?.write(sessionId, ledgerRowsOf(after))
      return after
    },
    deps.locking
  )
}

/** The payment's state with the ledger merged in, read without the lock (views, the reconcile job's first pass). */
export async function freshState(data: IotpaySessionData, deps: StateDeps = loadedStateDeps()) {
  return data.session_id && deps.ledger ? withLedger(data, await deps.ledger.read(data.session_id)) : data
}

/**
 * Writes `data`'s ledger rows at once, inside the payment's lock (write-ahead). A refund recorded open before it is
 * sent survives the process dying between IOTPay's refund and Medusa's write: the reconcile job finds it open, asks
 * IOTPay by its number and records what IOTPay did, so the next refund is not refused for a mismatch. Outside a
 * lock with a ledger it does nothing.
 */
export async function recordAhead(data: IotpaySessionData): Promise<void> {
  const open = journal.getStore()
  if (open && data.session_id === open.sessionId) await open.ledger.write(open.sessionId, ledgerRowsOf(data))
}
