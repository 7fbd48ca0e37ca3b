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
import { wordsFor, type PageWords } from "../page-words"
import { RequestError } from "../validate"
import type { V1Ledger } from "./ledger"
import { pageUrl, tokenOfQr, type PageKind } from "./links"
import { SHOPPER_ACTIONS, V1_STATUS, type ShopperAction } from "./names"
import type { V1Order } from "./state"

const FORM_LIMIT = 4 * 1024

/** What an order that can no longer be paid is, in the shopper's words (undefined: still payable). */
function statusText(words: PageWords, status: number): string | undefined {
  const w = words.wallet
  return { 2: w.paid, 3: w.paid, 4: w.closed, 9: w.cancelled }[status]
}

function walletName(words: PageWords, channelId: string): string {
  if (channelId.startsWith("WX_")) return words.wallet.names.wechat
  if (channelId.startsWith("ALIPAY_")) return words.wallet.names.alipay
  return words.wallet.names.unionpay
}

function money(o: V1Order): string {
  return `${o.currency} ${(o.amount / 100).toFixed(2)}`
}

function actionPage(words: PageWords, o: V1Order, kind: PageKind, token: string): string {
  const w = words.wallet
  const button = (action: ShopperAction, label: string) =>
    `<button type="submit" name="action" value="${action}" id="${action}">${escapeHtml(label)}</button> `
  const heading = w.heading(walletName(words, o.channelId), kind === "wallet" ? "wallet" : "cashier")
  return page(
    words,
    heading,
    `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(o.subject)}: <strong>${escapeHtml(money(o))}</strong></p>` +
      `<p class="note">${escapeHtml(w.orderIds(o.mchOrderNo, o.payOrderId))}</p>` +
      `<form method="post" action="/v1/${kind}/${token}">` +
      button("approve", w.pay(money(o))) +
      button("decline", w.cancel) +
      button("leave", w.leave) +
      `</form>`
  )
}

function resultPage(words: PageWords, o: V1Order, text: string): string {
  return page(
    words,
    text,
    `<h1 id="result" data-status="${o.status}">${escapeHtml(text)}</h1><p>${escapeHtml(money(o))}</p>`
  )
}

/** The order is paid, closed or cancelled: it can no longer be paid here. */
function closedPage(words: PageWords, o: V1Order): string {
  const closed = words.wallet.orderClosed
  return errorPage(words, { title: statusText(words, o.status) ?? closed.title, text: closed.text })
}

export async function handleV1Page(
  ledger: V1Ledger,
  req: IncomingMessage,
  res: ServerResponse,
  kind: PageKind,
  token: string
): Promise<void> {
  // The shopper's browser language: create_order takes none (docs/iotpay-v1-protocol.md), nor does a wallet page.
  const words = wordsFor(req)
  const order = ledger.state.orderByToken(token)
  if (!order) return sendHtml(res, 404, errorPage(words, words.notFound))
  if (order.status !== V1_STATUS.created && order.status !== V1_STATUS.paying) {
    return sendHtml(res, 409, closedPage(words, order))
  }
  if (req.method === "GET" || req.method === "HEAD") {
    return sendHtml(res, 200, actionPage(words, order, kind, token))
  }
  if (req.method !== "POST") {
    res.setHeader("allow", "GET, POST")
    return sendHtml(res, 405, errorPage(words, words.methodNotAllowed))
  }
  let action: string | null
  try {
    action = new URLSearchParams(await readBody(req, FORM_LIMIT)).get("action")
  } catch {
    return sendHtml(res, 413, errorPage(words, words.formTooLarge))
  }
  if (!SHOPPER_ACTIONS.includes(action as ShopperAction)) {
    const text = `action must be one of ${SHOPPER_ACTIONS.join(", ")}` // a hand-made request: for the developer
    return sendHtml(res, 400, errorPage(words, { title: words.badRequest, text }))
  }
  try {
    ledger.act(order, action as ShopperAction) // re-checked here: another tab may have paid meanwhile
  } catch (err) {
    if (!(err instanceof RequestError)) throw err
    return sendHtml(res, 409, closedPage(words, order))
  }
  if (action === "leave") return sendHtml(res, 200, resultPage(words, order, words.wallet.left))
  // A cashier sends the shopper back to the shop; IOTPay documents no parameters, so only a marker is added.
  if (kind !== "wallet" && order.returnUrl) {
    return redirect(res, appendQuery(order.returnUrl, { mchOrderNo: order.mchOrderNo }))
  }
  return sendHtml(res, 200, resultPage(words, order, statusText(words, order.status) ?? ""))
}

/** /v1/scan?code=<QR content>: the wallet app's camera, which opens the wallet page of that QR code. */
export function handleV1Scan(ctx: SandboxContext, ledger: V1Ledger, req: IncomingMessage, res: ServerResponse): void {
  const code = new URL(req.url ?? "/", "http://sandbox").searchParams.get("code") ?? ""
  const token = tokenOfQr(code)
  if (!token || !ledger.state.orderByToken(token)) {
    const words = wordsFor(req)
    return sendHtml(res, 404, errorPage(words, words.wallet.unknownQr))
  }
  return redirect(res, pageUrl(ctx.publicBase(), "wallet", token))
}
