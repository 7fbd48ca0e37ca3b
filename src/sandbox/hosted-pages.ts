/** The hosted card pages behind cc_purchase (/hosted/pay/<secureId>) and cc_addcard (/hosted/card/<secureId>). */
import type { IncomingMessage, ServerResponse } from "node:http"
import { checkCardInput, maskCardNum } from "./cards"
import type { SandboxContext } from "./context"
import { cardFormPage, errorPage, formatCad, type CardFormView } from "./html"
import { readBody, redirect, sendHtml } from "./http"
import type { Ledger } from "./ledger"
import { wordsFor } from "./page-words"
import { STATUS } from "./records"
import type { HostedSession } from "./state"
import { RequestError } from "./validate"

const FORM_LIMIT = 16 * 1024

/** Appends IOTPay's (unsigned) result parameters to returnUrl, keeping its own query and fragment. */
export function appendQuery(returnUrl: string, params: Record<string, string>): string {
  const hashAt = returnUrl.indexOf("#")
  const base = hashAt < 0 ? returnUrl : returnUrl.slice(0, hashAt)
  const hash = hashAt < 0 ? "" : returnUrl.slice(hashAt)
  const sep = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&"
  return `${base}${sep}${new URLSearchParams(params).toString()}${hash}`
}

export async function handleHosted(
  ctx: SandboxContext,
  ledger: Ledger,
  req: IncomingMessage,
  res: ServerResponse,
  kind: HostedSession["kind"],
  secureId: string
): Promise<void> {
  const words = wordsFor(req) // the shopper's browser language (IOTPay takes none in cc_purchase)
  const say = words.cardForm
  const session = ctx.state.sessions.get(secureId)
  if (!session || session.kind !== kind) return sendHtml(res, 404, errorPage(words, words.notFound))
  if (session.usedAt !== undefined) return sendHtml(res, 409, errorPage(words, words.pageUsed))
  if (Date.now() >= session.expiresAt) return sendHtml(res, 410, errorPage(words, words.pageExpired))
  const payment = session.payOrderId !== undefined ? ctx.state.payments.get(session.payOrderId) : undefined
  if (kind === "pay") {
    if (!payment) return sendHtml(res, 404, errorPage(words, words.orderGone))
    if (payment.record.status === STATUS.success || payment.upiCompleteAt !== undefined) {
      return sendHtml(res, 409, errorPage(words, words.orderPaid))
    }
  }
  const view: CardFormView =
    kind === "pay" && payment
      ? {
          heading: say.payHeading,
          summary: say.orderSummary(payment.record.mchOrderNo, formatCad(payment.record.amount)),
          action: `/hosted/pay/${secureId}`,
          buttonLabel: say.payButton(formatCad(payment.record.amount)),
        }
      : {
          heading: say.saveHeading,
          summary: say.saveSummary,
          action: `/hosted/card/${secureId}`,
          buttonLabel: say.saveButton,
        }

  if (req.method === "GET" || req.method === "HEAD") return sendHtml(res, 200, cardFormPage(words, view))
  if (req.method !== "POST") {
    res.setHeader("allow", "GET, POST")
    return sendHtml(res, 405, errorPage(words, words.methodNotAllowed))
  }

  let form: URLSearchParams
  try {
    form = new URLSearchParams(await readBody(req, FORM_LIMIT))
  } catch {
    return sendHtml(res, 413, errorPage(words, words.formTooLarge))
  }
  const entered = {
    cardNum: form.get("cardNum") ?? "",
    expiryDate: form.get("expiryDate") ?? "",
    cvv: form.get("cvv") ?? "",
    holder: form.get("holder") ?? "",
  }
  const checked = checkCardInput(entered, { expiryRequired: true })
  if (!checked.ok) {
    // Nothing charged: the shopper corrects the input on the same page.
    return sendHtml(
      res,
      422,
      cardFormPage(words, {
        ...view,
        error: say.problems[checked.problem],
        expiryDate: entered.expiryDate,
        holder: entered.holder,
      })
    )
  }
  // Re-checked after the await: a second tab may have used this page or paid the order meanwhile.
  if (session.usedAt !== undefined) return sendHtml(res, 409, errorPage(words, words.pageUsed))
  session.usedAt = Date.now()
  ctx.store.markDirty()
  const masked = maskCardNum(checked.card.cardNum)

  if (kind === "pay" && payment) {
    let declined: string | undefined
    try {
      declined = ledger.chargeHostedCard(payment, checked.card).declined
    } catch (err) {
      if (!(err instanceof RequestError)) throw err
      return sendHtml(res, 409, errorPage(words, words.orderPaid)) // the ledger's one refusal here
    }
    const r = payment.record
    ctx.options.logger.info(
      `sandbox: hosted payment ${r.payOrderId} card ${masked}: ${declined ?? `status ${r.status}`}`
    )
    const params: Record<string, string> = {
      mchOrderNo: r.mchOrderNo,
      retCode: declined ? "FAIL" : "SUCCESS",
      status: String(r.status),
    }
    if (declined) params.retMsg = declined
    return redirect(res, appendQuery(session.returnUrl, params))
  }

  let params: Record<string, string> = { retCode: "SUCCESS" }
  try {
    ledger.bindCard(session.cardId as string, checked.card)
  } catch (err) {
    if (!(err instanceof RequestError)) throw err
    params = { retCode: "FAIL", retMsg: err.message }
  }
  ctx.options.logger.info(`sandbox: add card ${session.cardId ?? ""} card ${masked}: ${params.retCode}`)
  return redirect(res, appendQuery(session.returnUrl, params))
}
