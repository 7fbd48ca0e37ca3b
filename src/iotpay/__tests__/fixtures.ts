/**
 * The README's notify test vector (the third published signing vector, docs/iotpay-protocol.md): an IOTPay pay record,
 * unsigned.
 */
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

/** The four published signing vectors (docs/iotpay-protocol.md), verbatim, with the key TESTKEY123. */
export const SIGNING_VECTORS: { name: string; message: Record<string, unknown>; hashed: string; sign: string }[] = [
  {
    name: "cc_purchase (empty subject dropped)",
    message: {
      amount: 1500,
      channel: "PF_CC",
      currency: "CAD",
      loginName: "jack123",
      mchId: "10000701",
      mchOrderNo: "1234567890abc",
      mchUserId: "007",
      notifyUrl: "https://shop.example.com/hooks/iotpay/notify",
      returnUrl: "https://shop.example.com/checkout/iotpay/return",
      subject: "",
    },
    hashed:
      "amount=1500&channel=PF_CC&currency=CAD&loginName=jack123&mchId=10000701&mchOrderNo=1234567890abc&mchUserId=007&notifyUrl=https://shop.example.com/hooks/iotpay/notify&returnUrl=https://shop.example.com/checkout/iotpay/return&key=TESTKEY123",
    sign: "48CBCB7EED812D4358F3E4C8BCA29CA8",
  },
  {
    name: "cc_refund (unsorted input)",
    message: {
      mchId: "10000701",
      mchRefundNo: "R1234567890abc",
      loginName: "jack_chen",
      refundAmount: 100,
      payOrderId: "PC20240101215009579871439079",
    },
    hashed:
      "loginName=jack_chen&mchId=10000701&mchRefundNo=R1234567890abc&payOrderId=PC20240101215009579871439079&refundAmount=100&key=TESTKEY123",
    sign: "3270580B76737928A0B95583CDD81865",
  },
  {
    name: "notify (empty originalOrderId dropped)",
    message: PAY_RECORD,
    hashed:
      "amount=1999&authNum=917290&cardNum=432567******2266&cardType=V&channel=PF_CC&currency=CAD&expiryDate=0727&invoiceNum=000123&mchId=10000701&mchOrderNo=01JD8ZP3XG0B5Q2M7Y4T9K6WAE&payOrderId=PC20240101215009579871439079&paySuccTime=2024-01-01 21:50:09&payType=pay&refundable=1999&status=2&transNum=66120&key=TESTKEY123",
    sign: "67FEE6F413EDE8720BB06227AA53648E",
  },
  {
    name: "UTF-8 body",
    message: { body: "Café crème × 2", mchId: "10000701", mchOrderNo: "01JD8ZP3XG0B5Q2M7Y4T9K6WAE", amount: 450 },
    hashed: "amount=450&body=Café crème × 2&mchId=10000701&mchOrderNo=01JD8ZP3XG0B5Q2M7Y4T9K6WAE&key=TESTKEY123",
    sign: "BFEBE8DA51218D288CCED074E97A1DE3",
  },
]
