/** A sandbox per test and the doctor pointed at it; the hosted page is paid over HTTP, as a shopper would. */
import { createServer } from "node:net"
import { payOnHostedPage, CARDS } from "../../../integration-tests/helpers/hosted-page"
import { actOnV1Page, startSandbox, type RunningSandbox, type SandboxOptions, type ShopperAction } from "../../sandbox"
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

/** A port free right now (taken, then released), for the doctor's notify listener. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * The doctor with a test payment against the sandbox, listening for the sandbox's notifies. `card` pays the hosted
 * page (null: left unpaid); with `v1` the v1 API is asked too and its QR is paid on the sandbox's wallet page.
 */
export async function doctorAgainst(
  sandbox: RunningSandbox,
  overrides: Record<string, unknown> = {},
  card: string | null = CARDS.visa,
  v1?: { action: ShopperAction }
): Promise<DoctorReport> {
  const port = await freePort()
  return runDoctor(
    {
      ...MERCHANT,
      apiBase: sandbox.apiBase,
      ...(v1 ? { v1ApiBase: sandbox.v1.apiBase } : {}),
      withTestPayment: true,
      notifyListenPort: port,
      notifyUrl: `http://127.0.0.1:${port}/notify`,
      notifyWaitMs: 3000,
      pollIntervalMs: 20,
      paymentTimeoutMs: 1500,
      timeoutMs: 2000,
      ...overrides,
    },
    {
      onPaymentPage: async (url) => void (card ? await payOnHostedPage(url, card) : undefined),
      onV1Payment: async (payment) => {
        if (v1 && v1.action !== "leave") await actOnV1Page(payment.walletPage!, v1.action)
      },
    }
  )
}

export const finding = (report: DoctorReport, id: string) => {
  const found = report.findings.find((f) => f.id === id)
  if (!found) throw new Error(`no finding ${id} in ${report.findings.map((f) => f.id).join(", ")}`)
  return found
}

export { CARDS }
