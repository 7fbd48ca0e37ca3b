/** The /v1/ endpoints: envelope checks (merchant, signature), field checks, then the V1Ledger. Never throws. */
import type { SandboxContext } from "../context"
import type { EndpointFault, V1RefundFaultStatus } from "../faults"
import { verify } from "../sign"
import { type Fields, optionalString, RequestError, requiredString, url } from "../validate"
import { v1CurrencyOn } from "./currencies"
import { V1_ERR, V1Refusal, notFound } from "./errors"
import type { NewV1Order, V1Ledger } from "./ledger"
import { pageUrl, qrContent } from "./links"
import { v1Record, v1RefundRecord } from "./records"
import type { V1Endpoint } from "./names"

export type V1Answer = Record<string, unknown> & { retCode: "SUCCESS" | "FAIL" }

const CHANNELS = [
  "WX_NATIVE",
  "WX_JSAPI",
  "WX_APP",
  "WX_MICROPAY",
  "ALIPAY_QR",
  "ALIPAY_PC",
  "ALIPAY_WAP",
  "ALIPAY_MOBILE",
  "ALIPAY_MICROPAY",
  "UPI_QR",
  "UPI_SEQ",
  "UPI_APP",
  "UPI_MICROPAY",
  "CC_PAX",
]
const CURRENCIES = ["CAD", "USD", "CNY"]
const MAX = {
  id: 30,
  payOrderId: 64,
  subject: 64,
  body: 255,
  url: 200,
  clientIp: 32,
  param: 64,
  extra: 512,
  device: 64,
}

export const failV1 = (retMsg: string, errCode?: string): V1Answer =>
  errCode ? { retCode: "FAIL", retMsg, errCode } : { retCode: "FAIL", retMsg }

/**
 * v1 amounts: integer cents, as a JSON number or a numeric string (both sign the same, docs/iotpay-v1-protocol.md §1).
 */
function cents(f: Fields, name: string): number {
  const v = typeof f[name] === "string" && /^\d+$/.test(f[name] as string) ? Number(f[name]) : f[name]
  if (v === undefined || v === null || v === "") throw new RequestError(`${name} is required`)
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) {
    throw new RequestError(`${name} must be a positive integer (cents)`)
  }
  return v
}

function oneOf(f: Fields, name: string, allowed: readonly string[]): string {
  const v = requiredString(f, name, 24)
  if (!allowed.includes(v)) throw new RequestError(`${name} must be one of ${allowed.join(", ")}`)
  return v
}

type Handler = (f: Fields, fault?: EndpointFault) => V1Answer

/**
 * A query names IOTPay's id, the merchant's number, or both (then they must name the same record). The record
 * found, or undefined; RequestError when neither is given.
 */
function lookUp<T extends object, N extends keyof T & string>(
  f: Fields,
  [idField, noField]: [string, N],
  byId: (id: string) => T | undefined,
  byNo: (no: string) => T | undefined
): T | undefined {
  const id = optionalString(f, idField, MAX.payOrderId)
  const no = optionalString(f, noField, MAX.id)
  if (id === undefined && no === undefined) throw new RequestError(`${idField} or ${noField} is required`)
  const found = id !== undefined ? byId(id) : byNo(no as string)
  return found && (no === undefined || found[noField] === (no as unknown)) ? found : undefined
}

