import {
  IOTPAY_STATUS,
  V1_CHANNELS,
  classifyV1Status,
  isNotFound,
  type IotpayV1Client,
  type OrderRecord,
  type V1Order,
} from "../iotpay"
import type { IotpaySessionData } from "./session-data"
import { currencyMismatch } from "./wallet-currency"

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

/** query_order by mchOrderNo that reads "no such order" as null (nothing paid yet), never as an error. */
export async function queryV1OrNull(client: IotpayV1Client, mchOrderNo: string): Promise<V1Order | null> {
  try {
    return await client.queryOrder({ mchOrderNo })
  } catch (error) {
    if (isNotFound(error)) return null
    throw error
  }
}

/** Why a v1 order must not be accepted as this session's payment, or null when it matches. */
export function v1Mismatch(
  order: V1Order,
  expected: { merchantId: string; mchOrderNo?: string; amountCents?: number; currency?: string }
): string | null {
  if (order.mchId !== undefined && order.mchId !== expected.merchantId) {
    return `mchId ${order.mchId} is not this store's merchant ${expected.merchantId}`
  }
  if (expected.mchOrderNo && order.mchOrderNo && order.mchOrderNo !== expected.mchOrderNo) {
    return `mchOrderNo ${order.mchOrderNo} is not ${expected.mchOrderNo}`
  }
  const currency = currencyMismatch(order.currency, expected.currency)
  if (currency) return currency
  if (expected.amountCents !== undefined && order.amount !== expected.amountCents) {
    return `IOTPay amount ${order.amount} cents differs from the session's ${expected.amountCents} cents`
  }
  return null
}

/** The fields of a v1 order worth keeping on the Medusa payment. */
export function withV1Order(data: IotpaySessionData, order: V1Order): IotpaySessionData {
  return {
    ...data,
    payOrderId: order.payOrderId ?? data.payOrderId,
    iotpayStatus: order.status,
    channel: order.channelId ?? data.channel,
    channelOrderNo: order.channelOrderNo || data.channelOrderNo,
    paySuccTime: order.paySuccTime ? String(order.paySuccTime) : data.paySuccTime,
  }
}
