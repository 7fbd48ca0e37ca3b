/** The parts of a running sandbox every module works with. */
import type { Faults } from "./faults"
import type { Notifier } from "./notifier"
import type { ResolvedOptions } from "./options"
import type { SandboxState } from "./state"
import type { StateStore } from "./store"
import type { Timers } from "./timers"
import type { V1State } from "./v1/state"

export interface SandboxContext {
  options: ResolvedOptions
  state: SandboxState
  /** IOTPay v1 (General Order) orders and refunds: state.v1, persisted with it. */
  v1: V1State
  store: StateStore
  notifier: Notifier
  faults: Faults
  timers: Timers
  /** Base URL for links handed to shoppers (publicUrl, else the listening address). */
  publicBase(): string
  /** API calls received since start or the last reset, by endpoint name (cc_purchase, create_order...). */
  calls: Record<string, number>
}
