/**
 * docs/iotpay-v1-protocol.md §13: inputs, strings to sign and signatures (key TESTKEY123), computed by three
 * independent orderings.
 */
export const V1_KEY = "TESTKEY123"

export const CREATE_WX_NATIVE = {
  input: {
    mchId: "10000701",
    mchOrderNo: "ORD20240101A001",
    channelId: "WX_NATIVE",
    currency: "CAD",
    amount: 1999,
    clientIp: "203.0.113.7",
    device: "WEB",
    notifyUrl: "https://shop.example.com/iotpay/notify",
    subject: "Order 1001",
    body: "2 items",
    extra: '{"productId":"ORD20240101A001"}',
    jobNo: "jack123",
    param2: "",
    remarks: "",
  },
  string:
    'amount=1999&body=2 items&channelId=WX_NATIVE&clientIp=203.0.113.7&currency=CAD&device=WEB&extra={"productId":"ORD20240101A001"}&jobNo=jack123&mchId=10000701&mchOrderNo=ORD20240101A001&notifyUrl=https://shop.example.com/iotpay/notify&subject=Order 1001&key=TESTKEY123',
  sign: "6FB233440A5120BC9172622165B1F10E",
  wire: "params=%7B%22mchId%22%3A%2210000701%22%2C%22mchOrderNo%22%3A%22ORD20240101A001%22%2C%22channelId%22%3A%22WX_NATIVE%22%2C%22currency%22%3A%22CAD%22%2C%22amount%22%3A1999%2C%22clientIp%22%3A%22203.0.113.7%22%2C%22device%22%3A%22WEB%22%2C%22notifyUrl%22%3A%22https%3A%2F%2Fshop.example.com%2Fiotpay%2Fnotify%22%2C%22subject%22%3A%22Order+1001%22%2C%22body%22%3A%222+items%22%2C%22extra%22%3A%22%7B%5C%22productId%5C%22%3A%5C%22ORD20240101A001%5C%22%7D%22%2C%22jobNo%22%3A%22jack123%22%2C%22sign%22%3A%226FB233440A5120BC9172622165B1F10E%22%7D",
}

export const QUERY = {
  input: { mchId: "10000701", mchOrderNo: "ORD20240101A001" },
  string: "mchId=10000701&mchOrderNo=ORD20240101A001&key=TESTKEY123",
  sign: "4E046EE20E8522EC357D520859F51172",
}

export const NOTIFY = {
  input: {
    payOrderId: "WN20240101003753223310135049",
    mchId: "10000701",
    mchOrderNo: "ORD20240101A001",
    channelId: "WX_NATIVE",
    currency: "CAD",
    amount: "1999",
    status: "2",
    clientIp: "203.0.113.7",
    device: "WEB",
    subject: "Order 1001",
    body: "2 items",
    channelOrderNo: "4200002147202401015678901234",
    param1: "",
    param2: "",
    paySuccTime: "1704145809000",
    backType: "2",
  },
  string:
    "amount=1999&backType=2&body=2 items&channelId=WX_NATIVE&channelOrderNo=4200002147202401015678901234&clientIp=203.0.113.7&currency=CAD&device=WEB&mchId=10000701&mchOrderNo=ORD20240101A001&payOrderId=WN20240101003753223310135049&paySuccTime=1704145809000&status=2&subject=Order 1001&key=TESTKEY123",
  sign: "BF4973457DBFF1CEFF05896D32FE373D",
}

export const REFUND = {
  input: {
    mchId: "10000701",
    mchRefundNo: "RF20240102A001",
    refundAmount: 500,
    clientIp: "203.0.113.7",
    device: "",
    loginName: "jack123",
    payOrderId: "WN20240101003753223310135049",
  },
  string:
    "clientIp=203.0.113.7&loginName=jack123&mchId=10000701&mchRefundNo=RF20240102A001&payOrderId=WN20240101003753223310135049&refundAmount=500&key=TESTKEY123",
  sign: "32CEAE10966ED8D380CA1CB38024F4B1",
}

export const CREATE_ALIPAY_WAP_UTF8 = {
  input: {
    mchId: "10000701",
    mchOrderNo: "ORD20240101A002",
    channelId: "ALIPAY_WAP",
    currency: "CAD",
    amount: 450,
    clientIp: "203.0.113.7",
    device: "WEB",
    osType: "IOS",
    notifyUrl: "https://shop.example.com/iotpay/notify",
    returnUrl: "https://shop.example.com/checkout/order-received/1002",
    subject: "Café crème",
    body: "Café crème × 2",
    jobNo: "jack123",
  },
  string:
    "amount=450&body=Café crème × 2&channelId=ALIPAY_WAP&clientIp=203.0.113.7&currency=CAD&device=WEB&jobNo=jack123&mchId=10000701&mchOrderNo=ORD20240101A002&notifyUrl=https://shop.example.com/iotpay/notify&osType=IOS&returnUrl=https://shop.example.com/checkout/order-received/1002&subject=Café crème&key=TESTKEY123",
  sign: "15C9658DB220B32B59C9F09321242A47",
}

export const QUERY_ANSWER = {
  input: {
    retCode: "SUCCESS",
    retMsg: "",
    resCode: "SUCCESS",
    errCode: "",
    errCodeDes: "",
    mchId: "10000701",
    mchOrderNo: "ORD20240101A001",
    payOrderId: "WN20240101003753223310135049",
    channelId: "WX_NATIVE",
    currency: "CAD",
    amount: 1999,
    clientIp: "203.0.113.7",
    device: "WEB",
    notifyUrl: "https://shop.example.com/iotpay/notify",
    subject: "Order 1001",
    body: "2 items",
    param1: "",
    param2: "",
    extra: '{"productId":"ORD20240101A001"}',
    paySuccTime: 1704145809000,
    channelOrderNo: "4200002147202401015678901234",
    status: 2,
  },
  string:
    'amount=1999&body=2 items&channelId=WX_NATIVE&channelOrderNo=4200002147202401015678901234&clientIp=203.0.113.7&currency=CAD&device=WEB&extra={"productId":"ORD20240101A001"}&mchId=10000701&mchOrderNo=ORD20240101A001&notifyUrl=https://shop.example.com/iotpay/notify&payOrderId=WN20240101003753223310135049&paySuccTime=1704145809000&resCode=SUCCESS&retCode=SUCCESS&status=2&subject=Order 1001&key=TESTKEY123',
  sign: "E966DB3F0694420BD27A0810CD5C0DB9",
}

export const ALL_VECTORS = { CREATE_WX_NATIVE, QUERY, NOTIFY, REFUND, CREATE_ALIPAY_WAP_UTF8, QUERY_ANSWER }
