/** Small node:http helpers: bounded body reading and answers. */
import type { IncomingMessage, ServerResponse } from "node:http"

export class BodyTooLargeError extends Error {}
/** The client went away before the body was complete: nothing to answer. */
export class RequestAbortedError extends Error {}

/** Reads the whole body, refusing more than `limit` bytes (a simulator must not be knocked over by a big upload). */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BodyTooLargeError())
        req.resume() // drain and ignore the rest so the answer can still be written
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
    // A client that disconnects mid-body never sends "end"; without this the handler would wait forever.
    req.on("close", () => {
      if (!req.complete) reject(new RequestAbortedError("request aborted"))
    })
  })
}

export function sendJson(res: ServerResponse, status: number, data: unknown): void {
  send(res, status, "application/json;charset=UTF-8", JSON.stringify(data))
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, "text/html;charset=UTF-8", html)
}

export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) })
  res.end(body)
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, "content-length": 0 })
  res.end()
}

/** JSON body of a control request: empty means `{}`. Throws SyntaxError on bad JSON. */
export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === "") return {}
  const v: unknown = JSON.parse(text)
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new SyntaxError("body must be a JSON object")
  return v as Record<string, unknown>
}
