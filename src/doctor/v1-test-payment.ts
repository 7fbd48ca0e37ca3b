import { classifyV1Status } from "../iotpay"
import { EXIT, type Finding } from "./findings"
import { doctorNumber } from "./numbers"
import type { SeenRecord } from "./records"
import { describeV1Answer, isV1Success } from "./v1-answers"
import type { DoctorWire, Exchange } from "./wire"

/**
 * The optional v1 test payment: a WX_NATIVE QR order of the smallest amount that can be refunded in two parts. The
 * merchant pays it with WeChat (on a sandbox: its wallet page); the doctor then refunds part, repeats that refund
 * with the same mchRefundNo (is it deduplicated?), asks the refund query for it, and gives the rest back.
 */
export interface V1TestSettings {
  v1ApiBase: string
  amountCents: number
  /** What the merchant account settles (CAD, USD for a US merchant, CNY); WX_NATIVE takes all three. */
  currency: string
  notifyUrl: string
  clientIp: string
  refundQueryPath: string
  pollIntervalMs: number
  paymentTimeoutMs: number
  onV1Payment: (payment: V1PaymentToPay) => void | Promise<void>
}

export interface V1PaymentToPay {
  mchOrderNo: string
  /** The QR content to scan with WeChat (render it as a QR code). */
  codeUrl: string
  /** On a sandbox (any host but IOTPay's): the page that plays WeChat for this QR. */
  walletPage?: string
}

export interface V1TestOutcome {
  findings: Finding[]
  mchOrderNo: string
  payOrderId?: string
  codeUrl?: string
  walletPage?: string
  /** Every cent given back (or nothing was taken). */
  settled: boolean
  stop?: number
}

const IOTPAY_V1_HOST = "api.iotpaycloud.com"

