import { classifyStatus } from "../iotpay"
import { describeAnswer, failKind, isSuccess, retDataOf } from "./answers"
import type { Evidence, Finding } from "./findings"
import { doctorNumber } from "./numbers"
import type { SeenRecord } from "./records"
import type { PaidTestPayment } from "./test-payment"
import type { DoctorWire, Exchange } from "./wire"

/**
 * On the paid test payment: a partial refund (accepted before settlement?), else a void; then the same reversal
 * asked for by its mchRefundNo (found by cc_query?) and sent again identically (replayed, refused, or — unsafe —
 * done twice); a void after the refund; and finally everything still refundable given back.
 */
interface Reversal {
  endpoint: "cc_refund" | "cc_void"
  fields: Record<string, unknown>
  number: string
  payOrderId: string
}

export async function reversalProbes(
  wire: DoctorWire,
  paid: PaidTestPayment,
  amountCents: number,
  seen: SeenRecord[]
): Promise<Finding[]> {
  const findings: Finding[] = []
  const loginName = wire.loginName
  const accepted = (x: Exchange) => {
    const record = isSuccess(x.body) ? retDataOf(x.body) : undefined
    if (record) seen.push({ what: x.evidence.endpoint, record, evidence: x.evidence })
    return record && classifyStatus(record.status as number) !== "failed" ? record : undefined
  }

  const refundNo = doctorNumber("DOCR")
  const refundFields = {
    payOrderId: paid.payOrderId,
    mchRefundNo: refundNo,
    refundAmount: amountCents >= 20 ? 10 : 1,
    loginName,
  }
  const refund = await wire.call("cc_refund", refundFields)
  const refunded = accepted(refund)
  findings.push({
    id: "refund-before-settlement",
    question: "Is a partial refund accepted before the payment is settled?",
    answer: refunded
      ? `Yes (status ${String(refunded.status)}).`
      : `No: ${describeAnswer(refund.body)}${refund.body ? "" : ` (${refund.evidence.error})`}. The plugin voids instead when a full refund is refused before settlement.`,
    status: "ok",
    evidence: [refund.evidence],
  })

  let probe: Reversal | undefined
  if (refunded) {
    probe = { endpoint: "cc_refund", fields: refundFields, number: refundNo, payOrderId: String(refunded.payOrderId) }
  } else {
    const voidNo = doctorNumber("DOCV")
    const voidFields = { payOrderId: paid.payOrderId, mchRefundNo: voidNo, loginName }
    const voided = await wire.call("cc_void", voidFields)
    const record = accepted(voided)
    if (record) {
      probe = { endpoint: "cc_void", fields: voidFields, number: voidNo, payOrderId: String(record.payOrderId) }
    } else {
      findings.push({
        id: "reversal-lookup",
        question: "Could the doctor make a refund or void to learn from?",
        answer: `No: the void was answered ${describeAnswer(voided.body)} after the refund was refused.`,
        status: "problem",
        evidence: [voided.evidence],
      })
    }
  }
  if (probe) {
    findings.push(await lookup(wire, probe))
    findings.push(await repeat(wire, probe, accepted))
  }
  if (refunded) {
    const voided = await wire.call("cc_void", {
      payOrderId: paid.payOrderId,
      mchRefundNo: doctorNumber("DOCV"),
      loginName,
    })
    const record = accepted(voided)
    findings.push({
      id: "void-after-refund",
      question: "Is a void accepted after a partial refund?",
      answer: record
        ? `Yes (status ${String(record.status)}): the rest came back by the void.`
        : `No: ${describeAnswer(voided.body)}. The plugin's cancel refunds what is left instead.`,
      status: "ok",
      evidence: [voided.evidence],
    })
  }
  findings.push(await giveBack(wire, paid, accepted))
  return findings
}

