/** Shared plumbing for the provider tests: a sandbox, providers built like Medusa builds them, a shopper, faults. */
import { ulid } from "ulid"
import {
  SANDBOX_CARDS,
  payOnHostedPage as payOnSandboxPage,
  startSandbox,
  type RunningSandbox,
  type SandboxOptions,
} from "../../../sandbox"
import { IotpayCardProviderService } from "../card-service"
import { IotpayAppleGooglePayProviderService } from "../apple-google-pay-service"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import { later, silentLogger } from "../../../__tests__/support"

export const MERCHANT = { merchantId: "10000888", loginName: "shopdemo", secretKey: "PROVIDER-TEST-SECRET-9f2c" }

export const CARDS = {
  approve: SANDBOX_CARDS.visa,
  decline: SANDBOX_CARDS.declined,
  approveNoNotify: SANDBOX_CARDS.noNotify,
}

export { failure, silentLogger } from "../../../__tests__/support"

export function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ ...MERCHANT, notifyRetryDelaysMs: [0], ...options })
}

export function providerOptions(sandbox: RunningSandbox, overrides: Record<string, unknown> = {}) {
  return {
    ...MERCHANT,
    apiBase: sandbox.apiBase,
    backendUrl: "http://medusa.test",
    returnUrl: "http://shop.test/return",
    allowedReturnUrls: ["http://shop.test"],
    // A lost answer (commitThenHang) costs a test this long (the client keeps its timer to the millisecond); a
    // loaded machine still answers well within it.
    headersTimeoutMs: 500,
    bodyTimeoutMs: 500,
    ...overrides,
  }
}

const created: { client_: unknown }[] = []

export function makeProvider(
  sandbox: RunningSandbox,
  overrides: Record<string, unknown> = {}
): IotpayCardProviderService {
  const provider = new IotpayCardProviderService(
    { logger: silentLogger, configModule: undefined },
    providerOptions(sandbox, overrides)
  )
  created.push(provider as any)
  return provider
}

export function makeWalletProvider(sandbox: RunningSandbox, overrides: Record<string, unknown> = {}) {
  const provider = new IotpayAppleGooglePayProviderService(
    { logger: silentLogger, configModule: undefined },
    providerOptions(sandbox, overrides)
  )
  created.push(provider as any)
  return provider
}

/** Closes the connection pools of every provider made so far (call in afterAll, before the sandbox closes). */
export async function closeProviders(): Promise<void> {
  await Promise.all(created.splice(0).map((p) => (p as any).client_.close()))
}

export const sessionId = () => `payses_${ulid()}`
export const refundId = () => `ref_${ulid()}`
export const paymentId = () => `pay_${ulid()}`

/** What Medusa's refundPaymentWorkflow passes to refundPayment: the data, the amount, its refund id as the key. */
export const refundInput = (data: unknown, amount: unknown, key = refundId()) =>
  ({ data, amount, context: { idempotency_key: key } }) as any

/** What Medusa's createPaymentSessionsWorkflow passes to initiatePayment. */
export function initiateInput(amount: unknown, extra: { data?: Record<string, unknown>; currency_code?: string } = {}) {
  const id = sessionId()
  return {
    amount,
    currency_code: extra.currency_code ?? "cad",
    // return_url: the storefront commits (Place order), so initiate opens the payment at IOTPay (payment-start.ts)
    data: { session_id: id, return_url: "http://shop.test/return", ...extra.data },
    context: { idempotency_key: id, customer: { id: `cus_${ulid()}` } },
  } as any
}

/** Medusa's raw BigNumber, as refundPaymentWorkflow passes it. */
export const big = (value: string) => ({ value, precision: 20 }) as any

/** The shopper on the hosted card page (the sandbox's own helper), with the expiry these tests expect back: 12/39. */
export const payOnHostedPage = (redirectUrl: string, cardNum: string) =>
  payOnSandboxPage(redirectUrl, cardNum, { expiry: "1239" })

/** initiatePayment, then the shopper pays with `card`: the session data as Medusa holds it (before authorize). */
export async function initiateAndPay(
  provider: IotpayCardProviderService,
  amount: unknown,
  card = CARDS.approve
): Promise<IotpaySessionData> {
  const { data } = await provider.initiatePayment(initiateInput(amount))
  await payOnHostedPage((data as IotpaySessionData).redirectUrl!, card)
  return data as IotpaySessionData
}

/** A paid and authorized payment: payment.data as Medusa stores it after cart completion. */
export async function authorizedPayment(
  provider: IotpayCardProviderService,
  amount: unknown
): Promise<IotpaySessionData> {
  const data = await initiateAndPay(provider, amount)
  const result = await provider.authorizePayment({ data } as any)
  if (result.status !== "authorized") throw new Error(`expected authorized, got ${result.status}`)
  return result.data as IotpaySessionData
}

export async function addFault(sandbox: RunningSandbox, spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  })
  if (res.status !== 200) throw new Error(`fault refused: ${await res.text()}`)
}

export async function clearFaults(sandbox: RunningSandbox): Promise<void> {
  await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" })
}

/** The reversals (refund/void records) the sandbox holds for one payment. */
export function reversalsAt(sandbox: RunningSandbox, payOrderId: string) {
  return sandbox.orders().filter((o) => o.sandbox.kind !== "payment" && o.originalOrderId === payOrderId)
}

/**
 * A sandbox and a card provider for one test file, started before its tests and closed after. Both are usable as
 * returned (`const { sandbox, provider } = useProviderSandbox()`): they stand for the instances beforeAll creates.
 */
export function useProviderSandbox(options: SandboxOptions = {}) {
  const ctx = {
    sandbox: undefined as unknown as RunningSandbox,
    provider: undefined as unknown as IotpayCardProviderService,
  }
  beforeAll(async () => {
    ctx.sandbox = await startTestSandbox(options)
    ctx.provider = makeProvider(ctx.sandbox)
  })
  afterAll(async () => {
    await closeProviders()
    await ctx.sandbox.close()
  })
  return { sandbox: later(() => ctx.sandbox), provider: later(() => ctx.provider) }
}
