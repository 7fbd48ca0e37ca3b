import { formatCents, isSuccessStatus, type IotpayClient, type OrderRecord } from "../iotpay"
import { queryOrNull } from "./idempotent-send"
import { readSessionData } from "./session-data"

export type IotpayReversalView = {
  kind: "refund" | "void"
  mchRefundNo: string
  payOrderId?: string
  amount: string
  status: number | null
  statusText: string
}

export type IotpayPaymentView = {
  paymentId: string
  providerId: string
  payOrderId: string | null
  mchOrderNo: string | null
  status: number | null
  statusText: string
  amount: string | null
  refundable: string | null
  currency: string
  cardNum: string | null
  cardType: string | null
  authNum: string | null
  paySuccTime: string | null
  /** IOTPay's V3 records carry no settlement flag; shown when a record has one. */
  settled: boolean | null
  reversals: IotpayReversalView[]
  error?: string
}

const STATUS_TEXT: Record<number, string> = { 0: "pending", 1: "unknown", 2: "success", 3: "success", 9: "failed" }
const statusText = (s: number | null | undefined) => (s === null || s === undefined ? "not found at IOTPay" : STATUS_TEXT[s] ?? `status ${s}`)

/** What IOTPay says now about one Medusa payment and each refund/void the plugin sent for it (cc_query each). */
export async function iotpayPaymentView(
  client: IotpayClient,
  payment: { id: string; provider_id: string; currency_code: string; data?: Record<string, unknown> | null }
): Promise<IotpayPaymentView> {
  const data = readSessionData(payment.data)
  const view: IotpayPaymentView = {
    paymentId: payment.id,
    providerId: payment.provider_id,
    payOrderId: data.payOrderId ?? null,
    mchOrderNo: data.mchOrderNo ?? null,
    status: null,
    statusText: statusText(null),
    amount: null,
    refundable: null,
    currency: payment.currency_code.toUpperCase(),
    cardNum: data.cardNum ?? null,
    cardType: data.cardType ?? null,
    authNum: data.authNum ?? null,
    paySuccTime: data.paySuccTime ?? null,
    settled: null,
    reversals: [],
  }
  try {
    const query = data.payOrderId ? { payOrderId: data.payOrderId } : data.mchOrderNo ? { mchOrderNo: data.mchOrderNo } : null
    const record = query ? await queryOrNull(client, query) : null
    if (record) Object.assign(view, fromRecord(record))
    for (const reversal of data.reversals ?? []) {
      const found = await queryOrNull(client, { mchOrderNo: reversal.mchRefundNo })
      view.reversals.push({
        kind: reversal.kind,
        mchRefundNo: reversal.mchRefundNo,
        payOrderId: found?.payOrderId ?? reversal.payOrderId,
        amount: formatCents(found?.amount ?? reversal.amountCents),
        status: found?.status ?? null,
        statusText: statusText(found?.status),
      })
    }
  } catch (error) {
    view.error = `IOTPay could not be asked: ${(error as Error).message}`
  }
  // IOTPay keeps a reversed sale at status 2; say what happened to it instead of a bare "paid".
  if (view.statusText === "paid" && view.refundable === "0.00") {
    const voided = view.reversals.some((r) => r.kind === "void" && r.statusText === "success")
    view.statusText = voided ? "voided" : "fully refunded"
  }
  return view
}

function fromRecord(record: OrderRecord): Partial<IotpayPaymentView> {
  const settled = (record as Record<string, unknown>).settled
  return {
    payOrderId: record.payOrderId ?? null,
    status: record.status,
    statusText: isSuccessStatus(record.status) ? "paid" : statusText(record.status),
    amount: formatCents(record.amount),
    refundable: record.refundable === undefined ? null : formatCents(record.refundable),
    cardNum: record.cardNum || null,
    cardType: record.cardType || null,
    authNum: record.authNum || null,
    paySuccTime: record.paySuccTime || null,
    settled: typeof settled === "boolean" ? settled : null,
  }
}
