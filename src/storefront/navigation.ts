/**
 * Where the kit may send the shopper's browser. IOTPay v1 answers are usually unsigned and v1 accepts any string as a
 * redirect (V3 requires http(s)), so nothing the gateway hands over is trusted as a place to go: a redirect must be
 * an http(s) URL (never `javascript:` or `data:`), and a wallet's HTML form is never written into the storefront's
 * page; only its action and fields are read, and only an action on a known payment host is posted to.
 */

/** The URL as a string when it is an absolute http(s) URL; undefined for anything else (`javascript:`, `data:`, …). */
export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined
}

/**
 * Hosts (and their subdomains) a wallet's form may post to, always over https: IOTPay's, and the cashiers IOTPay hands
 * the shopper to (Alipay's gateway, UnionPay's). Add others (e.g. the sandbox's origin) with `payFormOrigins`.
 */
export const PAY_FORM_HOSTS: readonly string[] = [
  "iotpaycloud.com",
  "iotpay.ca",
  "alipay.com",
  "alipayplus.com",
  "95516.com",
  "unionpay.com",
  "unionpayintl.com",
]

/** A wallet's form as data: what the browser posts, and where. */
export type PayForm = { action: string; method: "POST" | "GET"; fields: [name: string, value: string][] }

/**
 * Reads the first `<form>` of a wallet's HTML (its action, method and named inputs) and checks where it posts: an
 * https URL on one of {@link PAY_FORM_HOSTS}, or an exact origin of `extraOrigins`. Throws otherwise: the page then
 * shows an error instead of sending the shopper somewhere nobody vetted. Scripts and markup in the HTML are ignored.
 */
export function payFormOf(html: string, extraOrigins: readonly string[] = []): PayForm {
  const form = /<form\b([^>]*)>([\s\S]*?)(?:<\/form\s*>|$)/i.exec(html)
  if (!form) throw new Error("The wallet's payment form holds no <form>: start the payment again.")
  const attrs = attributesOf(form[1])
  const action = httpUrl(attrs.action)
  if (!action || !isKnownPayTarget(new URL(action), extraOrigins)) {
    throw new Error(
      `The wallet's payment form posts to ${JSON.stringify(attrs.action ?? "")}, which is not a known payment host; ` +
        `nothing was opened. Add its origin to payFormOrigins only if you trust it.`
    )
  }
  const fields: [string, string][] = []
  for (const input of form[2].matchAll(/<input\b([^>]*)>/gi)) {
    const field = attributesOf(input[1])
    if (field.name && !/^(submit|button|image|reset)$/i.test(field.type ?? "")) {
      fields.push([field.name, field.value ?? ""])
    }
  }
  return { action, method: /^get$/i.test(attrs.method ?? "") ? "GET" : "POST", fields }
}

function isKnownPayTarget(url: URL, extraOrigins: readonly string[]): boolean {
  if (extraOrigins.some((origin) => httpUrl(origin) && new URL(origin).origin === url.origin)) return true
  const host = url.hostname.toLowerCase()
  return url.protocol === "https:" && PAY_FORM_HOSTS.some((known) => host === known || host.endsWith(`.${known}`))
}

/** The attributes of a tag's inside (`name="v"`, `name='v'`, `name=v`), names lower-cased, entities decoded. */
function attributesOf(tagInside: string): Record<string, string> {
  const attrs: Record<string, string> = {}
  for (const m of tagInside.matchAll(/([^\s"'=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    const name = m[1].toLowerCase()
    if (!(name in attrs)) attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "")
  }
  return attrs
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] !== "#") return NAMED[code.toLowerCase()] ?? whole
    const point = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10)
    return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : whole
  })
}
