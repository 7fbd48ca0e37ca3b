/** The v1 part of `iotpay-sandbox --help` (docs/wallets-v1.md's sandbox paragraph is written from it). */
import { V1_TEST_AMOUNTS } from "./behaviours"

export function v1Help(): string[] {
  return [
    "v1 API (WeChat Pay, Alipay, UnionPay): POST <url>/v1/create_order | payForSubmit | query_order | refund_order |",
    "     query_refund_order   (form body params=<JSON>, IOTPay MD5 signature; answers retCode + resCode)",
    "  WX_NATIVE → codeUrl weixin://wxpay/bizpayurl?pr=<token>; ALIPAY_QR / UPI_QR → qr_code",
    "  ALIPAY_PC / ALIPAY_WAP → retParams.alipayUrl, UPI_SEQ → retParams.unionpayUrl: <url>/v1/cashier/<token>",
    "  payForSubmit (WX_JSAPI) → url <url>/v1/jsapi/<token>, or code_url with qrcode_pay=1",
    "  WX_APP / ALIPAY_MOBILE / UPI_APP / WX_JSAPI via create_order → payParams; *_MICROPAY → paid at once",
    "  The shopper: GET <url>/v1/scan?code=<QR content> opens the wallet page (/v1/wallet/<token>) with",
    "  Pay (approve → status 2 + notify), Cancel payment (decline → 9), Leave unpaid (stays 0); cashier and",
    "  jsapi pages send the shopper back to returnUrl after approve/decline.",
    "  Notify: POST notifyUrl?<signed fields> with the same fields as a form body, backType=2; resent until",
    "  the answer is success (any case); then query_order shows status 3.",
    "  Refunds: paid orders only, partial and repeated, the total capped at the amount (REFUND_AMOUNT_EXCEEDED);",
    "  the same mchRefundNo + payOrderId + amount answers the first refund again, other data REFUND_NO_REUSED.",
    "  A repeated mchOrderNo is refused (ORDER_EXISTS, or 0113 once paid). Unknown order: resCode FAIL 0112.",
    "  Currencies: CAD and USD on every channel; CNY only on WX_NATIVE, WX_JSAPI, ALIPAY_PC, ALIPAY_WAP, UPI_SEQ",
    "  (any other pair is refused with retCode FAIL, as IOTPay does).",
    "  v1 orders and refunds are kept in the --state file with the V3 ones.",
    "v1 test amounts (cents, in any currency the channel takes; any other amount waits for the shopper):",
    ...V1_TEST_AMOUNTS.map((t) => `  ${String(t.amount).padEnd(6)} ${t.name.padEnd(18)} ${t.description}`),
  ]
}
