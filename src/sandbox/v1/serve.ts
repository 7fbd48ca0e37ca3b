/** Everything the sandbox server routes to v1: the API, the shopper's pages, the /_sandbox/v1/ control routes. */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { SandboxContext } from "../context"
import { handleV1Control } from "./control"
import type { V1Ledger } from "./ledger"
import { handleV1Page, handleV1Scan } from "./pages"
import { createV1Route } from "./route"

const API_ROUTE = /^\/v1\/([A-Za-z_]+)\/?$/
const PAGE_ROUTE = /^\/v1\/(wallet|cashier|jsapi)\/([0-9a-f]{32})$/

/** A handler for v1 paths: resolves true when it answered, false when the path is not v1's. */
export function createV1Server(ctx: SandboxContext, ledger: V1Ledger) {
  const handleApi = createV1Route(ctx, ledger)
  return async function serveV1(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path === "/v1/scan" && req.method === "GET") {
      handleV1Scan(ctx, ledger, req, res)
      return true
    }
    const pageMatch = PAGE_ROUTE.exec(path)
    if (pageMatch) {
      await handleV1Page(ledger, req, res, pageMatch[1] as "wallet" | "cashier" | "jsapi", pageMatch[2])
      return true
    }
    const api = API_ROUTE.exec(path)
    if (api) {
      await handleApi(req, res, api[1])
      return true
    }
    if (path.startsWith("/_sandbox/v1/")) {
      await handleV1Control(ctx, ledger, req, res, path)
      return true
    }
    return false
  }
}
