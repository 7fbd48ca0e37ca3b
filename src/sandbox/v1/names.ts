/**
 * The v1 endpoints the sandbox serves under /v1/ (the refund query's real path is unknown: docs/iotpay-v1-protocol.md
 * §10).
 */
export const V1_ENDPOINTS = [
  "create_order",
  "payForSubmit",
  "query_order",
  "refund_order",
  "query_refund_order",
] as const
export type V1Endpoint = (typeof V1_ENDPOINTS)[number]

/** Payment order statuses (docs/iotpay-v1-protocol.md §3): 3 = paid and the merchant answered the notify. */
export const V1_STATUS = { created: 0, paying: 1, paid: 2, notified: 3, closed: 4, cancelled: 9 } as const
export type V1StatusCode = (typeof V1_STATUS)[keyof typeof V1_STATUS]

/** What the shopper can do on a sandbox wallet / cashier page. */
export const SHOPPER_ACTIONS = ["approve", "decline", "leave"] as const
export type ShopperAction = (typeof SHOPPER_ACTIONS)[number]
