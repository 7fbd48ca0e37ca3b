/** A sandbox per test and the doctor pointed at it; the hosted page is paid over HTTP, as a shopper would. */
import { payOnHostedPage, CARDS } from "../../../integration-tests/helpers/hosted-page"
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../../sandbox"
import { runDoctor, type DoctorReport } from "../index"

export const MERCHANT = { merchantId: "10000999", loginName: "doctor", secretKey: "DOCTOR-TEST-SECRET-5b1e77" }

export async function withSandbox<T>(
  options: SandboxOptions,
  run: (sandbox: RunningSandbox) => Promise<T>
): Promise<T> {
  const sandbox = await startSandbox({ ...MERCHANT, notifyRetryDelaysMs: [0], notifyTimeoutMs: 200, ...options })
  try {
    return await run(sandbox)
  } finally {
    await sandbox.close()
  }
}

export function doctorAgainst(
  sandbox: RunningSandbox,
  overrides: Record<string, unknown> = {},
  card: string | null = CARDS.visa
): Promise<DoctorReport> {
  return runDoctor(
    {
      ...MERCHANT,
      apiBase: sandbox.apiBase,
      withTestPayment: true,
      notifyUrl: `${sandbox.url}/_sink`,
      pollIntervalMs: 20,
      paymentTimeoutMs: 1500,
      timeoutMs: 2000,
      ...overrides,
    },
    { onPaymentPage: async (url) => void (card ? await payOnHostedPage(url, card) : undefined) }
  )
}

export const finding = (report: DoctorReport, id: string) => {
  const found = report.findings.find((f) => f.id === id)
  if (!found) throw new Error(`no finding ${id} in ${report.findings.map((f) => f.id).join(", ")}`)
  return found
}

export { CARDS }
