import { classifyStatus } from "../iotpay"
import { describeAnswer, isSuccess, retDataOf } from "./answers"
import { EXIT, type Finding } from "./findings"
import { doctorNumber } from "./numbers"
import type { SeenRecord } from "./records"
import type { DoctorWire } from "./wire"

/**
 * One small hosted-page purchase the merchant pays with IOTPay's test card. The doctor never pays it itself: a real
 * host must see a person on its page. Tests pay the sandbox's page from onPaymentPage.
 */
export interface TestPaymentSettings {
  amountCents: number
  returnUrl: string
  notifyUrl: string
  pollIntervalMs: number
  paymentTimeoutMs: number
  onPaymentPage: (url: string) => void | Promise<void>
}

export interface PaidTestPayment {
  mchOrderNo: string
  payOrderId: string
  paymentPageUrl: string
}

export interface TestPaymentOutcome {
  finding: Finding
  paid?: PaidTestPayment
  mchOrderNo: string
  paymentPageUrl?: string
  stop?: number
}

export async function payTestPayment(
  wire: DoctorWire,
  settings: TestPaymentSettings,
  seen: SeenRecord[]
): Promise<TestPaymentOutcome> {
  const question = `Can a ${(settings.amountCents / 100).toFixed(2)} CAD test purchase be made and paid on IOTPay's hosted page?`
  const mchOrderNo = doctorNumber("DOCPAY")
  const purchase = await wire.call("cc_purchase", {
    mchOrderNo,
    mchUserId: "iotpay-doctor",
    amount: settings.amountCents,
    currency: "CAD",
    loginName: wire.loginName,
    channel: "PF_CC",
    notifyUrl: settings.notifyUrl,
    returnUrl: settings.returnUrl,
    subject: "iotpay-doctor test payment",
  })
  const page = retDataOf(purchase.body)
  const url = typeof page?.redirectUrl === "string" ? page.redirectUrl : undefined
  if (!isSuccess(purchase.body) || !url) {
    return {
      mchOrderNo,
      stop: EXIT.testPayment,
      finding: {
        id: "test-payment",
        question,
        answer: `No: cc_purchase was answered ${describeAnswer(purchase.body)}.`,
        status: "problem",
        evidence: [purchase.evidence],
      },
    }
  }
  seen.push({ what: "cc_purchase", record: page!, evidence: purchase.evidence })
  await settings.onPaymentPage(url)

  const deadline = Date.now() + settings.paymentTimeoutMs
  for (;;) {
    const query = await wire.call("cc_query", { mchOrderNo })
    const record = isSuccess(query.body) ? retDataOf(query.body) : undefined
    const outcome = record ? classifyStatus(record.status as number) : "pending"
    if (record && outcome !== "pending") {
      seen.push({ what: "cc_query (payment)", record, evidence: query.evidence })
      if (outcome === "failed") {
        return {
          mchOrderNo,
          paymentPageUrl: url,
          stop: EXIT.testPayment,
          finding: {
            id: "test-payment",
            question,
            answer: `No: the payment was declined (status ${String(record.status)}, ${describeAnswer(query.body)}). Pay with IOTPay's approving test card.`,
            status: "problem",
            evidence: [purchase.evidence, query.evidence],
          },
        }
      }
      const payOrderId = String(record.payOrderId)
      return {
        mchOrderNo,
        paymentPageUrl: url,
        paid: { mchOrderNo, payOrderId, paymentPageUrl: url },
        finding: {
          id: "test-payment",
          question,
          answer: `Yes: paid as ${payOrderId} (status ${String(record.status)}).`,
          status: "ok",
          evidence: [purchase.evidence, query.evidence],
        },
      }
    }
    if (Date.now() >= deadline) {
      return {
        mchOrderNo,
        paymentPageUrl: url,
        stop: EXIT.testPayment,
        finding: {
          id: "test-payment",
          question,
          answer: `Not paid within ${Math.round(settings.paymentTimeoutMs / 1000)} s (last answer ${describeAnswer(query.body)}). If you pay ${mchOrderNo} later, void it in IOTPay's portal.`,
          status: "problem",
          evidence: [purchase.evidence, query.evidence],
        },
      }
    }
    await new Promise((resolve) => setTimeout(resolve, settings.pollIntervalMs))
  }
}
