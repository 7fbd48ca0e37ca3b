/** /_sandbox/v1/ control routes and the order views shared with GET /_sandbox/orders and RunningSandbox.v1. */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { SandboxContext } from "../context"
import { parseJsonObject, readBody, sendJson } from "../http"
import { RequestError } from "../validate"
import type { V1Ledger } from "./ledger"
import { pageUrl } from "./links"
import { v1Record, v1RefundRecord } from "./records"
import { SHOPPER_ACTIONS, type ShopperAction } from "./names"
import type { V1Order, V1Refund } from "./state"

export type V1OrderView = (ReturnType<typeof v1Record> | ReturnType<typeof v1RefundRecord>) & {
  sandbox: {
    api: "v1"
    kind: "payment" | "refund"
    via?: V1Order["via"]
    returnUrl?: string
    refunded?: number
    refunds?: string[]
    /** Where a tester "scans" / pays this order. */
    walletPage?: string
    createdAt: string
  }
}

export type V1Act = ShopperAction | "close"
export const V1_ACTS: readonly V1Act[] = [...SHOPPER_ACTIONS, "close"]

export function v1View(ctx: SandboxContext, entry: { order?: V1Order; refund?: V1Refund }): V1OrderView {
  if (entry.order) {
    const o = entry.order
    return {
      ...v1Record(ctx.options.merchantId, o),
      sandbox: {
        api: "v1",
        kind: "payment",
        via: o.via,
        returnUrl: o.returnUrl,
        refunded: o.refunded,
        refunds: [...o.refundIds],
        walletPage: pageUrl(ctx.publicBase(), o.via === "payForSubmit" ? "jsapi" : "wallet", o.token),
        createdAt: new Date(o.createdAt).toISOString(),
      },
    }
  }
  const r = entry.refund as V1Refund
  return {
    ...v1RefundRecord(ctx.options.merchantId, r),
    sandbox: { api: "v1", kind: "refund", createdAt: new Date(r.createdAt).toISOString() },
  }
}

export function allV1Orders(ctx: SandboxContext): V1OrderView[] {
  return [
    ...[...ctx.v1.orders.values()].map((order) => v1View(ctx, { order })),
    ...[...ctx.v1.refunds.values()].map((refund) => v1View(ctx, { refund })),
  ]
}

/**
 * What a shopper or IOTPay does to an unpaid order, without a browser: approve / decline / leave (the wallet page's
 * buttons) or close (IOTPay expires it: status 4). By payOrderId or mchOrderNo. Throws RequestError when refused.
 */
export function actOnV1Order(ctx: SandboxContext, ledger: V1Ledger, id: string, action: V1Act): V1OrderView {
  const order = ledger.state.orders.get(id) ?? ledger.state.orderByMchOrderNo(id)
  if (!order) throw new RequestError("no such v1 order")
  if (action === "close") ledger.close(order)
  else ledger.act(order, action)
  return v1View(ctx, { order })
}

export async function handleV1Control(
  ctx: SandboxContext,
  ledger: V1Ledger,
  req: IncomingMessage,
  res: ServerResponse,
  path: string
): Promise<void> {
  const route = `${req.method ?? ""} ${path}`
  const one = /^GET \/_sandbox\/v1\/orders\/([^/]+)$/.exec(route)
  if (one) {
    const found = ledger.state.find(decodeURIComponent(one[1]))
    return found ? sendJson(res, 200, v1View(ctx, found)) : sendJson(res, 404, { error: "order not found" })
  }
  if (route === "GET /_sandbox/v1/orders") return sendJson(res, 200, { orders: allV1Orders(ctx) })
  if (route !== "POST /_sandbox/v1/act" && route !== "POST /_sandbox/v1/refunds/settle") {
    return sendJson(res, 404, { error: `no control route ${route}` })
  }
  let body: Record<string, unknown>
  try {
    body = parseJsonObject(await readBody(req, 16 * 1024))
  } catch (err) {
    return sendJson(res, 400, { error: `invalid JSON body: ${(err as Error).message}` })
  }
  if (route === "POST /_sandbox/v1/refunds/settle") return settleRefundRoute(ctx, ledger, res, body)
  const id = body.payOrderId ?? body.mchOrderNo
  if (typeof id !== "string") return sendJson(res, 400, { error: "payOrderId or mchOrderNo (string) is required" })
  if (!V1_ACTS.includes(body.action as V1Act)) {
    return sendJson(res, 400, { error: `action must be one of ${V1_ACTS.join(", ")}` })
  }
  try {
    return sendJson(res, 200, actOnV1Order(ctx, ledger, id, body.action as V1Act))
  } catch (err) {
    if (err instanceof RequestError) return sendJson(res, 409, { error: err.message })
    throw err
  }
}

/**
 * Completes (2) or fails (3) a v1 refund left pending by a `resultStatus` fault, by refundOrderId or mchRefundNo;
 * throws RequestError when there is no such refund or it is not pending.
 */
export function settleV1Refund(ctx: SandboxContext, ledger: V1Ledger, id: string, status: 2 | 3): V1OrderView {
  return v1View(ctx, { refund: ledger.settleRefund(id, status) })
}

/** POST /_sandbox/v1/refunds/settle {refundOrderId | mchRefundNo, status: 2 | 3}. */
function settleRefundRoute(ctx: SandboxContext, ledger: V1Ledger, res: ServerResponse, body: Record<string, unknown>) {
  const id = body.refundOrderId ?? body.mchRefundNo
  if (typeof id !== "string") return sendJson(res, 400, { error: "refundOrderId or mchRefundNo (string) is required" })
  if (body.status !== 2 && body.status !== 3) return sendJson(res, 400, { error: "status must be 2 or 3" })
  try {
    return sendJson(res, 200, settleV1Refund(ctx, ledger, id, body.status))
  } catch (err) {
    if (err instanceof RequestError) return sendJson(res, 409, { error: err.message })
    throw err
  }
}