async function lookup(wire: DoctorWire, probe: Reversal): Promise<Finding> {
  const query = await wire.call("cc_query", { mchOrderNo: probe.number })
  const record = isSuccess(query.body) ? retDataOf(query.body) : undefined
  const question = `Does cc_query find a ${probe.endpoint === "cc_void" ? "void" : "refund"} by its mchRefundNo?`
  if (record && record.mchOrderNo === probe.number && record.payOrderId === probe.payOrderId) {
    return {
      id: "reversal-lookup",
      question,
      answer: `Yes: ${probe.number} came back as ${probe.payOrderId}.`,
      status: "ok",
      options: { reversalLookup: "query-by-number" },
      evidence: [query.evidence],
    }
  }
  if (query.body && !isSuccess(query.body) && failKind(query.body) === "not-found") {
    return {
      id: "reversal-lookup",
      question,
      answer: `No: ${describeAnswer(query.body)} for a reversal IOTPay holds. "Does not exist" must not be read as "never received".`,
      status: "ok",
      options: { reversalLookup: "none" },
      evidence: [query.evidence],
    }
  }
  return {
    id: "reversal-lookup",
    question,
    answer: `Unclear: answered ${describeAnswer(query.body)}.`,
    status: "warning",
    options: { reversalLookup: "none" },
    evidence: [query.evidence],
  }
}

async function repeat(
  wire: DoctorWire,
  probe: Reversal,
  accepted: (x: Exchange) => Record<string, unknown> | undefined
): Promise<Finding> {
  const again = await wire.call(probe.endpoint, probe.fields)
  const record = accepted(again)
  const question = "What does a repeated identical mchRefundNo get?"
  const evidence: Evidence[] = [again.evidence]
  if (record && record.payOrderId === probe.payOrderId) {
    return {
      id: "repeated-refund-no",
      question,
      answer: `The original record again (${probe.payOrderId}); nothing moved twice.`,
      status: "ok",
      options: { repeatedRefundNo: "replay" },
      evidence,
    }
  }
  if (record) {
    return {
      id: "repeated-refund-no",
      question,
      answer: `A SECOND reversal (${String(record.payOrderId)}): IOTPay does not deduplicate mchRefundNo, so a retried refund could move money twice. Do not go live; contact IOTPay. (The doctor gives this money back below.)`,
      status: "problem",
      evidence,
    }
  }
  if (again.body && !isSuccess(again.body)) {
    return {
      id: "repeated-refund-no",
      question,
      answer: `A refusal: ${describeAnswer(again.body)}; nothing moved twice.`,
      status: "ok",
      options: { repeatedRefundNo: "refuse" },
      evidence,
    }
  }
  return {
    id: "repeated-refund-no",
    question,
    answer: `Unclear: ${describeAnswer(again.body)}${again.evidence.error ? ` (${again.evidence.error})` : ""}.`,
    status: "warning",
    options: { repeatedRefundNo: "refuse" },
    evidence,
  }
}

/** Refunds whatever IOTPay still calls refundable, then checks that nothing is left. */
async function giveBack(
  wire: DoctorWire,
  paid: PaidTestPayment,
  accepted: (x: Exchange) => Record<string, unknown> | undefined
): Promise<Finding> {
  const question = "Was all of the test payment given back?"
  const evidence: Evidence[] = []
  const refundable = async () => {
    const q = await wire.call("cc_query", { payOrderId: paid.payOrderId })
    evidence.push(q.evidence)
    const record = isSuccess(q.body) ? retDataOf(q.body) : undefined
    return typeof record?.refundable === "number" ? record.refundable : undefined
  }
  const left = await refundable()
  if (left !== undefined && left > 0) {
    const rest = await wire.call("cc_refund", {
      payOrderId: paid.payOrderId,
      mchRefundNo: doctorNumber("DOCRR"),
      refundAmount: left,
      loginName: wire.loginName,
    })
    evidence.push(rest.evidence)
    accepted(rest)
  }
  const after = await refundable()
  if (after === 0) {
    return {
      id: "money-returned",
      question,
      answer: "Yes: IOTPay reports nothing left to refund.",
      status: "ok",
      evidence,
    }
  }
  return {
    id: "money-returned",
    question,
    answer: `NO: IOTPay reports ${after === undefined ? "an unknown amount" : `${(after / 100).toFixed(2)} CAD`} still refundable on ${paid.payOrderId} (${paid.mchOrderNo}). Refund or void it in IOTPay's portal.`,
    status: "problem",
    evidence,
  }
}
