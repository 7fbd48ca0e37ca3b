// The shared HTTP leg: its headers timeout is kept to the millisecond, so short timeouts (and tests) wait no longer.
import http from "node:http"
import type { AddressInfo } from "node:net"
import { IotpayOutcomeUnknownError } from "../errors"
import { GatewayTransport } from "../transport"

let server: http.Server
let base: URL
let answer: (res: http.ServerResponse) => void
const transports: GatewayTransport[] = []

beforeEach(async () => {
  answer = () => undefined // never answers
  server = http.createServer((req, res) => {
    req.resume()
    req.on("end", () => answer(res))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`)
})

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close().catch(() => undefined)))
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

function transport(headersTimeoutMs: number, bodyTimeoutMs = 2_000) {
  const t = new GatewayTransport(base, { headersTimeoutMs, bodyTimeoutMs })
  transports.push(t)
  return t
}

it("no headers within headersTimeoutMs: outcome unknown, on time (undici's own timer fires a second late)", async () => {
  const started = Date.now()
  const e = await transport(150)
    .postForJson("cc_refund", "application/json", "{}")
    .catch((err: unknown) => err)
  const waited = Date.now() - started
  expect(e).toBeInstanceOf(IotpayOutcomeUnknownError)
  expect((e as Error).message).toContain("no response headers within the timeout")
  expect((e as Error).message).toContain("cc_query")
  expect(waited).toBeGreaterThanOrEqual(140)
  expect(waited).toBeLessThan(800)
})

it("the headers timer stops once headers arrive: a body slower than it is still read", async () => {
  answer = (res) => {
    res.writeHead(200, { "content-type": "application/json" })
    res.flushHeaders()
    setTimeout(() => res.end('{"retCode":"SUCCESS"}'), 200)
  }
  const t = transport(80)
  expect(await t.postForJson("cc_query", "application/json", "{}")).toEqual({
    status: 200,
    body: { retCode: "SUCCESS" },
  })
  // The timer of that call has not fired since, nor does it touch the next call on the same connection.
  answer = (res) => res.end("{}")
  expect((await t.postForJson("cc_query", "application/json", "{}")).status).toBe(200)
})
