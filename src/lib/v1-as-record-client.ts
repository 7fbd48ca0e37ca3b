import {
  IOTPAY_STATUS,
  IotpayNotFoundError,
  parseMchRefundNo,
  type IotpayClient,
  type IotpayV1Client,
  type OrderRecord,
} from "../iotpay"
import { v1OrderRecord } from "./v1-record"

/**
 * A v1 client seen through the V3 client's `query` (what the reconcile pass and the admin panel's payment view call):
 * a payment number is asked with query_order, a refund number (R…/C…) with the refund query when configured.
 * v1's query reports no refundable, and none is made up: only a caller that passes `refundedCents` (what this
 * store's ledger says was refunded: the admin panel's figure) gets one; the reconcile pass gets none, so it never
 * decides from a guess that nothing is left, and hands a paid attempt to the give-back, which reads the ledger.
 */
export function v1AsRecordClient(
  client: IotpayV1Client,
  options: { refundQuery: boolean; refundedCents?: number }
): IotpayClient {
  const query = async (q: { mchOrderNo?: string; payOrderId?: string }): Promise<OrderRecord> => {
    if (q.mchOrderNo && parseMchRefundNo(q.mchOrderNo)) {
      if (!options.refundQuery) throw new IotpayNotFoundError("refund_query", "the refund query is not configured")
      const refund = await client.queryRefund({ mchRefundNo: q.mchOrderNo })
      return {
        payOrderId: refund.refundOrderId ?? q.mchOrderNo,
        mchOrderNo: refund.mchRefundNo,
        originalOrderId: refund.payOrderId,
        amount: refund.refundAmount ?? 0,
        status: refund.status === undefined || refund.status === 2 ? IOTPAY_STATUS.SUCCESS : IOTPAY_STATUS.PENDING,
        payType: "refund",
        currency: refund.currency,
      } as OrderRecord
    }
    const order = await client.queryOrder(
      q.payOrderId ? { payOrderId: q.payOrderId } : { mchOrderNo: String(q.mchOrderNo) }
    )
    const record = v1OrderRecord(order)
    if (!record) throw new IotpayNotFoundError("query_order", "IOTPay's answer names no payOrderId")
    if (options.refundedCents === undefined) return record
    return { ...record, refundable: Math.max(0, record.amount - options.refundedCents) }
  }
  return { query } as unknown as IotpayClient
}
