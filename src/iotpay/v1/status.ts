import type { IotpayStatusClass } from "../schemas"

/**
 * v1 payment order statuses (docs/iotpay-v1-protocol.md §3). Unlike V3 there is a 4 (closed by the system, e.g.
 * expired).
 */
export const V1_STATUS = { CREATED: 0, PAYING: 1, PAID: 2, PAID_NOTIFIED: 3, CLOSED: 4, CANCELLED: 9 } as const
export type V1Status = (typeof V1_STATUS)[keyof typeof V1_STATUS]

/**
 * The one place v1 statuses are interpreted: 0 and 1 → "pending" (keep waiting), 2 and 3 → "paid", 4 (closed by
 * IOTPay) and 9 (cancelled by the shopper) → "failed" (stop polling). Anything else → "pending": never guess.
 */
export function classifyV1Status(status: number | string | null | undefined): IotpayStatusClass {
  const n = typeof status === "string" && /^\s*\d+\s*$/.test(status) ? Number(status) : status
  switch (n) {
    case V1_STATUS.PAID:
    case V1_STATUS.PAID_NOTIFIED:
      return "paid"
    case V1_STATUS.CLOSED:
    case V1_STATUS.CANCELLED:
      return "failed"
    default:
      return "pending"
  }
}
