import { withSignature } from "../../src/iotpay"
import type { RunningSandbox } from "../../src/sandbox"

/** The order record IOTPay would notify for this payment (sandbox-only fields dropped), unsigned. */
export function notifyFields(sandbox: RunningSandbox, payOrderId: string): Record<string, unknown> {
  const { sandbox: _extra, sign: _sign, ...record } = sandbox.order(payOrderId) as unknown as Record<string, unknown>
  return record
}

export const signed = (fields: Record<string, unknown>, key: string) => withSignature(fields, key)

export async function postNotify(medusaUrl: string, body: Record<string, unknown>, configId = "iotpay") {
  const response = await fetch(`${medusaUrl}/hooks/iotpay/${configId}`, {
    method: "POST",
    headers: { "content-type": "application/json;charset=UTF-8" },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.text() }
}
