/** `iotpay-doctor`'s programmatic API: run the probes against a host and get the report (no Medusa imports). */
import type { DoctorConfig } from "./config"
import { EXIT, type DoctorReport, type Finding } from "./findings"
import { safeProbes } from "./probes"
import { responseSigning, settlementFlag, type SeenRecord } from "./records"
import { reversalProbes } from "./reversal-probes"
import { payTestPayment } from "./test-payment"
import { DoctorWire } from "./wire"

export type { DoctorConfig } from "./config"
export type { DoctorReport, Finding, Evidence, QuestionId } from "./findings"
export { formatReport } from "./report"

export interface DoctorHooks {
  /** Called with the hosted page's URL once the test purchase exists: show it to the merchant (tests pay it here). */
  onPaymentPage?: (url: string) => void | Promise<void>
}

type RunConfig = Pick<DoctorConfig, "merchantId" | "loginName" | "secretKey" | "apiBase"> & Partial<DoctorConfig>

export async function runDoctor(input: RunConfig, hooks: DoctorHooks = {}): Promise<DoctorReport> {
  const config = {
    live: false,
    withTestPayment: false,
    amountCents: 100,
    paymentTimeoutMs: 600_000,
    pollIntervalMs: 3000,
    timeoutMs: 20_000,
    returnUrl: "https://example.com/iotpay-doctor",
    notifyUrl: "https://example.com/iotpay-doctor/notify",
    ...input,
  }
  const wire = new DoctorWire(config)
  const findings: Finding[] = []
  const seen: SeenRecord[] = []
  const report = (exitCode: number, testPayment?: DoctorReport["testPayment"]): DoctorReport => {
    const options = Object.assign({}, ...findings.map((f) => f.options ?? {})) as Record<string, string>
    return {
      apiBase: config.apiBase,
      merchantId: config.merchantId,
      live: config.live,
      completed: exitCode === EXIT.completed,
      exitCode,
      findings,
      options,
      ...(testPayment ? { testPayment } : {}),
    }
  }

  const probes = await safeProbes(wire)
  findings.push(...probes.findings)
  if (probes.stop !== undefined) return report(probes.stop)
  if (!config.withTestPayment) {
    findings.push(responseSigning(seen, config.secretKey))
    return report(EXIT.completed)
  }

  const payment = await payTestPayment(wire, { ...config, onPaymentPage: hooks.onPaymentPage ?? (() => {}) }, seen)
  findings.push(payment.finding)
  const testPayment = {
    mchOrderNo: payment.mchOrderNo,
    payOrderId: payment.paid?.payOrderId,
    amountCents: config.amountCents,
    paymentPageUrl: payment.paymentPageUrl,
  }
  if (!payment.paid) {
    findings.push(responseSigning(seen, config.secretKey))
    return report(payment.stop ?? EXIT.testPayment, testPayment)
  }
  findings.push(...(await reversalProbes(wire, payment.paid, config.amountCents, seen)))
  findings.push(responseSigning(seen, config.secretKey), settlementFlag(seen))
  const moneyBack = findings.find((f) => f.id === "money-returned")?.status === "ok"
  return report(moneyBack ? EXIT.completed : EXIT.testPayment, testPayment)
}
