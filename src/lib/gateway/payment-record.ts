import {
  IOTPAY_STATUS,
  V1_CHANNELS,
  classifyV1Status,
  isSuccessStatus,
  type OrderRecord,
  type V1Order,
} from "../../iotpay"
import type { IotpaySessionData } from "../money/session-data"
import { currencyMismatch } from "../money/wallet-currency"

/** A v1 record keeps v1's own status beside the V3-terms one (see v1OrderRecord). */
type Record1 = OrderRecord & { api?: "v1"; v1Status?: number; channelOrderNo?: string }

/**
 * The fields of an IOTPay pay record worth keeping on the Medusa payment (masked card only). A v1 record keeps v1's
 * own status as `iotpayStatus` (what the admin panel and the notify inbox show for a wallet payment).
 */
export function withPaymentRecord(data: IotpaySessionData, record: Record1): IotpaySessionData {
  return {
    ...data,
    payOrderId: record.payOrderId ?? data.payOrderId,
    iotpayStatus: record.v1Status ?? record.status,
    refundable: record.refundable ?? data.refundable,
    cardNum: record.cardNum || data.cardNum,
    cardType: record.cardType || data.cardType,
    authNum: record.authNum || data.authNum,
    paySuccTime: record.paySuccTime || data.paySuccTime,
    channel: record.channel || data.channel,
    channelOrderNo: record.channelOrderNo || data.channelOrderNo,
  }
}

/**
 * Why a record must not be accepted as this session's payment, or null when it matches. A record paid for another
 * amount, currency, merchant or order is never authorized, whatever its status says. v1 answers always name their
 * currency, so a v1 record without one is refused; a V3 record without one is taken as CAD (V3 takes nothing else).
 */
export function recordMismatch(
  record: Record1,
  expected: { merchantId: string; mchOrderNo?: string; amountCents?: number; currency?: string }
): string | null {
  if (record.mchId !== undefined && String(record.mchId) !== expected.merchantId) {
    return `mchId ${record.mchId} is not this store's merchant ${expected.merchantId}`
  }
  if (expected.mchOrderNo && record.mchOrderNo && record.mchOrderNo !== expected.mchOrderNo) {
    return `mchOrderNo ${record.mchOrderNo} is not ${expected.mchOrderNo}`
  }
  const currency = record.currency || record.api === "v1" ? currencyMismatch(record.currency, expected.currency) : null
  if (currency) return currency
  if (expected.amountCents !== undefined && record.amount !== expected.amountCents) {
    return `IOTPay amount ${record.amount} cents differs from the session's ${expected.amountCents} cents`
  }
  if (record.payType && record.payType !== "pay") return `record is a ${record.payType}, not a payment`
  return null
}

export const isPaid = (record: OrderRecord): boolean => isSuccessStatus(record.status)

/**
 * A v1 order (query_order answer or verified notify) in the shape the notify inbox, the notify subscriber and the
 * reconcile job share with V3: v1's status read once by classifyV1Status (2/3 paid → 2, 4/9 closed or cancelled →
 * 9, else 0), the v1 status kept as `v1Status`. Null when IOTPay named no payOrderId (nothing to key it by).
 */
export function v1OrderRecord(order: V1Order): (OrderRecord & { api: "v1"; v1Status: number }) | null {
  if (!order.payOrderId) return null
  const outcome = classifyV1Status(order.status)
  const status =
    outcome === "paid" ? IOTPAY_STATUS.SUCCESS : outcome === "failed" ? IOTPAY_STATUS.FAILED : IOTPAY_STATUS.PENDING
  return {
    payOrderId: order.payOrderId,
    mchId: order.mchId,
    mchOrderNo: order.mchOrderNo,
    amount: order.amount,
    currency: order.currency,
    status,
    payType: "pay",
    channel: order.channelId,
    channelId: order.channelId,
    paySuccTime: order.paySuccTime === undefined ? undefined : String(order.paySuccTime),
    clientIp: order.clientIp,
    api: "v1",
    v1Status: order.status,
    ...(order.channelOrderNo ? { channelOrderNo: order.channelOrderNo } : {}),
  } as OrderRecord & { api: "v1"; v1Status: number }
}

/** Whether an inbox/notify record came from the v1 API (its own marker, or a v1-only channel). */
export function isV1Record(record: Record<string, unknown>): boolean {
  if (record.api === "v1") return true
  const channel = String(record.channelId ?? record.channel ?? "")
  return (V1_CHANNELS as readonly string[]).includes(channel) && channel !== "CC_PAX"
}
