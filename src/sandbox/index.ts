/**
 * The IOTPay sandbox (Credit Card V3, and the v1 General Order API under /v1/): start it in-process with
 * startSandbox(), or from the shell with `iotpay-sandbox`.
 */
import type { AddressInfo } from "node:net"
import type { SandboxContext } from "./context"
import {
  allOrders,
  orderView,
  portalRefund,
  resetSandbox,
  settleReversal,
  type OrderView,
  type PortalRefundSpec,
  type SettleReversalSpec,
} from "./control"
import { Faults, type EndpointFault, type NotifyFault } from "./faults"
import { Ledger } from "./ledger"
import { Notifier, type NotifyAttempt } from "./notifier"
import { resolveOptions, type ResolvedOptions, type SandboxOptions } from "./options"
import { createSandboxServer } from "./server"
import { SandboxState } from "./state"
import { StateStore } from "./store"
import { Timers } from "./timers"
import { actOnV1Order, allV1Orders, settleV1Refund, v1View, type V1Act, type V1OrderView } from "./v1/control"
import { V1Ledger } from "./v1/ledger"

export { TEST_CARDS, TEST_WALLET_TOKENS, UNKNOWN_CARD_REASON, UNKNOWN_WALLET_REASON } from "./cards"
export { SANDBOX_CARDS, payOnHostedPage } from "./shopper"
export type { TestCard, TestCardName } from "./cards"
export {
  DEFAULT_LOGIN_NAME,
  DEFAULT_MERCHANT_ID,
  DEFAULT_NOTIFY_RETRY_DELAYS_MS,
  DEFAULT_SECRET_KEY,
  FAST_NOTIFY_RETRY_DELAYS_MS,
} from "./options"
export type { SandboxLogger, SandboxOptions } from "./options"
export type { OrderRecord, OrderStatus } from "./records"
export type { NotifyAttempt } from "./notifier"
export type { OrderView, PortalRefundSpec, SettleReversalSpec } from "./control"
export { ControlSpecError } from "./control"
export { FaultSpecError, V3_ENDPOINTS } from "./faults"
export type { EndpointFault, NotifyFault, ReversalFaultStatus } from "./faults"
export type { RepeatedRefundNo } from "./options"
export { RequestError } from "./validate"
export { V1_TEST_AMOUNTS } from "./v1/behaviours"
export type { V1TestAmount } from "./v1/behaviours"
export { V1_ACTS } from "./v1/control"
export type { V1Act, V1OrderView } from "./v1/control"
export { V1_ENDPOINTS } from "./v1/names"
export type { ShopperAction } from "./v1/names"
export { actOnV1Page, v1ScanUrl } from "./v1/shopper"

