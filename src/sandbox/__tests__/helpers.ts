/** Shared test plumbing: a sandbox + IotpayClient pair, raw signed calls, the hosted form, a notify receiver. */
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { IotpayClient } from "../../iotpay"
import { withSignature } from "../../iotpay/sign"
import { startSandbox, TEST_CARDS, type RunningSandbox, type SandboxOptions } from "../index"

export const MERCHANT = { merchantId: "10000701", loginName: "demo", secretKey: "TESTKEY123" }

export interface Harness {
  sb: RunningSandbox
  client: IotpayClient
  close(): Promise<void>
}

export async function startHarness(
  options: SandboxOptions = {},
  clientOptions: Record<string, unknown> = {}
): Promise<Harness> {
  const sb = await startSandbox({ ...MERCHANT, notifyRetryDelaysMs: [0, 50, 100, 200, 400], ...options })
  const client = new IotpayClient({ ...MERCHANT, apiBase: sb.apiBase, ...clientOptions })
  return {
    sb,
    client,
    close: async () => {
      await client.close()
      await sb.close()
    },
  }
}

let seq = 0
/** Unique merchant ids per test run (≤ 30 chars). */
export function uid(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`
}

/** A signed (or deliberately mis-signed) request straight to /v3/, bypassing the client's own checks. */
export async function rawCall(
  sb: RunningSandbox,
  endpoint: string,
  params: Record<string, unknown>,
  opts: { key?: string; unsigned?: boolean } = {}
): Promise<{ status: number; json: Record<string, unknown> }> {
  const body = opts.unsigned ? params : withSignature(params, opts.key ?? MERCHANT.secretKey)
  const res = await fetch(`${sb.apiBase}/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/json;charset=UTF-8" },
    body: JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

export async function control(
  sb: RunningSandbox,
  method: string,
  path: string,
  body?: unknown
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sb.url}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

/** Next year's December: always in the future. */
export function futureExpiry(): string {
  return `12${String((new Date().getFullYear() + 1) % 100).padStart(2, "0")}`
}

export interface CardFields {
  cardNum: string
  expiryDate?: string
  cvv?: string
  holder?: string
}

/** Submits the hosted form like a browser would; returns the 303 Location (if any) and the page. */
export async function submitCard(
  redirectUrl: string,
  card: CardFields
): Promise<{ status: number; location: string | null; html: string }> {
  const form = new URLSearchParams({
    cardNum: card.cardNum,
    expiryDate: card.expiryDate ?? futureExpiry(),
    cvv: card.cvv ?? "123",
    holder: card.holder ?? "Test Shopper",
  })
  const res = await fetch(redirectUrl, { method: "POST", body: form, redirect: "manual" })
  return { status: res.status, location: res.headers.get("location"), html: await res.text() }
}

export function queryOf(location: string | null): Record<string, string> {
  if (!location) throw new Error("no Location header")
  return Object.fromEntries(new URL(location).searchParams)
}

export { waitFor } from "../../__tests__/support"

export interface NotifyReceiver {
  url: string
  received: Array<Record<string, unknown>>
  close(): Promise<void>
}

/** A merchant notify endpoint; `answers` is consumed one per request, then it answers "SUCCESS". */
export async function startNotifyReceiver(answers: string[] = []): Promise<NotifyReceiver> {
  const received: Array<Record<string, unknown>> = []
  const queue = [...answers]
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>)
      res.end(queue.shift() ?? "SUCCESS")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/iotpay/notify`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function purchaseInput(
  overrides: Partial<{
    mchOrderNo: string
    amount: number
    notifyUrl: string
    returnUrl: string
    channel: "PF_CC" | "UPI_EX"
  }> = {}
) {
  return {
    mchOrderNo: uid("O"),
    mchUserId: "user-1",
    amount: 1500,
    currency: "CAD" as const,
    notifyUrl: "http://127.0.0.1:9/notify",
    returnUrl: "https://shop.example.com/checkout/return",
    ...overrides,
  }
}

/** cc_purchase + hosted page with a card: the paid (or declined) order's mchOrderNo and the redirect query. */
export async function payHosted(
  h: Harness,
  cardNum: string,
  overrides: Parameters<typeof purchaseInput>[0] = {}
): Promise<{ mchOrderNo: string; result: Record<string, string> }> {
  const input = purchaseInput(overrides)
  const { redirectUrl } = await h.client.purchase(input)
  const submitted = await submitCard(redirectUrl, { cardNum })
  if (submitted.status !== 303) throw new Error(`hosted page answered ${submitted.status}: ${submitted.html}`)
  return { mchOrderNo: input.mchOrderNo, result: queryOf(submitted.location) }
}

/** rawCall with the merchant's mchId and loginName filled in; the parsed answer. */
export async function v3(
  sb: RunningSandbox,
  endpoint: string,
  fields: Record<string, unknown>
): Promise<{ retCode: string; retMsg: string; errCode?: string; retData?: Record<string, unknown> }> {
  const { json } = await rawCall(sb, endpoint, { mchId: MERCHANT.merchantId, loginName: MERCHANT.loginName, ...fields })
  return json as Awaited<ReturnType<typeof v3>>
}

/** A Visa payment of `amount` through the hosted page; its payOrderId. */
export async function paidPayOrderId(h: Harness, amount = 1000, notifyUrl?: string): Promise<string> {
  const { mchOrderNo } = await payHosted(h, TEST_CARDS.visa.number, { amount, ...(notifyUrl ? { notifyUrl } : {}) })
  const payment = h.sb.order(mchOrderNo)
  if (payment?.status !== 2) throw new Error(`payment ${mchOrderNo} not paid`)
  return payment.payOrderId
}
