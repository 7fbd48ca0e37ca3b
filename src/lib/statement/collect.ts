import type { IPaymentModuleService } from "@medusajs/framework/types"
import { executeWithConcurrency } from "@medusajs/framework/utils"
import { classifyStatus, toCents, type OrderRecord } from "../../iotpay"
import { derivedOrderNo, type PaymentGateway } from "../gateway/payment-gateway"
import { attemptsOf, sessionPages, type Attempt } from "../reconcile/reconcile-attempts"
import { freshState, type StateDeps } from "../money/payment-state"
import { readSessionData, type IotpaySessionData } from "../money/session-data"
import type { PaymentFacts } from "./compare"
import type { IotpayFacts, MedusaFacts } from "./types"

/** The part of Medusa's query the statement reads (query.graph). */
export type QueryLike = { graph: (args: any) => Promise<{ data: any[] }> }

/** One API of one provider entry: its services, and how its payments and refunds are asked about. */
export type StatementSource = {
  providerIds: string[]
  /** cc_query for cards, query_order (and the refund query, when configured) for v1 wallets. */
  gateway: PaymentGateway
  /** Cards: IOTPay's refundable tells what was refunded. v1: only the refund query, by the numbers this store sent. */
  api: "v3" | "v1"
  refundQuery: boolean
  channel: string
}

export type StatementDeps = { payment: IPaymentModuleService; query: QueryLike; state: StateDeps; concurrency: number }

/** What the statement needs to bring an outside refund in: the Medusa payment and the gateway that asks IOTPay. */
export type Collected = PaymentFacts & { paymentData: IotpaySessionData | null; gateway: PaymentGateway }

const PAYMENT_FIELDS = [
  "id",
  "amount",
  "data",
  "payment_session_id",
  "canceled_at",
  "captures.id",
  "refunds.id",
  "refunds.amount",
  "refunds.note",
  "refunds.created_at",
  "payment_collection.order.id",
  "payment_collection.order.display_id",
  "payment_collection.order.status",
]

/**
 * Every payment attempt of the day's sessions of these services (deleted sessions included), each asked about once
 * at IOTPay (at most `concurrency` at a time), with Medusa's payment and the plugin's ledger beside it. The cost is
 * the day's sessions: a page of sessions, one query for their payments, one IOTPay call per attempt (plus, for v1
 * with the refund query, one per refund this store sent). Attempts IOTPay holds nothing paid for, and Medusa no
 * payment for, are left out (an abandoned checkout is not a payment).
 */
export async function collectDay(
  deps: StatementDeps,
  source: StatementSource,
  day: { date: string; from: Date; until: Date },
  counter: { asked: number }
): Promise<Collected[]> {
  const out: Collected[] = []
  for await (const sessions of sessionPages(deps.payment, source.providerIds, day.from, day.until)) {
    const payments = await paymentsOf(
      deps.query,
      sessions.map((s) => s.id)
    )
    const attempts = sessions.flatMap((s) =>
      attemptsOf(s, day.until).map((a) => ({ a, data: readSessionData(s.data) }))
    )
    await executeWithConcurrency(
      attempts.map(({ a, data }) => async () => {
        const payment = payments.find((p) => derivedOrderNo(readSessionData(p.data)) === a.mchOrderNo)
        const facts = await factsOf(deps, source, day.date, a, data, payment, counter)
        if (facts) out.push(facts)
      }),
      deps.concurrency
    )
  }
  return out.sort((x, y) => x.mchOrderNo.localeCompare(y.mchOrderNo))
}

/** The attempt number mchOrderNoForSession put at the end of the number (`<session>-<attempt>`). */
const attemptNo = (a: Attempt) => Number(a.mchOrderNo.slice(a.mchOrderNo.lastIndexOf("-") + 1))

async function paymentsOf(query: QueryLike, sessionIds: string[]): Promise<any[]> {
  if (!sessionIds.length) return []
  const { data } = await query.graph({
    entity: "payment",
    fields: PAYMENT_FIELDS,
    filters: { payment_session_id: sessionIds },
  })
  return data
}