/** The v1 (General Order: WeChat Pay, Alipay, UnionPay) side of a running sandbox. */
export interface RunningSandboxV1 {
  /** url + "/v1": what IotpayV1Client's apiBase should be (refund query at "query_refund_order"). */
  apiBase: string
  /** Every v1 payment order and refund, with sandbox-only details (walletPage, refunded...). */
  orders(): V1OrderView[]
  /** By payOrderId, mchOrderNo, refundOrderId or mchRefundNo. */
  order(id: string): V1OrderView | undefined
  /**
   * What the wallet page's buttons do (approve / decline / leave), or close (IOTPay expires it: status 4), by
   * payOrderId or mchOrderNo; throws RequestError when the order is unknown or no longer awaiting payment.
   */
  act(id: string, action: V1Act): V1OrderView
  /**
   * Completes (2) or fails (3, the reserved money given back) a refund left pending by a refund_order
   * `resultStatus` fault, by refundOrderId or mchRefundNo; throws RequestError when it is not pending.
   */
  settleRefund(id: string, status: 2 | 3): V1OrderView
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:4848 */
  url: string
  /** url + "/v3": what IotpayClient's apiBase should be. */
  apiBase: string
  v1: RunningSandboxV1
  port: number
  options: Readonly<ResolvedOptions>
  /** Every payment, refund and void, with sandbox-only details (settled, voided, notifyUrl...). */
  orders(): OrderView[]
  /** By payOrderId, mchOrderNo or mchRefundNo. */
  order(id: string): OrderView | undefined
  notifications(): NotifyAttempt[]
  /** Settles one payment or all; returns the payOrderIds settled. */
  settle(payOrderId?: string): string[]
  /**
   * Completes (status 2) or fails (status 9, money given back) a refund/void left pending (status 0/1) by a
   * `resultStatus` fault; by payOrderId (RP…) or mchRefundNo. Throws ControlSpecError on a malformed spec,
   * RequestError when there is no such reversal or it is not pending.
   */
  settleReversal(spec: SettleReversalSpec): OrderView
  /**
   * Refunds `amount` cents of a paid card payment (by payOrderId or mchOrderNo) "in IOTPay's merchant portal",
   * outside the plugin, as POST /_sandbox/portal/refund; returns the refund. Throws ControlSpecError on a malformed
   * spec, RequestError when IOTPay would refuse it (unknown payment, voided, more than refundable).
   */
  portalRefund(spec: PortalRefundSpec): OrderView
  /** Same spec as POST /_sandbox/faults (throws FaultSpecError); returns the fault as stored. */
  addFault(spec: Record<string, unknown>): EndpointFault | NotifyFault
  faults(): { endpoints: EndpointFault[]; notify: NotifyFault[] }
  /**
   * API calls received since start or the last reset (GET /_sandbox/calls), by endpoint name: every POST to
   * /v3/<name> and /v1/<name>, answered or faulted. Counting here adds no hop to what is measured.
   */
  calls(): Record<string, number>
  clearFaults(): void
  reset(): void
  /** Stops the server (open connections included), every timer and pending notify, and writes the state file. */
  close(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const resolved = resolveOptions(options)
  const timers = new Timers()
  const faults = new Faults()
  const state = new SandboxState()
  const store = new StateStore(state, resolved.stateFile, resolved.logger)
  const notifier = new Notifier(timers, faults, {
    retryDelaysMs: resolved.notifyRetryDelaysMs,
    timeoutMs: resolved.notifyTimeoutMs,
    logger: resolved.logger,
  })
  let url = ""
  const ctx: SandboxContext = {
    options: resolved,
    state,
    v1: state.v1,
    store,
    notifier,
    faults,
    timers,
    publicBase: () => resolved.publicUrl ?? url,
    calls: {},
  }
  const ledger = new Ledger(ctx)
  store.load()
  ledger.resumeTimers()

  const v1Ledger = new V1Ledger(ctx)
  const server = createSandboxServer(ctx, ledger, v1Ledger)
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(resolved.port, resolved.host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const hostForUrl = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host
  url = `http://${hostForUrl === "0.0.0.0" || hostForUrl === "[::]" ? "127.0.0.1" : hostForUrl}:${port}`

  let closing: Promise<void> | undefined
  return {
    url,
    apiBase: `${url}/v3`,
    v1: {
      apiBase: `${url}/v1`,
      orders: () => allV1Orders(ctx),
      order: (id) => {
        const found = ctx.v1.find(id)
        return found ? v1View(ctx, found) : undefined
      },
      act: (id, action) => actOnV1Order(ctx, v1Ledger, id, action),
      settleRefund: (id, status) => settleV1Refund(ctx, v1Ledger, id, status),
    },
    port,
    options: resolved,
    orders: () => allOrders(ctx, ledger),
    order: (id) => {
      const found = state.findRecord(id)
      return found ? orderView(ledger, found) : undefined
    },
    notifications: () => notifier.list(),
    settle: (payOrderId) => ledger.settle(payOrderId),
    settleReversal: (spec) => settleReversal(ledger, spec),
    portalRefund: (spec) => portalRefund(ctx, ledger, spec),
    addFault: (spec) => faults.add(spec),
    faults: () => faults.list(),
    calls: () => ({ ...ctx.calls }),
    clearFaults: () => faults.clear(),
    reset: () => resetSandbox(ctx),
    close: () => {
      closing ??= (async () => {
        timers.close()
        notifier.close()
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        // Idle keep-alive sockets and requests held by commitThenHang would otherwise keep close() waiting.
        server.closeAllConnections()
        await closed
        await store.flush()
      })()
      return closing
    },
  }
}