export function createV1Handlers(ctx: SandboxContext, ledger: V1Ledger): Record<V1Endpoint, Handler> {
  const { options } = ctx
  const ok = (fields: Record<string, unknown>): V1Answer => {
    const answer = { retCode: "SUCCESS" as const, retMsg: "", resCode: "SUCCESS", ...fields }
    return options.signResponses ? ledger.signed(answer) : answer
  }
  /**
   * jobNo / loginName: documented as required, yet real shops omit jobNo (docs/iotpay-v1-protocol.md §14.8): checked
   * when sent.
   */
  const login = (f: Fields, name: "jobNo" | "loginName", required: boolean) => {
    const v = required ? requiredString(f, name, 50) : optionalString(f, name, 50)
    if (v !== undefined && v !== options.loginName) throw new RequestError(`${name} does not exist`)
  }
  const order = (f: Fields, channelId: string, via: NewV1Order["via"]): NewV1Order => {
    login(f, "jobNo", false)
    const needsReturn = via === "payForSubmit" || channelId === "ALIPAY_PC" || channelId === "ALIPAY_WAP"
    if (channelId === "ALIPAY_WAP") oneOf(f, "osType", ["IOS", "ANDROID"])
    if (channelId.endsWith("_MICROPAY")) requiredString(f, "identityCode", 128)
    const mchOrderNo = requiredString(f, "mchOrderNo", MAX.id)
    return {
      mchOrderNo,
      channelId,
      currency: v1CurrencyOn(channelId, oneOf(f, "currency", CURRENCIES)),
      amount: cents(f, "amount"),
      clientIp: requiredString(f, "clientIp", MAX.clientIp),
      device: optionalString(f, "device", MAX.device) ?? "",
      notifyUrl: url(f, "notifyUrl", { noQuery: true }),
      returnUrl: needsReturn ? url(f, "returnUrl") : optionalString(f, "returnUrl", MAX.url),
      subject: requiredString(f, "subject", MAX.subject),
      body: requiredString(f, "body", MAX.body),
      // WX_JSAPI through payForSubmit: IOTPay puts mchOrderNo into param1 (docs/iotpay-v1-protocol.md §6).
      param1: via === "payForSubmit" ? mchOrderNo : (optionalString(f, "param1", MAX.param) ?? ""),
      param2: optionalString(f, "param2", MAX.param) ?? "",
      extra:
        channelId === "WX_NATIVE"
          ? requiredString(f, "extra", MAX.extra)
          : (optionalString(f, "extra", MAX.extra) ?? ""),
      via,
    }
  }
  const base = () => ctx.publicBase()

  return {
    create_order(f) {
      const channelId = oneOf(f, "channelId", CHANNELS)
      const o = ledger.open(order(f, channelId, "create_order"))
      const ids = { payOrderId: o.payOrderId, mchOrderNo: o.mchOrderNo }
      switch (channelId) {
        case "WX_NATIVE":
          return ok({ ...ids, codeUrl: qrContent(channelId, o.token) })
        case "ALIPAY_QR":
        case "UPI_QR":
          return ok({ ...ids, qr_code: qrContent(channelId, o.token) })
        case "ALIPAY_PC":
        case "ALIPAY_WAP":
          return ok({ ...ids, retParams: { alipayUrl: pageUrl(base(), "cashier", o.token) } })
        case "UPI_SEQ":
          return ok({ ...ids, retParams: { unionpayUrl: pageUrl(base(), "cashier", o.token) } })
        case "WX_JSAPI":
        case "WX_APP":
        case "ALIPAY_MOBILE":
        case "UPI_APP": {
          const payParams = {
            appId: "wxsandbox",
            timeStamp: String(Math.floor(o.createdAt / 1000)),
            nonceStr: o.token,
            package: `prepay_id=sbx${o.token}`,
            signType: "MD5",
          }
          return ok({ ...ids, payParams: ledger.signed(payParams) })
        }
        default:
          return ok(ids) // merchant-scan and POS: the result is in query_order
      }
    },

    payForSubmit(f) {
      oneOf(f, "channelId", ["WX_JSAPI"])
      const qr = f.qrcode_pay === 1 || f.qrcode_pay === "1"
      const o = ledger.open(order(f, "WX_JSAPI", "payForSubmit"))
      const ids = { payOrderId: o.payOrderId, mchOrderNo: o.mchOrderNo }
      return ok(
        qr ? { ...ids, code_url: qrContent("WX_JSAPI", o.token) } : { ...ids, url: pageUrl(base(), "jsapi", o.token) }
      )
    },

    query_order(f) {
      const found = lookUp(
        f,
        ["payOrderId", "mchOrderNo"],
        (id) => ledger.state.orders.get(id),
        ledger.state.orderByMchOrderNo
      )
      if (!found) throw notFound("merchant order id")
      return ok(v1Record(options.merchantId, found))
    },

    refund_order(f, fault) {
      login(f, "loginName", true)
      requiredString(f, "clientIp", MAX.clientIp)
      optionalString(f, "device", MAX.device)
      const currency = optionalString(f, "currency", 3)
      const refund = ledger.refund(
        requiredString(f, "payOrderId", MAX.payOrderId),
        requiredString(f, "mchRefundNo", MAX.id),
        cents(f, "refundAmount"),
        currency,
        // faults.ts accepts only refund_order's own statuses (0, 1, 3) for this endpoint.
        fault?.resultStatus as V1RefundFaultStatus | undefined
      )
      return ok(v1RefundRecord(options.merchantId, refund))
    },

    query_refund_order(f) {
      const found = lookUp(
        f,
        ["refundOrderId", "mchRefundNo"],
        (id) => ledger.state.refunds.get(id),
        ledger.state.refundByMchRefundNo
      )
      if (!found) throw notFound("refund order")
      return ok(v1RefundRecord(options.merchantId, found))
    },
  }
}

/** Envelope checks shared by every endpoint, then the handler; a refusal becomes resCode FAIL. */
export function answerV1(
  ctx: SandboxContext,
  handlers: Record<V1Endpoint, Handler>,
  endpoint: V1Endpoint,
  f: Fields,
  fault?: EndpointFault
): V1Answer {
  try {
    if (requiredString(f, "mchId", MAX.id) !== ctx.options.merchantId) {
      return failV1("merchant does not exist", V1_ERR.merchant)
    }
    if (!verify(f, ctx.options.secretKey)) return failV1("signature error", V1_ERR.signature)
    return handlers[endpoint](f, fault)
  } catch (err) {
    if (err instanceof V1Refusal) {
      return { retCode: "SUCCESS", retMsg: "", resCode: "FAIL", errCode: err.errCode, errCodeDes: err.message }
    }
    if (err instanceof RequestError) return failV1(`parameter error: ${err.message}`, V1_ERR.parameter)
    ctx.options.logger.error(`sandbox: v1 ${endpoint} failed: ${(err as Error).stack ?? String(err)}`)
    return failV1("system error", V1_ERR.system)
  }
}
