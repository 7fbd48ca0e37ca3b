import { IOTPAY_STATUS, type OrderRecord } from "../../iotpay"

const POLL_INTERVAL_MS = 500

/**
 * UnionPay ExpressPay confirms asynchronously: after the shopper approves, IOTPay reports the order pending for a
 * while (its own SDK polls up to 30 s). Authorize keeps asking for up to `waitMs` instead of failing the checkout;
 * if the order is still pending after that, it stays pending and the notify (or a later authorize) finishes it.
 */
export async function waitWhilePending(
  record: OrderRecord,
  waitMs: number,
  query: () => Promise<OrderRecord | null>
): Promise<OrderRecord> {
  const deadline = Date.now() + waitMs
  let current = record
  while (isPending(current) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_INTERVAL_MS, deadline - Date.now())))
    current = (await query()) ?? current
  }
  return current
}

const isPending = (record: OrderRecord) =>
  record.status === IOTPAY_STATUS.PENDING || record.status === IOTPAY_STATUS.UNKNOWN
