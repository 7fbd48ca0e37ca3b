/** `iotpay-doctor`'s programmatic API: run the probes against a host and get the report (no Medusa imports). */
import type { DoctorConfig } from "./config"
import { EXIT, type DoctorReport, type Finding } from "./findings"
import { listenForNotifies, notifyFinding, waitForDelivery, type NotifyListener } from "./notify-listener"
import { safeProbes } from "./probes"
import { responseSigning, settlementFlag, type SeenRecord } from "./records"
import { reversalProbes } from "./reversal-probes"
import { payTestPayment } from "./test-payment"
import { v1SafeProbes } from "./v1-probes"
import { v1TestPayment, type V1PaymentToPay } from "./v1-test-payment"
import { DoctorWire } from "./wire"

export type { DoctorConfig } from "./config"
export type { DoctorReport, Finding, Evidence, QuestionId } from "./findings"
export type { V1PaymentToPay } from "./v1-test-payment"
export { formatReport } from "./report"
export { scrubSecret } from "./wire"

export interface DoctorHooks {
  /** Called with the hosted page's URL once the test purchase exists: show it to the merchant (tests pay it here). */
  onPaymentPage?: (url: string) => void | Promise<void>
  /** Called once the v1 WX_NATIVE test payment exists: its QR content (and a sandbox's wallet page) to pay. */
  onV1Payment?: (payment: V1PaymentToPay) => void | Promise<void>
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
    v1RefundQueryPath: "query_refund_order",
    v1AmountCents: 2,
    v1Currency: "CAD",
    clientIp: "127.0.0.1",
    notifyWaitMs: 30_000,
    ...input,
  }
  const listener =
    config.withTestPayment && config.notifyListenPort !== undefined
      ? await listenForNotifies(config.notifyListenPort)
      : undefined
  try {
    return await run(config, hooks, listener)
  } finally {
    await listener?.close()
  }
}

type Config = Parameters<typeof run>[0]

async function run(
  config: RunConfig & Omit<DoctorConfig, "json" | "v1ApiBase" | "notifyListenPort">,
  hooks: DoctorHooks,
  listener: NotifyListener | undefined
): Promise<DoctorReport> {
  const findings: Finding[] = []
  const v3 = await v3Part(config, hooks, listener)
  findings.push(...v3.findings)
  const v1 = config.v1ApiBase ? await v1Part(config, hooks, listener) : undefined
  if (v1) findings.push(...v1.findings)
  const exitCode = v3.exitCode || (v1?.exitCode ?? EXIT.completed)
  return {
    apiBase: config.apiBase,
    merchantId: config.merchantId,
    live: config.live,
    completed: exitCode === EXIT.completed,
    exitCode,
    findings,
    options: optionsOf(findings),
    ...(v3.testPayment ? { testPayment: v3.testPayment } : {}),
    ...(config.v1ApiBase ? { v1ApiBase: config.v1ApiBase } : {}),
    ...(v1?.testPayment ? { v1TestPayment: v1.testPayment } : {}),
  }
}

interface Part<T> {
  findings: Finding[]
  exitCode: number
  testPayment?: T
}

/** The V3 (card) questions, as before v1 was asked too. */
async function v3Part(
  config: Config,
  hooks: DoctorHooks,
  listener: NotifyListener | undefined
): Promise<Part<NonNullable<DoctorReport["testPayment"]>>> {
  const wire = new DoctorWire(config)
  const findings: Finding[] = []
  const seen: SeenRecord[] = []
  const notify = (mchOrderNo?: string) =>
    notifyFinding({ id: "notify-delivery", api: "V3", mchOrderNo }, listener, config.secretKey, config.notifyUrl)

  const probes = await safeProbes(wire)
  findings.push(...probes.findings)
  if (probes.stop !== undefined) return { findings, exitCode: probes.stop }
  if (!config.withTestPayment) {
    findings.push(responseSigning(seen, config.secretKey), notify())
    return { findings, exitCode: EXIT.completed }
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
    return { findings, exitCode: payment.stop ?? EXIT.testPayment, testPayment }
  }
  if (listener) await waitForDelivery(listener, payment.mchOrderNo, config.notifyWaitMs)
  findings.push(...(await reversalProbes(wire, payment.paid, config.amountCents, seen)))
  findings.push(responseSigning(seen, config.secretKey), settlementFlag(seen), notify(payment.mchOrderNo))
  const moneyBack = findings.find((f) => f.id === "money-returned")?.status === "ok"
  return { findings, exitCode: moneyBack ? EXIT.completed : EXIT.testPayment, testPayment }
}

/** The v1 (WeChat Pay, Alipay, UnionPay) questions, at --v1-api-base. */
async function v1Part(
  config: Config,
  hooks: DoctorHooks,
  listener: NotifyListener | undefined
): Promise<Part<NonNullable<DoctorReport["v1TestPayment"]>>> {
  const v1ApiBase = config.v1ApiBase!
  const wire = new DoctorWire({ ...config, apiBase: v1ApiBase, v1: true })
  const findings: Finding[] = []
  const seen: SeenRecord[] = []
  const notify = (mchOrderNo?: string) =>
    notifyFinding({ id: "v1-notify-delivery", api: "v1", mchOrderNo }, listener, config.secretKey, config.notifyUrl)

  const probes = await v1SafeProbes(wire, config.secretKey, v1ApiBase)
  findings.push(...probes.findings)
  if (probes.stop !== undefined) return { findings, exitCode: probes.stop }
  if (!config.withTestPayment) {
    findings.push(responseSigning(seen, config.secretKey, "v1-response-signing"), notify())
    return { findings, exitCode: EXIT.completed }
  }
  const payment = await v1TestPayment(
    wire,
    {
      v1ApiBase,
      amountCents: config.v1AmountCents,
      currency: config.v1Currency,
      notifyUrl: config.notifyUrl,
      clientIp: config.clientIp,
      refundQueryPath: config.v1RefundQueryPath,
      pollIntervalMs: config.pollIntervalMs,
      paymentTimeoutMs: config.paymentTimeoutMs,
      onV1Payment: hooks.onV1Payment ?? (() => {}),
    },
    seen
  )
  findings.push(...payment.findings)
  if (listener && payment.payOrderId) await waitForDelivery(listener, payment.mchOrderNo, config.notifyWaitMs)
  findings.push(
    responseSigning(seen, config.secretKey, "v1-response-signing"),
    notify(payment.payOrderId ? payment.mchOrderNo : undefined)
  )
  const testPayment = {
    mchOrderNo: payment.mchOrderNo,
    payOrderId: payment.payOrderId,
    amountCents: config.v1AmountCents,
    codeUrl: payment.codeUrl,
    walletPage: payment.walletPage,
  }
  return { findings, exitCode: payment.stop ?? EXIT.completed, testPayment }
}

const SIGNATURE_STRICTNESS = ["off", "if-present", "required"]

/**
 * Every matching option in one object. verifyResponseSignatures is one option for both APIs of an entry: the less
 * strict of the two answers, so neither API's answers are refused.
 */
function optionsOf(findings: Finding[]): Record<string, string> {
  const options = Object.assign({}, ...findings.map((f) => f.options ?? {})) as Record<string, string>
  const signing = findings
    .map((f) => f.options?.verifyResponseSignatures)
    .filter((v): v is string => v !== undefined)
    .sort((a, b) => SIGNATURE_STRICTNESS.indexOf(a) - SIGNATURE_STRICTNESS.indexOf(b))
  if (signing.length) options.verifyResponseSignatures = signing[0]
  return options
}
