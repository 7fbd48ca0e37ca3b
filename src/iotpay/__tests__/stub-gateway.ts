/**
 * A stand-in IOTPay for the gateway client tests (V3 and v1): a local HTTP server, started before and closed after
 * each test, that records every request and answers with the queued handlers, one per request, then `fallback`.
 */
import http from "node:http"
import type { AddressInfo } from "node:net"

export interface StubRequest<B> {
  path: string
  headers: http.IncomingHttpHeaders
  contentType: string
  /** The request body as `parse` read it. */
  body: B
}
export type StubHandler<B> = (req: StubRequest<B>, res: http.ServerResponse) => void

export function reply(res: http.ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { "content-type": "application/json;charset=UTF-8" })
  res.end(typeof body === "string" ? body : JSON.stringify(body))
}
/** Never answers (the client's timeout ends the wait). */
export const hang: StubHandler<unknown> = () => undefined
/** Closes the connection after reading the request: no answer, and the request did arrive. */
export const reset: StubHandler<unknown> = (_req, res) => void res.socket?.destroy()

export interface StubGateway<B> {
  /** `http://127.0.0.1:<port><basePath>`, for the test's client. */
  readonly url: string
  readonly received: StubRequest<B>[]
  /** Consumed one per request. */
  readonly handlers: StubHandler<B>[]
  /** Answers once `handlers` is empty; reset to the default before each test. */
  fallback: StubHandler<B>
  /** TCP connections opened in this test. */
  readonly connections: number
  /** Closes `closable` (a client) after the test, before the server. */
  closeAfter<C extends { close(): Promise<void> }>(closable: C): C
}

export function useStubGateway<B>(
  basePath: string,
  parse: (text: string) => B,
  defaultFallback: () => StubHandler<B>
): StubGateway<B> {
  let server: http.Server
  let port = 0
  let connections = 0
  const closables: { close(): Promise<void> }[] = []
  const stub = {
    get url() {
      return `http://127.0.0.1:${port}${basePath}`
    },
    received: [] as StubRequest<B>[],
    handlers: [] as StubHandler<B>[],
    fallback: hang as StubHandler<B>, // set before each test
    get connections() {
      return connections
    },
    closeAfter<C extends { close(): Promise<void> }>(closable: C): C {
      closables.push(closable)
      return closable
    },
  }

  beforeEach(async () => {
    stub.received.length = 0
    stub.handlers.length = 0
    stub.fallback = defaultFallback()
    connections = 0
    server = http.createServer((req, res) => {
      let text = ""
      req.setEncoding("utf8")
      req.on("data", (c) => (text += c))
      req.on("end", () => {
        const contentType = req.headers["content-type"] ?? ""
        const r: StubRequest<B> = { path: req.url ?? "", headers: req.headers, contentType, body: parse(text) }
        stub.received.push(r)
        ;(stub.handlers.shift() ?? stub.fallback)(r, res)
      })
    })
    server.on("connection", () => connections++)
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    port = (server.address() as AddressInfo).port
  })

  afterEach(async () => {
    await Promise.all(closables.splice(0).map((c) => c.close().catch(() => undefined)))
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  return stub
}
