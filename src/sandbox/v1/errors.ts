/**
 * The two ways a v1 call fails (docs/iotpay-v1-protocol.md §3): a request that does not get through (retCode FAIL:
 * format, signature, merchant; RequestError from ../validate, retMsg "parameter error: ...") and an operation refused
 * (retCode SUCCESS, resCode FAIL with errCode / errCodeDes): V1Refusal.
 */
export class V1Refusal extends Error {
  constructor(
    readonly errCode: string,
    message: string
  ) {
    super(message)
  }
}

/**
 * IOTPay's documented codes (error page, docs/iotpay-v1-protocol.md §3) and the sandbox's names for the undocumented
 * refusals.
 */
export const V1_ERR = {
  system: "0010",
  postRequired: "0011",
  emptyBody: "0012",
  signature: "0013",
  parameter: "0014",
  merchant: "0015",
  notFound: "0112",
  alreadyPaid: "0113",
  orderExists: "ORDER_EXISTS",
  notPaid: "ORDER_NOT_PAID",
  refundExceeds: "REFUND_AMOUNT_EXCEEDED",
  refundNoReused: "REFUND_NO_REUSED",
} as const

export const notFound = (what = "order") => new V1Refusal(V1_ERR.notFound, `${what} does not exist`)
