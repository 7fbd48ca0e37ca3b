import { createServer, type Server } from "node:http"
import { redactFields, verifySignature } from "../iotpay"
import type { Evidence, Finding, QuestionId } from "./findings"

/**
 * "How do notifies arrive?": with --notify-listen PORT (and --notify-url, the public URL that reaches it) the doctor
 * listens during the test payment and records every request exactly as it came: method, content type, where the
 * fields were (query string, form body, `params=` JSON in a form field, JSON body) and whether `sign` verifies.
 */
export interface NotifyDelivery {
  method: string
  path: string
  contentType: string
  query: Record<string, string>
  body: string
}

export interface NotifyListener {
  deliveries: NotifyDelivery[]
  close(): Promise<void>
}

const MAX_BODY = 64 * 1024

export function listenForNotifies(port: number, host = "0.0.0.0"): Promise<NotifyListener> {
  const deliveries: NotifyDelivery[] = []
  const server: Server = createServer(async (req, res) => {
    let body = ""
    for await (const chunk of req) {
      body += chunk
      if (body.length > MAX_BODY) break
    }
    const url = new URL(req.url ?? "/", "http://listener")
    deliveries.push({
      method: req.method ?? "",
      path: url.pathname,
      contentType: String(req.headers["content-type"] ?? ""),
      query: Object.fromEntries(url.searchParams),
      body: body.slice(0, MAX_BODY),
    })
    // V3 waits for "SUCCESS", v1 for "success" (docs/iotpay-protocol.md, docs/iotpay-v1-protocol.md §8): a JSON notify
    // is V3's.
    res.writeHead(200, { "content-type": "text/plain" }).end(body.trim().startsWith("{") ? "SUCCESS" : "success")
  })
  return new Promise((resolve, reject) => {
    server.once("error", (error) =>
      reject(new Error(`--notify-listen ${port}: cannot listen (${(error as Error).message})`))
    )
    server.listen(port, host, () =>
      resolve({
        deliveries,
        close: () => new Promise((done) => server.close(() => done())),
      })
    )
  })
}

type Place = "query string" | "form body" | "params= form field (JSON)" | "JSON body"

/** Every place of one delivery that carried fields, and the fields found there. */
function placesOf(d: NotifyDelivery): { place: Place; fields: Record<string, unknown> }[] {
  const found: { place: Place; fields: Record<string, unknown> }[] = []
  if (Object.keys(d.query).length) found.push({ place: "query string", fields: d.query })
  const text = d.body.trim()
  if (text.startsWith("{")) {
    try {
      found.push({ place: "JSON body", fields: JSON.parse(text) as Record<string, unknown> })
    } catch {
      /* neither JSON nor a form: nothing found in the body */
    }
  } else if (text) {
    const form = Object.fromEntries(new URLSearchParams(text))
    if (typeof form.params === "string" && form.params.trim().startsWith("{")) {
      try {
        found.push({ place: "params= form field (JSON)", fields: JSON.parse(form.params) as Record<string, unknown> })
      } catch {
        found.push({ place: "form body", fields: form })
      }
    } else if (Object.keys(form).length) {
      found.push({ place: "form body", fields: form })
    }
  }
  return found
}

/** The deliveries that are about one order (its mchOrderNo in any place). */
export function deliveriesFor(deliveries: NotifyDelivery[], mchOrderNo: string): NotifyDelivery[] {
  return deliveries.filter((d) => placesOf(d).some((p) => p.fields.mchOrderNo === mchOrderNo))
}

/** Waits until a delivery for `mchOrderNo` came in, or `ms` passed. */
export async function waitForDelivery(
  listener: NotifyListener,
  mchOrderNo: string,
  ms: number
): Promise<NotifyDelivery[]> {
  const deadline = Date.now() + ms
  for (;;) {
    const found = deliveriesFor(listener.deliveries, mchOrderNo)
    if (found.length || Date.now() >= deadline) return found
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export interface NotifyQuestion {
  id: Extract<QuestionId, "notify-delivery" | "v1-notify-delivery">
  api: "V3" | "v1"
  mchOrderNo?: string
}

const HOW_TO_ASK =
  "Not asked: run with --with-test-payment --notify-listen PORT --notify-url https://<public address reaching PORT>/notify " +
  "and the doctor listens for IOTPay's notify of the test payment."

/** The finding for one API's notify of the test payment. */
export function notifyFinding(
  q: NotifyQuestion,
  listener: NotifyListener | undefined,
  secretKey: string,
  notifyUrl: string
): Finding {
  const question = `How do ${q.api} notifies arrive (method, content type, encoding, where the fields are, signature)?`
  if (!listener || !q.mchOrderNo) {
    return { id: q.id, question, answer: HOW_TO_ASK, status: "unanswered", evidence: [] }
  }
  const got = deliveriesFor(listener.deliveries, q.mchOrderNo)
  if (got.length === 0) {
    return {
      id: q.id,
      question,
      answer: `No notify for ${q.mchOrderNo} reached ${notifyUrl} while the doctor listened. Check that the URL is public and reaches --notify-listen's port; the plugin still learns the payment by querying IOTPay.`,
      status: "warning",
      evidence: [],
    }
  }
  const d = got[0]
  const places = placesOf(d)
  const fields = places[0]?.fields ?? {}
  const sign = typeof fields.sign === "string" && fields.sign !== "" ? fields.sign : undefined
  const verifies = sign !== undefined && verifySignature(fields, secretKey)
  const charset = /charset=([^;]+)/i.exec(d.contentType)?.[1]
  const where = places.map((p) => p.place)
  const parts = [
    `${d.method} ${d.path}`,
    `content type ${d.contentType || "(none)"}`,
    `encoding ${charset ?? "not declared"}`,
    `fields in ${where.length ? where.join(" and ") : "no place the plugin reads"}`,
    sign === undefined
      ? "no sign field"
      : `sign field "sign" ${verifies ? "verifies" : "does NOT verify"} with the key`,
    `${got.length} deliver${got.length === 1 ? "y" : "ies"}`,
  ]
  const ok = d.method === "POST" && where.length > 0 && verifies
  return {
    id: q.id,
    question,
    answer: `${parts.join("; ")}.${ok ? " The plugin's notify route reads this." : " The plugin's notify route refuses a notify whose sign does not verify: tell IOTPay and the plugin's maintainers."}`,
    status: ok ? "ok" : "problem",
    evidence: [deliveryEvidence(d)],
  }
}

function deliveryEvidence(d: NotifyDelivery): Evidence {
  const places = placesOf(d)
  return {
    endpoint: `notify ${d.method} ${d.path}`,
    request: { contentType: d.contentType, places: places.map((p) => p.place) },
    response: redactFields(places[0]?.fields ?? {}),
  }
}
