/**
 * Routing of the sandbox's HTTP server: /v3/ (IOTPay API, with fault injection), /hosted/ pages, /v1/ (the v1
 * General Order API and its wallet/cashier pages, v1/serve.ts), /_sandbox/.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { SandboxContext } from "./context"
import { answerV3, createV3Handlers, fail, misSigned, type V3Answer } from "./endpoints"
import { V3_ENDPOINTS, type V3Endpoint } from "./faults"
import { handleControl } from "./control"
import { handleHosted } from "./hosted-pages"
import { serveFaultable } from "./faultable"
import { RequestAbortedError, sendJson } from "./http"
import type { Ledger } from "./ledger"
import { V1Ledger } from "./v1/ledger"
import { createV1Server } from "./v1/serve"

const V3_ROUTE = /^\/v3\/([A-Za-z_]+)\/?$/
const API_CALL = /^\/v[13]\/([A-Za-z_]+)\/?$/
const HOSTED_ROUTE = /^\/hosted\/(pay|card)\/([0-9a-f]{64})$/
const endpointNames = new Set<string>(V3_ENDPOINTS)

export function createSandboxServer(ctx: SandboxContext, ledger: Ledger, v1: V1Ledger = new V1Ledger(ctx)): Server {
  const handlers = createV3Handlers(ctx, ledger)
  const serveV1 = createV1Server(ctx, v1)

  async function handleV3(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!endpointNames.has(name)) return sendJson(res, 404, fail(`unknown endpoint ${name}`))
    if (req.method !== "POST") return sendJson(res, 405, fail("POST required"))
    const endpoint = name as V3Endpoint
    return serveFaultable<V3Answer>(ctx, req, res, endpoint, {
      handle(text, fault) {
        if (text.trim() === "") return fail("empty body")
        let body: unknown
        try {
          body = JSON.parse(text)
        } catch {
          return fail("invalid JSON body")
        }
        return answerV3(ctx, handlers, endpoint, body, fault)
      },
      systemError: () => fail("system error"),
      tooLarge: () => fail("request body too large"),
      misSign: (answer) => misSigned(answer, ctx.options.secretKey),
      describe: (answer) => `${answer.retCode}${answer.retMsg ? ` (${answer.retMsg})` : ""}`,
    })
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]
    const call = req.method === "POST" ? API_CALL.exec(path)?.[1] : undefined
    if (call) ctx.calls[call] = (ctx.calls[call] ?? 0) + 1
    if (await serveV1(req, res, path)) return // /v1/ API and pages, /_sandbox/v1/
    const v3 = V3_ROUTE.exec(path)
    if (v3) return handleV3(req, res, v3[1])
    const hosted = HOSTED_ROUTE.exec(path)
    if (hosted) return handleHosted(ctx, ledger, req, res, hosted[1] as "pay" | "card", hosted[2])
    if (path.startsWith("/_sandbox/")) return handleControl(ctx, ledger, req, res, path)
    if (path === "/" && req.method === "GET") {
      const base = ctx.publicBase()
      return sendJson(res, 200, {
        name: "iotpay-sandbox",
        apiBase: `${base}/v3`,
        v1ApiBase: `${base}/v1`,
        control: "/_sandbox/",
      })
    }
    return sendJson(res, 404, { error: "not found" })
  }

  return createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof RequestAbortedError) return void res.destroy()
      // Never crash on a request: log and answer 500 if nothing was written yet.
      ctx.options.logger.error(
        `sandbox: ${req.method ?? ""} ${req.url ?? ""} failed: ${(err as Error).stack ?? String(err)}`
      )
      if (!res.headersSent) sendJson(res, 500, fail("system error"))
      else res.destroy()
    })
  })
}
