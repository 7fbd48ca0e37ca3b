/**
 * The language of the sandbox's shopper pages (hosted card page, wallet, cashier), read from the browser's
 * Accept-Language: IOTPay's create calls take no language field (cc_purchase, create_order), so the page follows
 * what the shopper's browser asks for, as a hosted page on the open web does. English, French and Simplified
 * Chinese, like the storefront kit.
 */
import type { IncomingMessage } from "node:http"

export type PageLocale = "en" | "fr" | "zh"

/**
 * The first of en / fr / zh the header prefers (q-values honoured, q=0 excluded; `fr-CA` → fr, `zh-CN` → zh),
 * else English.
 *
 * @example pageLocaleOf("zh-CN,zh;q=0.9,en;q=0.8") // "zh"
 */
export function pageLocaleOf(acceptLanguage: string | string[] | undefined): PageLocale {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(",") : (acceptLanguage ?? "")
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";")
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)).find(Boolean)
      return { language: tag.trim().toLowerCase().split(/[-_]/)[0], q: q ? Number(q[1]) : 1, index }
    })
    .filter((entry) => entry.q > 0 && entry.language !== "")
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { language } of ranked) {
    if (language === "en" || language === "fr" || language === "zh") return language
  }
  return "en"
}

export function pageLocale(req: IncomingMessage): PageLocale {
  return pageLocaleOf(req.headers["accept-language"])
}
