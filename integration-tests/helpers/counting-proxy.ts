import { createServer, request, type IncomingMessage } from "node:http"

/** One request IOTPay received: its endpoint (the path's last segment) and the mchOrderNo it asked about. */
export type Seen = { endpoint: string; mchOrderNo: string }

/**
 * An HTTP pass-through in front of the sandbox's V3 API that records every request on the wire and how many were
 * in flight at once: what IOTPay itself would count. Must be called at the top level of a spec after useIotpayStack
 * and before medusaIntegrationTestRunner, so Medusa boots with IOTPAY_API_BASE pointing here.
 */
export function useCountingProxy(target: () => string) {
  const seen: Seen[] = []
  const counts = { inFlight: 0, maxInFlight: 0 }
  const server = createServer((req, res) => {
    void forward(req).then(
      ({ status, headers, body }) => {
        counts.inFlight--
        res.writeHead(status, headers).end(body)
      },
      (error: Error) => {
        counts.inFlight--
        res.writeHead(502).end(error.message)
      }
    )
  })
  const base = () => new URL(target())

  async function forward(req: IncomingMessage) {
    counts.maxInFlight = Math.max(counts.maxInFlight, ++counts.inFlight)
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const payload = Buffer.concat(chunks)
    seen.push({ endpoint: (req.url ?? "").split("?")[0].split("/").pop() ?? "", mchOrderNo: mchOrderNoOf(payload) })
    const upstream = base()
    return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: `${upstream.pathname.replace(/\/$/, "")}${(req.url ?? "").replace(/^\/v3/, "")}`,
          headers: { ...req.headers, host: upstream.host },
        },
        async (answer) => {
          const parts: Buffer[] = []
          for await (const part of answer) parts.push(part as Buffer)
          resolve({
            status: answer.statusCode ?? 502,
            headers: { "content-type": String(answer.headers["content-type"] ?? "application/json") },
            body: Buffer.concat(parts),
          })
        }
      )
      out.on("error", reject)
      out.end(payload)
    })
  }

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const { port } = server.address() as { port: number }
    process.env.IOTPAY_API_BASE = `http://127.0.0.1:${port}/v3`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  return {
    /** The mchOrderNo of every request to `endpoint` so far (cleared by reset). */
    asked: (endpoint: string) => seen.filter((s) => s.endpoint === endpoint).map((s) => s.mchOrderNo),
    maxInFlight: () => counts.maxInFlight,
    reset() {
      seen.length = 0
      counts.maxInFlight = counts.inFlight
    },
  }
}

function mchOrderNoOf(payload: Buffer): string {
  const text = payload.toString("utf8")
  try {
    return String((JSON.parse(text) as { mchOrderNo?: unknown }).mchOrderNo ?? "")
  } catch {
    return new URLSearchParams(text).get("mchOrderNo") ?? ""
  }
}
