/**
 * The sandbox's stand-ins for the shopper's side: /v1/wallet/<token> (the wallet app after scanning a QR code),
 * /v1/cashier/<token> (Alipay / UnionPay web cashier), /v1/jsapi/<token> (IOTPay's page inside WeChat), and
 * /v1/scan?code=<QR content> (the camera). Plain HTML forms, no script, every value escaped.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { SandboxContext } from "../context"
import { appendQuery } from "../hosted-pages"
import { errorPage, escapeHtml, page } from "../html"
import { readBody, redirect, sendHtml } from "../http"
import { RequestError } from "../validate"
import type { V1Ledger } from "./ledger"
import { pageUrl, tokenOfQr, type PageKind } from "./links"
import { SHOPPER_ACTIONS, V1_STATUS, type ShopperAction } from "./names"
import type { V1Order } from "./state"

const FORM_LIMIT = 4 * 1024
const STATUS_TEXT: Record<number, string> = {
  2: "Paid",
  3: "Paid",
  4: "Closed by IOTPay",
  9: "Cancelled by the shopper",
}

function walletName(channelId: string): string {
  if (channelId.startsWith("WX_")) return "WeChat Pay"
  if (channelId.startsWith("ALIPAY_")) return "Alipay"
  return "UnionPay"
}

function money(o: V1Order): string {
  return `${o.currency} ${(o.amount / 100).toFixed(2)}`
}

function actionPage(o: V1Order, kind: PageKind, token: string): string {
  const button = (action: ShopperAction, label: string) =>
    `<button type="submit" name="action" value="${action}" id="${action}">${escapeHtml(label)}</button> `
  const heading = `${walletName(o.channelId)} (sandbox ${kind === "wallet" ? "wallet" : "cashier"})`
  return page(
    heading,
    `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(o.subject)}: <strong>${escapeHtml(money(o))}</strong></p>` +
      `<p class="note">Merchant order ${escapeHtml(o.mchOrderNo)}, IOTPay order ${escapeHtml(o.payOrderId)}</p>` +
      `<form method="post" action="/v1/${kind}/${token}">` +
      button("approve", `Pay ${money(o)}`) +
      button("decline", "Cancel payment") +
      button("leave", "Leave unpaid") +
      `</form>`
  )
}

function resultPage(o: V1Order, text: string): string {
  return page(text, `<h1 id="result" data-status="${o.status}">${escapeHtml(text)}</h1><p>${escapeHtml(money(o))}</p>`)
}

export async function handleV1Page(
  ledger: V1Ledger,
  req: IncomingMessage,
  res: ServerResponse,
  kind: PageKind,
  token: string
): Promise<void> {
  const order = ledger.state.orderByToken(token)
  if (!order) return sendHtml(res, 404, errorPage("Page not found", "This payment page does not exist."))
  if (order.status !== V1_STATUS.created && order.status !== V1_STATUS.paying) {
    return sendHtml(
      res,
      409,
      errorPage(STATUS_TEXT[order.status] ?? "Order closed", "This order can no longer be paid.")
    )
  }
  if (req.method === "GET" || req.method === "HEAD") return sendHtml(res, 200, actionPage(order, kind, token))
  if (req.method !== "POST") {
    res.setHeader("allow", "GET, POST")
    return sendHtml(res, 405, errorPage("Method not allowed", "Use GET or POST."))
  }
  let action: string | null
  try {
    action = new URLSearchParams(await readBody(req, FORM_LIMIT)).get("action")
  } catch {
    return sendHtml(res, 413, errorPage("Bad request", "The form is too large."))
  }
  if (!SHOPPER_ACTIONS.includes(action as ShopperAction)) {
    return sendHtml(res, 400, errorPage("Bad request", `action must be one of ${SHOPPER_ACTIONS.join(", ")}`))
  }
  try {
    ledger.act(order, action as ShopperAction) // re-checked here: another tab may have paid meanwhile
  } catch (err) {
    if (!(err instanceof RequestError)) throw err
    return sendHtml(res, 409, errorPage("Order closed", err.message))
  }
  if (action === "leave") return sendHtml(res, 200, resultPage(order, "Left without paying"))
  // A cashier sends the shopper back to the shop; IOTPay documents no parameters, so only a marker is added.
  if (kind !== "wallet" && order.returnUrl) {
    return redirect(res, appendQuery(order.returnUrl, { mchOrderNo: order.mchOrderNo }))
  }
  return sendHtml(res, 200, resultPage(order, STATUS_TEXT[order.status]))
}

/** /v1/scan?code=<QR content>: the wallet app's camera, which opens the wallet page of that QR code. */
export function handleV1Scan(ctx: SandboxContext, ledger: V1Ledger, rawUrl: string, res: ServerResponse): void {
  const code = new URL(rawUrl, "http://sandbox").searchParams.get("code") ?? ""
  const token = tokenOfQr(code)
  if (!token || !ledger.state.orderByToken(token)) {
    return sendHtml(res, 404, errorPage("Unknown QR code", "This QR code was not issued by this sandbox."))
  }
  return redirect(res, pageUrl(ctx.publicBase(), "wallet", token))
}
