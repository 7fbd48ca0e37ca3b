/** /_sandbox/ control and inspection routes (never under /v3/, so a client can't hit them by accident). */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { SandboxContext } from "./context"
import { FaultSpecError } from "./faults"
import { parseJsonObject, readBody, sendJson } from "./http"
import type { Ledger } from "./ledger"
import { modesOf } from "./options"
import type { OrderRecord } from "./records"
import type { ReversalOutcome, ReversalRef } from "./reversals"
import type { Payment, Reversal } from "./state"
import { RequestError } from "./validate"
import { allV1Orders, v1View } from "./v1/control"

const CONTROL_LIMIT = 64 * 1024

/** A record plus what the sandbox knows about it beyond IOTPay's fields. */
export interface OrderView extends OrderRecord {
  sandbox: {
    kind: "payment" | "refund" | "void"
    source?: Payment["source"]
    settled?: boolean
    voided?: boolean
    mchUserId?: string
    notifyUrl?: string
    returnUrl?: string
    reversals?: string[]
    createdAt: string
  }
}

export function orderView(ledger: Ledger, entry: { payment?: Payment; reversal?: Reversal }): OrderView {
  if (entry.payment) {
    const p = entry.payment
    return {
      ...p.record,
      sandbox: {
        kind: "payment",
        source: p.source,
        settled: ledger.isSettled(p),
        voided: p.voided,
        mchUserId: p.mchUserId,
        notifyUrl: p.notifyUrl,
        returnUrl: p.returnUrl,
        reversals: [...p.reversalIds],
        createdAt: new Date(p.createdAt).toISOString(),
      },
    }
  }
  const r = entry.reversal as Reversal
  return { ...r.record, sandbox: { kind: r.kind, createdAt: new Date(r.createdAt).toISOString() } }
}

export function allOrders(ctx: SandboxContext, ledger: Ledger): OrderView[] {
  return [
    ...[...ctx.state.payments.values()].map((payment) => orderView(ledger, { payment })),
    ...[...ctx.state.reversals.values()].map((reversal) => orderView(ledger, { reversal })),
  ]
}

/** POST /_sandbox/reversals/settle and RunningSandbox.settleReversal: what may be asked. */
export interface SettleReversalSpec extends ReversalRef {
  status: ReversalOutcome
}

/** A settle request that is malformed (400), as opposed to one the ledger refuses (RequestError, 409). */
export class ControlSpecError extends Error {}

/** Completes (status 2) or fails (status 9) a pending refund/void; returns its view. */
export function settleReversal(ledger: Ledger, spec: unknown): OrderView {
  const s = (typeof spec === "object" && spec !== null ? spec : {}) as Record<string, unknown>
  for (const name of ["payOrderId", "mchRefundNo"]) {
    if (s[name] !== undefined && typeof s[name] !== "string") throw new ControlSpecError(`${name} must be a string`)
  }
  if (s.payOrderId === undefined && s.mchRefundNo === undefined) {
    throw new ControlSpecError("payOrderId or mchRefundNo is required")
  }
  if (s.status !== 2 && s.status !== 9) throw new ControlSpecError("status must be 2 (completes) or 9 (fails)")
  const ref = { payOrderId: s.payOrderId as string | undefined, mchRefundNo: s.mchRefundNo as string | undefined }
  return orderView(ledger, { reversal: ledger.reversals.settle(ref, s.status) })
}

/** POST /_sandbox/portal/refund and RunningSandbox.portalRefund: a card payment, by either number, and cents. */
export interface PortalRefundSpec {
  payOrderId?: string
  mchOrderNo?: string
  amount: number
}

/** Refunds `amount` cents of a paid card payment "in IOTPay's portal", outside the plugin; returns the refund's view. */
export function portalRefund(ctx: SandboxContext, ledger: Ledger, spec: unknown): OrderView {
  const s = (typeof spec === "object" && spec !== null ? spec : {}) as Record<string, unknown>
  const id = s.payOrderId ?? s.mchOrderNo
  if (typeof id !== "string") throw new ControlSpecError("payOrderId or mchOrderNo (string) is required")
  if (!Number.isInteger(s.amount) || (s.amount as number) <= 0) {
    throw new ControlSpecError("amount must be a positive whole number of cents")
  }
  const payment = ctx.state.findRecord(id)?.payment
  if (!payment) throw new RequestError("no such card payment (v1 wallet payments are not refunded in the portal)")
  const record = ledger.reversals.portalRefund(payment.record.payOrderId, s.amount as number)
  return orderView(ledger, { reversal: ctx.state.reversals.get(record.payOrderId) })
}

