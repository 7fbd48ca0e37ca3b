import { isSuccessStatus, type OrderRecord } from "../iotpay"
import type { IotpaySessionData } from "./session-data"
import { currencyMismatch } from "./wallet-currency"

/** The fields of an IOTPay pay record worth keeping on the Medusa payment (masked card only). */
export function withPaymentRecord(data: IotpaySessionData, record: OrderRecord): IotpaySessionData {
  return {
    ...data,
    payOrderId: record.payOrderId ?? data.payOrderId,
    iotpayStatus: record.status,
    refundable: record.refundable ?? data.refundable,
    cardNum: record.cardNum || data.cardNum,
    cardType: record.cardType || data.cardType,
    authNum: record.authNum || data.authNum,
    paySuccTime: record.paySuccTime || data.paySuccTime,
    channel: record.channel || data.channel,
  }
}

/**
 * Why a record must not be accepted as this session's payment, or null when it matches. A record paid for another
 * amount, currency, merchant or order is never authorized, whatever its status says.
 */
export function recordMismatch(
  record: OrderRecord,
  expected: { merchantId: string; mchOrderNo?: string; amountCents?: number; currency?: string }
): string | null {
  if (record.mchId !== undefined && String(record.mchId) !== expected.merchantId) {
    return `mchId ${record.mchId} is not this store's merchant ${expected.merchantId}`
  }
  if (expected.mchOrderNo && record.mchOrderNo && record.mchOrderNo !== expected.mchOrderNo) {
    return `mchOrderNo ${record.mchOrderNo} is not ${expected.mchOrderNo}`
  }
  const currency = record.currency ? currencyMismatch(record.currency, expected.currency) : null
  if (currency) return currency
  if (expected.amountCents !== undefined && record.amount !== expected.amountCents) {
    return `IOTPay amount ${record.amount} cents differs from the session's ${expected.amountCents} cents`
  }
  if (record.payType && record.payType !== "pay") return `record is a ${record.payType}, not a payment`
  return null
}

export const isPaid = (record: OrderRecord): boolean => isSuccessStatus(record.status)
