/** v1 test plumbing: raw signed calls (the sandbox's own signing, never the client's) and a notify receiver. */
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import type { RunningSandbox } from "../../index"
import { signed } from "../../sign"

export { waitFor } from "../../../__tests__/support"

export const KEY = "TESTKEY123"
export const MCH = "10000701"
export const LOGIN = "demo"

let seq = 0
export const uid = (prefix: string) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`

/** A signed (or deliberately broken) request to /v1/<endpoint> as `params=<url-encoded JSON>`. */
export async function v1Call(
  sb: RunningSandbox,
  endpoint: string,
  params: Record<string, unknown>,
  opts: { key?: string; unsigned?: boolean; body?: string; method?: string; query?: string } = {}
): Promise<{ status: number; json: Record<string, unknown> }> {
  const message = opts.unsigned ? params : signed(params, opts.key ?? KEY)
  const res = await fetch(`${sb.v1.apiBase}/${endpoint}${opts.query ?? ""}`, {
    method: opts.method ?? "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body:
      opts.method === "GET"
        ? undefined
        : (opts.body ?? new URLSearchParams({ params: JSON.stringify(message) }).toString()),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

export function orderFields(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mchId: MCH,
    mchOrderNo: uid("O"),
    channelId: "WX_NATIVE",
    currency: "CAD",
    amount: 1999,
    clientIp: "203.0.113.7",
    device: "WEB",
    notifyUrl: "http://127.0.0.1:9/none",
    subject: "Order 1001",
    body: "2 items",
    extra: '{"productId":"P1"}',
    jobNo: LOGIN,
    ...over,
  }
}

export interface NotifyHit {
  method: string
  url: URL
  contentType: string
  body: string
}

/** A notify receiver answering `answers` in turn (then "success"). */
export async function startReceiver(
  answers: string[] = []
): Promise<{ url: string; hits: NotifyHit[]; close(): Promise<void> }> {
  const hits: NotifyHit[] = []
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = ""
    req.setEncoding("utf8")
    req.on("data", (c) => (body += c))
    req.on("end", () => {
      hits.push({
        method: req.method ?? "",
        url: new URL(req.url ?? "/", "http://x"),
        contentType: req.headers["content-type"] ?? "",
        body,
      })
      res.end(answers.shift() ?? "success")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/iotpay/notify`,
    hits,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