/** Forgets everything: orders, cards, pages, notify history and pending retries, faults. */
export function resetSandbox(ctx: SandboxContext): void {
  ctx.timers.clearAll()
  ctx.notifier.reset()
  ctx.faults.clear()
  ctx.state.clear()
  ctx.calls = {}
  ctx.store.markDirty()
}

export async function handleControl(
  ctx: SandboxContext,
  ledger: Ledger,
  req: IncomingMessage,
  res: ServerResponse,
  path: string
): Promise<void> {
  const route = `${req.method ?? ""} ${path}`
  let body: Record<string, unknown> = {}
  if (req.method === "POST") {
    try {
      body = parseJsonObject(await readBody(req, CONTROL_LIMIT))
    } catch (err) {
      return sendJson(res, 400, { error: `invalid JSON body: ${(err as Error).message}` })
    }
  }
  const orderMatch = /^GET \/_sandbox\/orders\/([^/]+)$/.exec(route)
  if (orderMatch) {
    const id = decodeURIComponent(orderMatch[1])
    const found = ctx.state.findRecord(id)
    if (found) return sendJson(res, 200, orderView(ledger, found))
    const v1 = ctx.v1.find(id)
    return v1 ? sendJson(res, 200, v1View(ctx, v1)) : sendJson(res, 404, { error: "order not found" })
  }
  switch (route) {
    case "GET /_sandbox/health":
      return sendJson(res, 200, {
        ok: true,
        merchantId: ctx.options.merchantId,
        loginName: ctx.options.loginName,
        modes: modesOf(ctx.options),
      })
    case "GET /_sandbox/orders":
      return sendJson(res, 200, { orders: allOrders(ctx, ledger), v1Orders: allV1Orders(ctx) })
    case "GET /_sandbox/calls":
      return sendJson(res, 200, { ...ctx.calls })
    case "GET /_sandbox/cards":
      return sendJson(res, 200, { cards: [...ctx.state.cards.values()] })
    case "GET /_sandbox/notifications":
      return sendJson(res, 200, { attempts: ctx.notifier.list() })
    case "POST /_sandbox/settle": {
      const id = body.payOrderId
      if (id !== undefined && typeof id !== "string") {
        return sendJson(res, 400, { error: "payOrderId must be a string" })
      }
      try {
        return sendJson(res, 200, { settled: ledger.settle(id) })
      } catch (err) {
        if (err instanceof RequestError) return sendJson(res, 409, { error: err.message })
        throw err
      }
    }
    case "POST /_sandbox/reversals/settle":
      try {
        return sendJson(res, 200, settleReversal(ledger, body))
      } catch (err) {
        if (err instanceof ControlSpecError) return sendJson(res, 400, { error: err.message })
        if (err instanceof RequestError) return sendJson(res, 409, { error: err.message })
        throw err
      }
    case "POST /_sandbox/portal/refund":
      try {
        return sendJson(res, 200, portalRefund(ctx, ledger, body))
      } catch (err) {
        if (err instanceof ControlSpecError) return sendJson(res, 400, { error: err.message })
        if (err instanceof RequestError) return sendJson(res, 409, { error: err.message })
        throw err
      }
    case "POST /_sandbox/reset":
      resetSandbox(ctx)
      return sendJson(res, 200, { ok: true })
    case "GET /_sandbox/faults":
      return sendJson(res, 200, ctx.faults.list())
    case "POST /_sandbox/faults":
      try {
        return sendJson(res, 200, { added: ctx.faults.add(body), ...ctx.faults.list() })
      } catch (err) {
        if (err instanceof FaultSpecError) return sendJson(res, 400, { error: err.message })
        throw err
      }
    case "DELETE /_sandbox/faults":
      ctx.faults.clear()
      return sendJson(res, 200, ctx.faults.list())
    default:
      return sendJson(res, 404, { error: `no control route ${route}` })
  }
}
