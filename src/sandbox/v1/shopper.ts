/**
 * A shopper on the sandbox's v1 pages, over plain HTTP like a browser without JavaScript, for tests and demos:
 * scans a QR content (or opens a cashier URL) and approves, declines or leaves the payment unpaid.
 */
import type { ShopperAction } from "./names"

/** The sandbox page a QR content opens (through /v1/scan). */
export function v1ScanUrl(sandboxUrl: string, qrContent: string): string {
  return `${sandboxUrl.replace(/\/+$/, "")}/v1/scan?code=${encodeURIComponent(qrContent)}`
}

/**
 * Opens `url` (a wallet/cashier/jsapi page, or a v1ScanUrl), submits `action`, and returns where the shopper ends
 * up: `location` when sent back to the shop (cashier pages), else the result page's HTTP status and text.
 */
export async function actOnV1Page(
  url: string,
  action: ShopperAction
): Promise<{ status: number; location?: string; html: string }> {
  const opened = await fetch(url)
  const html = await opened.text()
  if (opened.status !== 200) throw new Error(`sandbox page answered ${opened.status}: ${html.slice(0, 200)}`)
  const formAction = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
  if (!formAction) throw new Error(`no form on the sandbox page at ${url}`)
  const submitted = await fetch(new URL(formAction.replace(/&amp;/g, "&"), opened.url), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ action }).toString(),
  })
  const location = submitted.headers.get("location") ?? undefined
  return { status: submitted.status, ...(location ? { location } : {}), html: await submitted.text() }
}
