/** HTTP side of /v1/<endpoint>: method and body decoding (`params=<JSON>`); faults and answering are faultable.ts's. */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { SandboxContext } from "../context"
import { serveFaultable } from "../faultable"
import { sendJson } from "../http"
import type { Fields } from "../validate"
import { answerV1, createV1Handlers, failV1, type V1Answer } from "./endpoints"
import { V1_ERR } from "./errors"
import type { V1Ledger } from "./ledger"
import { V1_ENDPOINTS, type V1Endpoint } from "./names"
import { misSignedV1 } from "./sign"

const names = new Set<string>(V1_ENDPOINTS)

/**
 * The request's fields. IOTPay's servers read `params` as a servlet parameter (docs/iotpay-v1-protocol.md §1): from a
 * form body, URL- encoded or not (PHP's sample posts raw JSON, which decodes fine unless it holds & + %), or from the
 * query string.
 */
function decode(text: string, rawUrl: string): { fields: Fields } | { refused: V1Answer } {
  const fromBody = new URLSearchParams(text).get("params")
  const params = fromBody ?? new URL(rawUrl, "http://sandbox").searchParams.get("params")
  if (params === null || params.trim() === "") {
    return { refused: failV1("empty body: expected params=<JSON>", V1_ERR.emptyBody) }
  }
  try {
    const value: unknown = JSON.parse(params)
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return { fields: value as Fields }
  } catch {
    /* refused below */
  }
  return { refused: failV1("parameter error: params is not a JSON object", V1_ERR.parameter) }
}

export function createV1Route(ctx: SandboxContext, ledger: V1Ledger) {
  const handlers = createV1Handlers(ctx, ledger)

  return async function handleV1Api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!names.has(name)) return sendJson(res, 404, failV1(`unknown endpoint ${name}`))
    if (req.method !== "POST") return sendJson(res, 405, failV1("POST required", V1_ERR.postRequired))
    const endpoint = name as V1Endpoint
    return serveFaultable<V1Answer>(ctx, req, res, endpoint, {
      handle(text, fault) {
        const decoded = decode(text, req.url ?? "/")
        return "refused" in decoded ? decoded.refused : answerV1(ctx, handlers, endpoint, decoded.fields, fault)
      },
      systemError: () => failV1("system error", V1_ERR.system),
      tooLarge: () => failV1("request body too large"),
      misSign: misSignedV1,
      describe: (a) => `${a.retCode}/${String(a.resCode ?? "-")}${a.errCode ? ` (${String(a.errCode)})` : ""}`,
    })
  }
}
