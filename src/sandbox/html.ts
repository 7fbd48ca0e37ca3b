/** The hosted pages' HTML: plain, no script, every interpolated value escaped. */
import { TEST_CARDS } from "./cards"
import type { Notice, PageWords } from "./page-words"

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}" +
  "label{display:block;margin-top:.8rem}input{width:100%;padding:.4rem;box-sizing:border-box}" +
  "button{margin-top:1.2rem;padding:.6rem 1.2rem}.error{color:#b00020}.note{color:#555;font-size:.85rem}"

/** A whole page in the shopper's language (`words`, see page-words.ts). */
export function page(words: PageWords, title: string, content: string): string {
  return (
    `<!doctype html><html lang="${words.lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>` +
    `<style>${STYLE}</style></head><body><main><p class="note">${escapeHtml(words.sandboxNote)}</p>` +
    `${content}</main></body></html>`
  )
}

export interface CardFormView {
  heading: string
  summary: string
  action: string
  buttonLabel: string
  error?: string
  /** Values to keep on re-render; the card number and CVV are never echoed back. */
  expiryDate?: string
  holder?: string
}

function input(name: string, label: string, attrs: string, value = ""): string {
  return (
    `<label for="${name}">${escapeHtml(label)}</label>` +
    `<input name="${name}" id="${name}" ${attrs} value="${escapeHtml(value)}">`
  )
}

export function cardFormPage(words: PageWords, view: CardFormView): string {
  const label = words.cardForm
  const cards = Object.values(TEST_CARDS)
    .map((c) => `<li><code>${c.number}</code> ${escapeHtml(c.brand)}: ${escapeHtml(c.description)}</li>`)
    .join("")
  return page(
    words,
    view.heading,
    `<h1>${escapeHtml(view.heading)}</h1><p>${escapeHtml(view.summary)}</p>` +
      (view.error ? `<p class="error" id="error" role="alert">${escapeHtml(view.error)}</p>` : "") +
      `<form method="post" action="${escapeHtml(view.action)}">` +
      input("cardNum", label.cardNum, 'inputmode="numeric" autocomplete="cc-number"') +
      input(
        "expiryDate",
        label.expiry,
        'inputmode="numeric" autocomplete="cc-exp" placeholder="MMYY"',
        view.expiryDate
      ) +
      input("cvv", label.cvv, 'inputmode="numeric" autocomplete="cc-csc"') +
      input("holder", label.holder, 'autocomplete="cc-name"', view.holder) +
      `<button type="submit" id="submit">${escapeHtml(view.buttonLabel)}</button></form>` +
      `<details class="note"><summary>${escapeHtml(label.testCards)}</summary><ul>${cards}</ul></details>`
  )
}

export function errorPage(words: PageWords, { title, text }: Notice): string {
  return page(words, title, `<h1>${escapeHtml(title)}</h1><p class="error" id="error">${escapeHtml(text)}</p>`)
}

export function formatCad(cents: number): string {
  return `CAD ${(cents / 100).toFixed(2)}`
}