export async function v1TestPayment(
  wire: DoctorWire,
  settings: V1TestSettings,
  seen: SeenRecord[]
): Promise<V1TestOutcome> {
  const amount = settings.amountCents
  const question = `Can a ${(amount / 100).toFixed(2)} ${settings.currency} WeChat Pay QR (WX_NATIVE) test payment be made and paid through v1?`
  const mchOrderNo = doctorNumber("DOCV1")
  const created = await wire.call("create_order", {
    mchOrderNo,
    channelId: "WX_NATIVE",
    currency: settings.currency,
    amount,
    clientIp: settings.clientIp,
    device: "WEB",
    notifyUrl: settings.notifyUrl,
    subject: "iotpay-doctor test payment",
    body: "iotpay-doctor v1 test payment",
    extra: JSON.stringify({ productId: mchOrderNo }),
    jobNo: wire.loginName,
  })
  /** The payment was never paid (not created, cancelled, closed, or not in time): nothing to give back. */
  const notPaid = (answer: string, evidence: Exchange[], shown: Partial<V1TestOutcome> = {}): V1TestOutcome => ({
    mchOrderNo,
    ...shown,
    settled: true,
    stop: EXIT.testPayment,
    findings: [
      { id: "v1-test-payment", question, answer, status: "problem", evidence: evidence.map((x) => x.evidence) },
    ],
  })
  const codeUrl = isV1Success(created.body) ? qrOf(created.body!) : undefined
  if (!codeUrl) {
    const why = created.body ? " without a QR content" : ` (${created.evidence.error ?? "not IOTPay's envelope"})`
    return notPaid(`No: create_order was answered ${describeV1Answer(created.body)}${why}.`, [created])
  }
  seen.push({ what: "create_order", record: created.body!, evidence: created.evidence })
  const host = new URL(settings.v1ApiBase).hostname
  const walletPage =
    host === IOTPAY_V1_HOST
      ? undefined
      : `${settings.v1ApiBase.replace(/\/+$/, "").replace(/\/v1$/, "")}/v1/scan?code=${encodeURIComponent(codeUrl)}`
  await settings.onV1Payment({ mchOrderNo, codeUrl, ...(walletPage ? { walletPage } : {}) })
  const base = { mchOrderNo, codeUrl, ...(walletPage ? { walletPage } : {}) }

  const deadline = Date.now() + settings.paymentTimeoutMs
  let query: Exchange
  for (;;) {
    query = await wire.call("query_order", { mchOrderNo })
    const outcome = isV1Success(query.body) ? classifyV1Status(query.body!.status as number) : "pending"
    if (outcome === "failed") {
      const status = String(query.body!.status)
      return notPaid(`No: the payment ended unpaid (status ${status}: cancelled or closed).`, [created, query], base)
    }
    if (outcome === "paid") break
    if (Date.now() >= deadline) {
      return notPaid(
        `Not paid within ${Math.round(settings.paymentTimeoutMs / 1000)} s (last answer ${describeV1Answer(query.body)}). If you pay ${mchOrderNo} later, refund it in IOTPay's portal.`,
        [created, query],
        base
      )
    }
    await new Promise((resolve) => setTimeout(resolve, settings.pollIntervalMs))
  }
  const paid = query.body!
  seen.push({ what: "query_order (payment)", record: paid, evidence: query.evidence })
  const payOrderId = String(paid.payOrderId)
  const findings: Finding[] = [
    {
      id: "v1-test-payment",
      question,
      answer: `Yes: paid as ${payOrderId} (status ${String(paid.status)}).`,
      status: "ok",
      evidence: [created.evidence, query.evidence],
    },
  ]
  const refund = (mchRefundNo: string, refundAmount: number) =>
    wire.call("refund_order", {
      payOrderId,
      mchRefundNo,
      refundAmount,
      currency: settings.currency,
      loginName: wire.loginName,
      clientIp: settings.clientIp,
      device: "WEB",
    })

  const refundNo = doctorNumber("DOCV1R")
  const part = await refund(refundNo, 1)
  if (!isV1Success(part.body)) {
    findings.push({
      id: "v1-refund",
      question: "Is a partial v1 refund accepted right after the payment?",
      answer: `No: refund_order was answered ${describeV1Answer(part.body)}${part.body ? "" : ` (${part.evidence.error})`}. Refund ${payOrderId} in IOTPay's portal.`,
      status: "problem",
      evidence: [part.evidence],
    })
    return { ...base, payOrderId, findings, settled: false, stop: EXIT.testPayment }
  }
  seen.push({ what: "refund_order", record: part.body!, evidence: part.evidence })
  findings.push({
    id: "v1-refund",
    question: "Is a partial v1 refund accepted right after the payment?",
    answer: `Yes: ${describeV1Answer(part.body)}, refundOrderId ${String(part.body!.refundOrderId ?? "-")}, status ${String(part.body!.status ?? "-")}.`,
    status: "ok",
    evidence: [part.evidence],
  })
  let refunded = 1

  const again = await refund(refundNo, 1)
  const lookup = await wire.call(settings.refundQueryPath, { mchRefundNo: refundNo })
  const found = isV1Success(lookup.body) && lookup.body!.mchRefundNo === refundNo
  if (found) seen.push({ what: settings.refundQueryPath, record: lookup.body!, evidence: lookup.evidence })
  findings.push({
    id: "v1-refund-query",
    question: `Does the v1 refund query at "${settings.refundQueryPath}" find a refund by its mchRefundNo?`,
    answer: found
      ? `Yes (${describeV1Answer(lookup.body)}): set v1RefundQueryPath so a refund whose answer was lost is looked up.`
      : `No: answered ${lookup.body ? describeV1Answer(lookup.body) : `HTTP ${lookup.evidence.httpStatus ?? "-"} ${lookup.evidence.error ?? "not IOTPay's envelope"}`}. Leave v1RefundQueryPath unset (a lost refund answer is settled by resending its mchRefundNo), or ask IOTPay for the path.`,
    status: "ok",
    ...(found ? { options: { v1RefundQueryPath: settings.refundQueryPath } } : {}),
    evidence: [lookup.evidence],
  })

  const sameRecord =
    isV1Success(again.body) &&
    (again.body!.refundOrderId === undefined || again.body!.refundOrderId === part.body!.refundOrderId)
  const repeatQuestion = "What does v1 answer a repeated refund_order with the same mchRefundNo?"
  if (sameRecord) {
    findings.push({
      id: "v1-repeated-refund-no",
      question: repeatQuestion,
      answer: `The original refund again (${describeV1Answer(again.body)}): nothing was refunded twice, so the plugin may resend a refund whose answer was lost.`,
      status: "ok",
      evidence: [again.evidence],
    })
  } else if (isV1Success(again.body)) {
    refunded += 1
    findings.push({
      id: "v1-repeated-refund-no",
      question: repeatQuestion,
      answer: `A SECOND refund (refundOrderId ${String(again.body!.refundOrderId)}): IOTPay does not deduplicate mchRefundNo, and a resent refund would give money back twice. Do not go live with v1 refunds; tell IOTPay and the plugin's maintainers.`,
      status: "problem",
      evidence: [again.evidence],
    })
  } else {
    findings.push({
      id: "v1-repeated-refund-no",
      question: repeatQuestion,
      answer: `Refused (${describeV1Answer(again.body)}${again.body ? "" : `, ${again.evidence.error}`}): nothing moved twice, but a resend cannot confirm a refund whose answer was lost.${found ? " The refund query settles it: set v1RefundQueryPath." : " Without a refund query such a refund stays unknown until checked in IOTPay's portal."}`,
      status: found ? "ok" : "warning",
      evidence: [again.evidence],
    })
  }

  const rest = amount - refunded
  const back = rest > 0 ? await refund(doctorNumber("DOCV1R"), rest) : undefined
  const settled = rest <= 0 || isV1Success(back?.body)
  findings.push({
    id: "v1-money-returned",
    question: "Was every cent of the v1 test payment given back?",
    answer: settled
      ? `Yes: ${refunded} + ${Math.max(rest, 0)} cents refunded of ${amount}.`
      : `No: the refund of the remaining ${rest} cents was answered ${describeV1Answer(back?.body)}. Refund ${payOrderId} in IOTPay's portal.`,
    status: settled && refunded + Math.max(rest, 0) === amount ? "ok" : "problem",
    evidence: back ? [back.evidence] : [],
  })
  return { ...base, payOrderId, findings, settled, ...(settled ? {} : { stop: EXIT.testPayment }) }
}

/**
 * The QR content of a WX_NATIVE answer: codeUrl, qr_code, payParams.codeUrl or code_url (docs/iotpay-v1-protocol.md
 * §4).
 */
function qrOf(body: Record<string, unknown>): string | undefined {
  const payParams = body.payParams as Record<string, unknown> | undefined
  const found = [body.codeUrl, body.qr_code, payParams?.codeUrl, body.code_url].find(
    (v) => typeof v === "string" && v !== ""
  )
  return found as string | undefined
}
