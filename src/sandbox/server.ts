/** Routing of the sandbox's HTTP server: /v3/ (IOTPay API, with fault injection), /hosted/ pages, /_sandbox/. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { SandboxContext } from "./context"
import { answerV3, createV3Handlers, fail, misSigned, type V3Answer } from "./endpoints"
import { V3_ENDPOINTS, type V3Endpoint } from "./faults"
import { handleControl } from "./control"
import { handleHosted } from "./hosted-pages"
import { BodyTooLargeError, readBody, RequestAbortedError, send, sendJson } from "./http"
import type { Ledger } from "./ledger"

const API_BODY_LIMIT = 1024 * 1024
const V3_ROUTE = /^\/v3\/([A-Za-z_]+)\/?$/
const HOSTED_ROUTE = /^\/hosted\/(pay|card)\/([0-9a-f]{64})$/
const endpointNames = new Set<string>(V3_ENDPOINTS)

export function createSandboxServer(ctx: SandboxContext, ledger: Ledger): Server {
  const handlers = createV3Handlers(ctx, ledger)

  async function handleV3(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!endpointNames.has(name)) return sendJson(res, 404, fail(`unknown endpoint ${name}`))
    if (req.method !== "POST") return sendJson(res, 405, fail("POST required"))
    const endpoint = name as V3Endpoint
    const fault = ctx.faults.takeEndpoint(endpoint)
    let text: string
    try {
      text = await readBody(req, API_BODY_LIMIT)
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, fail("request body too large"))
      throw err
    }
    // A slow server still does the work once the request has arrived, even if the client stops waiting.
    if (fault?.latencyMs) await ctx.timers.delay(fault.latencyMs)
    if (fault?.http500) return send(res, 500, "text/plain", "Internal Server Error")

    let answer: V3Answer
    if (fault?.systemError) {
      answer = fail("system error") // nothing handled, nothing committed
    } else if (text.trim() === "") {
      answer = fail("empty body")
    } else {
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        body = undefined
      }
      answer = body === undefined ? fail("invalid JSON body") : answerV3(ctx, handlers, endpoint, body, fault)
    }
    if (fault?.badSignature) answer = misSigned(answer, ctx.options.secretKey)
    ctx.options.logger.info(`sandbox: ${endpoint} → ${answer.retCode}${answer.retMsg ? ` (${answer.retMsg})` : ""}`)

    if (fault?.commitThenHang) {
      // The work is done; the answer never comes. The client's timeout (or close()) ends the connection.
      ctx.options.logger.warn(`sandbox: fault commitThenHang on ${endpoint}: answer withheld`)
      return
    }
    if (fault?.invalidJson) {
      const json = JSON.stringify(answer)
      return send(res, 200, "application/json;charset=UTF-8", json.slice(0, Math.ceil(json.length / 2)))
    }
    return sendJson(res, 200, answer)
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]
    const v3 = V3_ROUTE.exec(path)
    if (v3) return handleV3(req, res, v3[1])
    const hosted = HOSTED_ROUTE.exec(path)
    if (hosted) return handleHosted(ctx, ledger, req, res, hosted[1] as "pay" | "card", hosted[2])
    if (path.startsWith("/_sandbox/")) return handleControl(ctx, ledger, req, res, path)
    if (path === "/" && req.method === "GET") {
      return sendJson(res, 200, { name: "iotpay-sandbox", apiBase: `${ctx.publicBase()}/v3`, control: "/_sandbox/" })
    }
    return sendJson(res, 404, { error: "not found" })
  }

  return createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof RequestAbortedError) return void res.destroy()
      // Never crash on a request: log and answer 500 if nothing was written yet.
      ctx.options.logger.error(`sandbox: ${req.method ?? ""} ${req.url ?? ""} failed: ${(err as Error).stack ?? String(err)}`)
      if (!res.headersSent) sendJson(res, 500, fail("system error"))
      else res.destroy()
    })
  })
}
