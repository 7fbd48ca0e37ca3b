/**
 * How the sandbox delivers a v1 notify (docs/iotpay-v1-protocol.md §8, lineage): POST to notifyUrl with every signed
 * field in the query string (the reason notifyUrl may not carry a `?`) and the same fields as a form body, backType=2;
 * the receiver must answer `success`. Retries, faults and the attempt log are the shared Notifier's.
 */
import type { NotifyEncoding } from "../notifier"

export function v1NotifyEncoding(fields: Record<string, unknown>, onAcknowledged: () => void): NotifyEncoding {
  const form = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) form.append(k, v === undefined || v === null ? "" : String(v))
  const text = form.toString()
  return {
    encode: (url) => ({
      url: `${url}?${text}`,
      contentType: "application/x-www-form-urlencoded;charset=UTF-8",
      body: text,
    }),
    onAcknowledged,
  }
}
