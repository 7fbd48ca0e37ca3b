/**
 * One API request with endpoint faults applied (faults.ts), shared by /v3/ and /v1/: the order in which faults act
 * is what makes them mean something (latency and http500 before any work; systemError instead of the work;
 * badSignature, commitThenHang and invalidJson after it), so it lives in one place.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { SandboxContext } from "./context"
import type { EndpointFault } from "./faults"
import { BodyTooLargeError, readBody, send } from "./http"

const API_BODY_LIMIT = 1024 * 1024

export interface FaultableApi<A extends object> {
  /** Handles the request body (after latency/http500), returning the answer; must not throw. */
  handle(text: string, fault: EndpointFault | undefined): A
  /** The answer to a systemError fault: nothing handled, nothing committed. */
  systemError(): A
  /** The answer to a body over the limit (HTTP 413). */
  tooLarge(): A
  /** The same answer with a well-formed but wrong sign. */
  misSign(answer: A): A
  /** For the log line. */
  describe(answer: A): string
}

export async function serveFaultable<A extends object>(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: string,
  api: FaultableApi<A>
): Promise<void> {
  const fault = ctx.faults.takeEndpoint(endpoint)
  let text: string
  try {
    text = await readBody(req, API_BODY_LIMIT)
  } catch (err) {
    if (err instanceof BodyTooLargeError) return sendJsonText(res, 413, JSON.stringify(api.tooLarge()))
    throw err
  }
  // A slow server still does the work once the request has arrived, even if the client stops waiting.
  if (fault?.latencyMs) await ctx.timers.delay(fault.latencyMs)
  if (fault?.http500) return send(res, 500, "text/plain", "Internal Server Error")

  let answer = fault?.systemError ? api.systemError() : api.handle(text, fault)
  if (fault?.badSignature) answer = api.misSign(answer)
  ctx.options.logger.info(`sandbox: ${endpoint} → ${api.describe(answer)}`)

  if (fault?.commitThenHang) {
    // The work is done; the answer never comes. The client's timeout (or close()) ends the connection.
    ctx.options.logger.warn(`sandbox: fault commitThenHang on ${endpoint}: answer withheld`)
    return
  }
  const json = JSON.stringify(answer)
  return sendJsonText(res, 200, fault?.invalidJson ? json.slice(0, Math.ceil(json.length / 2)) : json)
}

function sendJsonText(res: ServerResponse, status: number, json: string): void {
  send(res, status, "application/json;charset=UTF-8", json)
}
