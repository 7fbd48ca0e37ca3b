/**
 * A v1 order and refund as the API answers them (query_order, docs/iotpay-v1-protocol.md §7; the refund query, §10).
 */
import type { V1Order, V1Refund } from "./state"

export function v1Record(merchantId: string, o: V1Order) {
  return {
    mchId: merchantId,
    mchOrderNo: o.mchOrderNo,
    payOrderId: o.payOrderId,
    channelId: o.channelId,
    currency: o.currency,
    amount: o.amount,
    clientIp: o.clientIp,
    device: o.device,
    notifyUrl: o.notifyUrl,
    subject: o.subject,
    body: o.body,
    param1: o.param1,
    param2: o.param2,
    extra: o.extra,
    paySuccTime: o.paySuccTime,
    channelOrderNo: o.channelOrderNo,
    status: o.status,
  }
}

export function v1RefundRecord(merchantId: string, r: V1Refund) {
  const { createdAt: _c, ...fields } = r
  return { mchId: merchantId, ...fields }
}
