import { signV1Message } from "../../src/iotpay"
import type { RunningSandbox } from "../../src/sandbox"

/** The signed v1 notify IOTPay would send for this paid v1 order (backType=2: server to server), as text fields. */
export function signedV1Notify(sandbox: RunningSandbox, payOrderId: string, secretKey: string) {
  const { sandbox: _s, notifyUrl: _n, extra: _e, ...record } = sandbox.v1.order(payOrderId)! as Record<string, unknown>
  const fields = Object.fromEntries(
    Object.entries<unknown>({ ...record, status: 2, backType: 2 })
      .filter(([, v]) => v !== undefined && v !== null && v !== "")
      .map(([k, v]) => [k, String(v)])
  )
  return signV1Message(fields, secretKey) as Record<string, string>
}

/** POSTs a v1 notify the way the sandbox does (fields in the query string and as a form body). */
export async function postV1Notify(medusaUrl: string, fields: Record<string, string>, configId = "iotpay") {
  const form = new URLSearchParams(fields).toString()
  const response = await fetch(`${medusaUrl}/hooks/iotpay/${configId}?${form}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
  })
  return { status: response.status, body: await response.text() }
}
