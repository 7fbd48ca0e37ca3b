import { v1BadResponse } from "./failure"
import { V1_QR_CHANNELS, V1_REDIRECT_CHANNELS, type V1Channel } from "./channels"

/**
 * What the shopper does next, read from a create_order / payForSubmit answer. The docs and real answers disagree on
 * where things are (docs/iotpay-v1-protocol.md §4, §14.5), so every seen placement is tried, in the order real
 * integrations use.
 */
export type V1PayAction =
  /** Render `codeUrl` as a QR code for the shopper's wallet app to scan. */
  | { type: "qr"; codeUrl: string }
  /** Send the shopper's browser to `url`. */
  | { type: "redirect"; url: string }
  /** IOTPay handed back the wallet's auto-submitting HTML form (xxpay lineage): render it as the page. */
  | { type: "form"; html: string }
  /** App / mini-program channels: parameters for the wallet SDK (e.g. wx.requestPayment). */
  | { type: "sdk"; payParams: Record<string, unknown> }
  /** Merchant-scan and POS channels: nothing for the shopper to open; query the order. */
  | { type: "none" }

type Answer = {
  codeUrl?: string
  qr_code?: string
  code_url?: string
  url?: string
  retParams?: Record<string, unknown>
  payParams?: Record<string, unknown>
}

const REDIRECT_KEYS = ["alipayUrl", "unionpayUrl", "payUrl", "url", "redirectUrl"]

function firstString(from: Record<string, unknown> | undefined, keys: string[]): string | undefined {
  for (const key of keys) {
    const v = from?.[key]
    if (typeof v === "string" && v.trim() !== "") return v.trim()
  }
  return undefined
}

function qrContent(a: Answer): string | undefined {
  return a.codeUrl ?? a.qr_code ?? firstString(a.payParams, ["codeUrl", "code_url", "qr_code"]) ?? a.code_url
}

function redirectOrForm(value: string): V1PayAction {
  return value.startsWith("<") ? { type: "form", html: value } : { type: "redirect", url: value }
}

export function payActionOf(endpoint: string, channelId: V1Channel, answer: Answer): V1PayAction {
  const missing = (what: string) =>
    v1BadResponse(
      endpoint,
      `${channelId} order answered SUCCESS without ${what}; the order may exist at IOTPay, query it by mchOrderNo ` +
        `before opening another`
    )
  if (V1_QR_CHANNELS.includes(channelId)) {
    const codeUrl = qrContent(answer)
    if (!codeUrl) throw missing("QR content (codeUrl / qr_code / code_url)")
    return { type: "qr", codeUrl }
  }
  if (V1_REDIRECT_CHANNELS.includes(channelId)) {
    const url = firstString(answer.retParams, REDIRECT_KEYS) ?? answer.url
    if (!url) throw missing("a cashier URL (retParams.alipayUrl / unionpayUrl)")
    return redirectOrForm(url)
  }
  if (answer.payParams) return { type: "sdk", payParams: answer.payParams }
  return { type: "none" }
}

/** payForSubmit: `url` to open inside WeChat, or `code_url` when qrcode_pay=1 was asked for. */
export function jsapiActionOf(endpoint: string, answer: Answer, qrMode: boolean): V1PayAction {
  const codeUrl = answer.code_url ?? answer.codeUrl
  if (qrMode && codeUrl) return { type: "qr", codeUrl }
  if (answer.url) return redirectOrForm(answer.url)
  if (codeUrl) return { type: "qr", codeUrl }
  throw v1BadResponse(
    endpoint,
    "payForSubmit answered SUCCESS without url or code_url; query the order by mchOrderNo before trying again"
  )
}
