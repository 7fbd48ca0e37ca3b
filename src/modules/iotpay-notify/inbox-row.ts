import { maskCardNumber } from "../../iotpay/redact"

/** A verified IOTPay order record as the inbox receives it. */
export type InboxInput = {
  configId: string
  record: {
    payOrderId: string
    mchOrderNo?: string
    payType?: string
    status: number
    amount: number
    currency?: string
  }
}

/** Fields that never reach the table, whatever IOTPay (or a future version of it) puts in a notify. */
const DROPPED = new Set(["sign", "cvv", "secretkey", "key", "walletdata"])

/**
 * The record as stored: secrets dropped and the card number masked (IOTPay masks it already; this makes sure).
 * Other values are kept exactly, because a re-driven row is handed to the subscriber as the record it was.
 */
function storable(record: Record<string, unknown>) {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(record)) {
    if (DROPPED.has(k.toLowerCase())) continue
    out[k] = k.toLowerCase() === "cardnum" && v !== undefined && v !== null && v !== "" ? maskCardNumber(v) : v
  }
  return out
}

/** The columns of a notify row. */
export function toInboxRow({ configId, record }: InboxInput) {
  return {
    provider_config_id: configId,
    pay_order_id: record.payOrderId,
    mch_order_no: record.mchOrderNo ?? null,
    pay_type: record.payType ?? null,
    status: record.status,
    amount: record.amount,
    currency: record.currency ?? null,
    record: storable(record),
  }
}
