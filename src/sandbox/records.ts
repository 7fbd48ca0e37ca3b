/** IOTPay's order record (cc_query, purchases, refund, void, notify) and the ids/times it carries. */
import { randomInt } from "node:crypto"

export const STATUS = { pending: 0, unknown: 1, success: 2, failed: 9 } as const
export type OrderStatus = (typeof STATUS)[keyof typeof STATUS]

/** Field names and meanings exactly as docs/003 and docs/000 list them. */
export interface OrderRecord {
  payOrderId: string
  mchId: string
  /** On refund/void records: the merchant's mchRefundNo. */
  mchOrderNo: string
  /** The payment a refund/void belongs to; "" on payments. */
  originalOrderId: string
  amount: number
  currency: string
  payType: "pay" | "refund"
  refundable: number
  status: OrderStatus
  invoiceNum: string
  paySuccTime: string
  cardNum: string
  cardType: string
  expiryDate: string
  authNum: string
  transNum: string
  channel: string
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/** IOTPay's `YYYY-MM-DD HH:mm:ss`, in the sandbox's local time zone. */
export function formatPayTime(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  )
}

export function randomDigits(count: number): string {
  let out = ""
  while (out.length < count) out += pad(randomInt(0, 1_000_000), 6)
  return out.slice(0, count)
}

/** `PC`/`RP` + yyyyMMddHHmmss + 12 random digits = 28 characters, the shape of the documented samples. */
export function newOrderId(prefix: string, taken: (id: string) => boolean, now = new Date()): string {
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`
  for (;;) {
    const id = `${prefix}${stamp}${randomDigits(12)}`
    if (!taken(id)) return id
  }
}

/** A record not (or not yet) approved: no processor numbers, no success time. */
export const NO_APPROVAL: Pick<OrderRecord, "authNum" | "invoiceNum" | "transNum" | "paySuccTime"> = {
  authNum: "",
  invoiceNum: "",
  transNum: "",
  paySuccTime: "",
}

/** The processor-side numbers a successful card transaction gets. */
export function approvalNumbers(): Pick<OrderRecord, "authNum" | "invoiceNum" | "transNum"> {
  return { authNum: randomDigits(6), invoiceNum: randomDigits(6), transNum: randomDigits(6) }
}
