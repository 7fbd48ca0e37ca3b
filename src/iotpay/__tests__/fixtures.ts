/** The README's notify test vector (the third published signing vector, docs/iotpay-protocol.md): an IOTPay pay record, unsigned. */
export const PAY_RECORD = {
  payOrderId: "PC20240101215009579871439079",
  mchId: "10000701",
  mchOrderNo: "01JD8ZP3XG0B5Q2M7Y4T9K6WAE",
  originalOrderId: "",
  amount: 1999,
  currency: "CAD",
  payType: "pay",
  refundable: 1999,
  status: 2,
  invoiceNum: "000123",
  paySuccTime: "2024-01-01 21:50:09",
  cardNum: "432567******2266",
  cardType: "V",
  expiryDate: "0727",
  authNum: "917290",
  transNum: "66120",
  channel: "PF_CC",
} as const

/** Its signature with the README's key TESTKEY123. */
export const PAY_RECORD_SIGN = "67FEE6F413EDE8720BB06227AA53648E"
