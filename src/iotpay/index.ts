// The public surface of the IOTPay gateway client (`medusa-payment-iotpay/iotpay`), named on purpose: what the
// plugin's other layers use, plus what a program using the client alone needs to call it and read its answers
// (options, inputs, results, errors). Everything else in src/iotpay is internal: add a name here only when something
// outside src/iotpay needs it. No Medusa imports in this layer: it is usable on its own.

// Cards: the Credit Card V3 API.
export {
  DEFAULT_API_BASE,
  IotpayClient,
  type AddCardInput,
  type DirectAddCardInput,
  type IotpayClientOptions,
  type IotpayResponseSignatureMode,
  type PurchaseInput,
  type PurchaseWithTokenInput,
  type PurchaseWithWalletInput,
  type QueryCardInput,
  type QueryInput,
  type RedirectAnswer,
  type RefundInput,
  type VoidInput,
} from "./client"
export { NOTIFY_ACK, decodeNotifyBody, parseNotify, type NotifyResult } from "./notify"
export {
  IOTPAY_STATUS,
  WALLET_TYPES,
  classifyStatus,
  isSuccessStatus,
  type CardInfo,
  type IotpayStatusClass,
  type OrderRecord,
} from "./schemas"

// Errors, grouped by the reaction they need (errors.ts).
export {
  IotpayBadResponseError,
  IotpayError,
  IotpayInvalidRequestError,
  IotpayNotFoundError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  IotpayUnreachableError,
  iotpayErrorCodeOf,
  isIotpayError,
  isNotFound,
  isNotFoundRejection,
  type IotpayErrorKind,
  type IotpayIssue,
} from "./errors"

// Money: exact decimals in, integer cents at the gateway.
export {
  IOTPAY_CURRENCY,
  addDecimal,
  assertCad,
  compareDecimal,
  decimalAmount,
  exceedsCharged,
  formatCents,
  fromCents,
  refundCents,
  toCents,
  type AmountInput,
  type RefundCentsInput,
} from "./money"

// IOTPay numbers derived from Medusa ids (deterministic, so a retry reuses them).
export {
  mchOrderNoForSession,
  mchRefundNoFor,
  newCardId,
  parseMchRefundNo,
  sessionIdFromMchOrderNo,
  type RefundNoKind,
} from "./ids"

// Signing (shared by V3 and v1) and redaction for logs.
export { verifySignature, withSignature } from "./sign"
export { redactFields, redactText } from "./redact"

// WeChat Pay, Alipay, UnionPay: the v1 General Order API.
export {
  DEFAULT_V1_API_BASE,
  IotpayV1Client,
  SANDBOX_V1_REFUND_QUERY_PATH,
  V1_CHANNELS,
  V1_CHANNEL_CURRENCIES,
  V1_CONTENT_TYPE,
  V1_CURRENCIES,
  V1_NOTIFY_ACK,
  V1_STATUS,
  classifyV1Status,
  collectV1NotifyFields,
  encodeV1Body,
  normalizeClientIp,
  parseV1Notify,
  readV1Notify,
  signV1Message,
  v1ChannelTakes,
  type IotpayV1ClientOptions,
  type V1Channel,
  type V1Currency,
  type V1CreateOrderInput,
  type V1CreateOrderResult,
  type V1Notify,
  type V1NotifyRequest,
  type V1NotifyResult,
  type V1Order,
  type V1PayAction,
  type V1PayForSubmitInput,
  type V1PayForSubmitResult,
  type V1QueryOrderInput,
  type V1QueryRefundInput,
  type V1Refund,
  type V1RefundInput,
  type V1RefundResult,
} from "./v1"