async function factsOf(
  deps: StatementDeps,
  source: StatementSource,
  date: string,
  attempt: Attempt,
  sessionData: IotpaySessionData,
  payment: any,
  counter: { asked: number }
): Promise<Collected | null> {
  // The ledger is kept per attempt: the payment's data names its attempt, a session's earlier attempt is named here.
  const own = payment ? readSessionData(payment.data) : { ...sessionData, attempt: attemptNo(attempt) }
  const ledger = await freshState({ ...own, mchOrderNo: attempt.mchOrderNo }, deps.state)
  counter.asked++
  const iotpay = await askIotpay(source, attempt.mchOrderNo, ledger, counter)
  if (!payment && iotpay.facts.state !== "paid" && iotpay.facts.state !== "error") return null
  return {
    date,
    mchOrderNo: attempt.mchOrderNo,
    channel: iotpay.channel ?? ledger.channel ?? source.channel,
    iotpay: iotpay.facts,
    medusa: payment ? medusaFacts(payment, ledger) : null,
    ledger,
    paymentData: payment ? ledger : null,
    gateway: source.gateway,
  }
}

async function askIotpay(
  source: StatementSource,
  mchOrderNo: string,
  ledger: IotpaySessionData,
  counter: { asked: number }
): Promise<{ facts: IotpayFacts; channel?: string }> {
  let record: OrderRecord | null
  try {
    record = await source.gateway.findPayment({ mchOrderNo })
  } catch (error) {
    const facts: IotpayFacts = { state: "error", refundedCents: null, refundableCents: null }
    return { facts: { ...facts, error: (error as Error).message } }
  }
  if (!record) return { facts: { state: "not_found", refundedCents: null, refundableCents: null } }
  const outcome = classifyStatus(record.status)
  const refundable = typeof record.refundable === "number" ? record.refundable : null
  const facts: IotpayFacts = {
    state: outcome === "paid" ? "paid" : outcome,
    payOrderId: record.payOrderId,
    amountCents: record.amount,
    refundableCents: source.api === "v3" ? refundable : null,
    refundedCents:
      source.api === "v3"
        ? refundable === null
          ? null
          : record.amount - refundable
        : await v1Refunded(source, ledger, counter),
    paidAt: record.paySuccTime ? String(record.paySuccTime) : undefined,
  }
  return { facts, channel: String(record.channel ?? record.channelId ?? "") || undefined }
}

/**
 * v1's query_order reports no refunds: what IOTPay refunded is the sum of this store's refunds the refund query
 * confirms, one question per refund number; unknown (null) without the refund query. A refund made in IOTPay's
 * portal has a number this store never saw, so v1 cannot show it (docs/statement.md).
 */
async function v1Refunded(source: StatementSource, ledger: IotpaySessionData, counter: { asked: number }) {
  if (!source.refundQuery) return null
  let cents = 0
  for (const r of ledger.reversals ?? []) {
    counter.asked++
    try {
      const found = await source.gateway.findReversal(r.mchRefundNo)
      if (found && classifyStatus(found.status) === "paid") cents += found.amount
    } catch {
      return null
    }
  }
  return cents
}

function medusaFacts(payment: any, ledger: IotpaySessionData): MedusaFacts {
  const byMedusaId = new Map((ledger.reversals ?? []).filter((r) => r.medusaId).map((r) => [r.medusaId, r]))
  const amountCents = ledger.amountCents ?? toCents(payment.amount)
  const order = payment.payment_collection?.order
  return {
    paymentId: payment.id,
    orderId: order?.id ?? null,
    orderDisplayId: order?.display_id ?? null,
    orderStatus: order?.status ?? null,
    amountCents,
    capturedCents: (payment.captures ?? []).length ? amountCents : 0,
    canceled: !!payment.canceled_at,
    refunds: (payment.refunds ?? []).map((r: any) => ({
      id: r.id,
      // The plugin's own rounding of this refund where it recorded one, else Medusa's amount half-up.
      cents: byMedusaId.get(r.id)?.amountCents ?? toCents(r.amount),
      note: r.note ?? null,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  }
}
