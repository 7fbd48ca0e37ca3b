// The v1 providers (Alipay, WeChat Pay, UnionPay through IOTPay's General Order API) against the sandbox's /v1/.
import { actOnV1Page, type RunningSandbox } from "../../../sandbox"
import { signV1Message } from "../../../iotpay"
import { V1_CLIENT_IP_KEY } from "../../../lib/client-ip/client-ip-forwarded"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import {
  IotpayAlipayProviderService,
  IotpayUnionpayProviderService,
  IotpayWechatProviderService,
} from "../v1-wallet-services"
import type { AbstractIotpayV1WalletProvider } from "../v1-wallet-base-service"
import {
  addFault,
  big,
  clearFaults,
  failure,
  initiateInput,
  MERCHANT,
  providerOptions,
  refundId,
  refundInput,
  silentLogger,
  startTestSandbox,
} from "./helpers"

let sandbox: RunningSandbox
const made: AbstractIotpayV1WalletProvider[] = []
type V1Class = new (cradle: object, options: Record<string, unknown>) => AbstractIotpayV1WalletProvider

function make(Service: V1Class, overrides: Record<string, unknown> = {}) {
  const provider = new Service(
    { logger: silentLogger, configModule: undefined },
    providerOptions(sandbox, { v1ApiBase: sandbox.v1.apiBase, v1RefundQueryPath: "query_refund_order", ...overrides })
  )
  made.push(provider)
  return provider
}

beforeAll(async () => {
  sandbox = await startTestSandbox()
})
afterAll(async () => {
  await Promise.all(made.map((p) => (p as any).gateway_.client.close()))
  await sandbox.close()
})
afterEach(() => clearFaults(sandbox))

// What the plugin's store-route middleware writes from the request (src/lib/client-ip/client-ip-request.ts).
const SHOPPER = { [V1_CLIENT_IP_KEY]: "203.0.113.7" }
const refundsAt = (payOrderId: string) =>
  sandbox.v1.orders().filter((o) => o.sandbox.kind === "refund" && (o as any).payOrderId === payOrderId)

async function initiate(
  provider: AbstractIotpayV1WalletProvider,
  amount: unknown,
  data: Record<string, unknown> = {},
  currency_code = "cad"
) {
  const out = await provider.initiatePayment(initiateInput(amount, { data: { ...SHOPPER, ...data }, currency_code }))
  return out.data as IotpaySessionData
}

/** Paid and authorized: the shopper approved in the sandbox's wallet. */
async function authorized(provider: AbstractIotpayV1WalletProvider, amount: unknown, currency_code = "cad") {
  const data = await initiate(provider, amount, {}, currency_code)
  sandbox.v1.act(data.mchOrderNo!, "approve")
  const result = await provider.authorizePayment({ data } as any)
  expect(result.status).toBe("authorized")
  return result.data as IotpaySessionData
}

describe("Alipay", () => {
  it("desktop → ALIPAY_PC redirect; the shopper pays on the cashier; authorize finds it paid", async () => {
    const provider = make(IotpayAlipayProviderService)
    // 28.2387 → 2824 cents, half-up once; storefront keys that try to set provider state are dropped.
    const data = await initiate(provider, 28.2387, { device: "desktop", amountCents: 1, mchOrderNo: "EVIL" })
    expect(data).toMatchObject({ mode: "v1", channel: "ALIPAY_PC", amountCents: 2824, clientIp: "203.0.113.7" })
    expect(data.mchOrderNo).not.toBe("EVIL")
    expect(data.redirectUrl).toMatch(/\/v1\/cashier\//)
    expect(sandbox.v1.order(data.mchOrderNo!)).toMatchObject({ channelId: "ALIPAY_PC", amount: 2824, currency: "CAD" })

    expect((await provider.authorizePayment({ data } as any)).status).toBe("pending")
    const back = await actOnV1Page(data.redirectUrl!, "approve")
    expect(back.location).toMatch(/^http:\/\/shop\.test\/return/)
    const result = await provider.authorizePayment({ data } as any)
    expect(result.status).toBe("authorized")
    expect((result.data as IotpaySessionData).payOrderId).toBe(sandbox.v1.order(data.mchOrderNo!)!.payOrderId)
  })

  it("mobile (data.device, or a phone's user agent) → ALIPAY_WAP", async () => {
    const provider = make(IotpayAlipayProviderService)
    expect((await initiate(provider, 10, { device: "mobile" })).channel).toBe("ALIPAY_WAP")
    const ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"
    expect((await initiate(provider, 10, { user_agent: ua })).channel).toBe("ALIPAY_WAP")
    expect((await initiate(provider, 10)).channel).toBe("ALIPAY_PC")
  })

  it("no client IP: a clear 400-class error and nothing is sent", async () => {
    const provider = make(IotpayAlipayProviderService)
    const before = sandbox.v1.orders().length
    const err = await failure(provider.initiatePayment(initiateInput(10)))
    expect((err as any).type).toBe("invalid_data")
    expect(err.message).toMatch(/requires the shopper's IP address, and this payment session has none.*trustedProxies/)
    // A storefront's own data.client_ip is never read: it could say anything.
    const forged = await failure(provider.initiatePayment(initiateInput(10, { data: { client_ip: "203.0.113.7" } })))
    expect((forged as any).type).toBe("invalid_data")
    expect(forged.message).toMatch(/requires the shopper's IP address/)
    expect(sandbox.v1.orders()).toHaveLength(before)
  })
})

describe("WeChat Pay", () => {
  it("WX_NATIVE: session data carries the QR content; paid once the wallet approves", async () => {
    const provider = make(IotpayWechatProviderService)
    const data = await initiate(provider, 12.5)
    expect(data.channel).toBe("WX_NATIVE")
    expect(data.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/)
    sandbox.v1.act(data.mchOrderNo!, "approve")
    const result = await provider.authorizePayment({ data } as any)
    expect(result.status).toBe("authorized")
    expect((result.data as IotpaySessionData).codeUrl).toBeUndefined()
  })

  it("inside WeChat's browser → WX_JSAPI through payForSubmit", async () => {
    const provider = make(IotpayWechatProviderService)
    const data = await initiate(provider, 12.5, { in_wechat: true })
    expect(data.channel).toBe("WX_JSAPI")
    expect(data.redirectUrl).toBeDefined()
    expect(sandbox.v1.order(data.mchOrderNo!)!.sandbox.via).toBe("payForSubmit")
  })

  it("cancelled by the shopper (9952) and closed by IOTPay (9953): clear errors, nothing charged", async () => {
    const provider = make(IotpayWechatProviderService)
    const cancelled = await initiate(provider, 99.52)
    expect((await failure(provider.authorizePayment({ data: cancelled } as any))).message).toMatch(
      /the shopper cancelled it \(status 9\); nothing was charged/
    )
    const closed = await initiate(provider, 99.53)
    expect((await failure(provider.authorizePayment({ data: closed } as any))).message).toMatch(
      /IOTPay closed it unpaid \(status 4/
    )
  })
})

describe("UnionPay", () => {
  it("UPI_SEQ redirect; paid at once (9951) authorizes", async () => {
    const provider = make(IotpayUnionpayProviderService)
    const data = await initiate(provider, 99.51)
    expect(data.channel).toBe("UPI_SEQ")
    expect(data.redirectUrl).toBeDefined()
    expect((await provider.authorizePayment({ data } as any)).status).toBe("authorized")
  })
})

describe("refunds and cancel", () => {
  it("two partial refunds, a repeat changes nothing, then an over-refund is refused with nothing sent", async () => {
    const provider = make(IotpayWechatProviderService)
    const paid = await authorized(provider, 19.99)
    const first = refundId()
    const r1 = (await provider.refundPayment(refundInput(paid, big("5.00"), first))).data as IotpaySessionData
    const r2 = (await provider.refundPayment(refundInput(r1, big("3.99")))).data as IotpaySessionData
    const again = (await provider.refundPayment(refundInput(r2, big("5.00"), first))).data as IotpaySessionData
    expect(again.reversals).toHaveLength(2)
    expect(
      refundsAt(paid.payOrderId!)
        .map((r: any) => r.refundAmount)
        .sort()
    ).toEqual([399, 500])
    expect(r2.reversals!.map((r) => r.mchRefundNo)[0]).toBe(`R${first.slice(4)}`)
    const err = await failure(provider.refundPayment(refundInput(r2, big("11.01"))))
    expect(err.message).toMatch(/only 11\.00 CAD is left to refund\. Nothing was sent/)
    expect(refundsAt(paid.payOrderId!)).toHaveLength(2)
  })

  it("cancel refunds the rest exactly once (v1 has no void)", async () => {
    const provider = make(IotpayAlipayProviderService)
    const paid = await authorized(provider, 19.99)
    const r1 = (await provider.refundPayment(refundInput(paid, big("5.00")))).data
    const canceled = (await provider.cancelPayment({ data: r1 } as any)).data as IotpaySessionData
    expect(canceled.canceled).toBe(true)
    expect(canceled.owed).toBeUndefined()
    const again = (await provider.cancelPayment({ data: canceled } as any)).data as IotpaySessionData
    expect(again.reversals).toHaveLength(2)
    const atIotpay = refundsAt(paid.payOrderId!).map((r: any) => r.refundAmount)
    expect(atIotpay.sort()).toEqual([1499, 500].sort())
    expect(canceled.reversals!.find((r) => r.amountCents === 1499)!.mchRefundNo).toBe(`C${paid.session_id!.slice(7)}`)
  })

  it("a refund whose answer is lost is settled by the refund query before anything else: never sent twice", async () => {
    const provider = make(IotpayUnionpayProviderService)
    const paid = await authorized(provider, 19.99)
    await addFault(sandbox, { endpoint: "refund_order", commitThenHang: true })
    const id = refundId()
    const lost = (await provider.refundPayment(refundInput(paid, big("5.00"), id))).data as IotpaySessionData
    expect(lost.reversals).toEqual([expect.objectContaining({ amountCents: 500, status: null })])
    const next = (await provider.refundPayment(refundInput(lost, big("1.00")))).data as IotpaySessionData
    expect(next.reversals!.map((r) => r.status)).toEqual([2, 2])
    expect(
      refundsAt(paid.payOrderId!)
        .map((r: any) => r.refundAmount)
        .sort()
    ).toEqual([100, 500])
  })

  it("cancel never throws: an IOTPay refusal is recorded as owed", async () => {
    const provider = make(IotpayWechatProviderService)
    const paid = await authorized(provider, 19.99)
    await addFault(sandbox, { endpoint: "refund_order", http500: true, times: 0 })
    const canceled = (await provider.cancelPayment({ data: paid } as any)).data as IotpaySessionData
    expect(canceled.canceled).toBe(true)
    expect(canceled.owed).toMatchObject({ attempts: 1 })
    await clearFaults(sandbox)
    const settled = (await provider.cancelPayment({ data: canceled } as any)).data as IotpaySessionData
    expect(settled.owed).toBeUndefined()
    expect(refundsAt(paid.payOrderId!)).toHaveLength(1)
  })

  it("cancel of an unpaid order sends nothing and marks the session canceled", async () => {
    const provider = make(IotpayWechatProviderService)
    const data = await initiate(provider, 10)
    const canceled = (await provider.cancelPayment({ data } as any)).data as IotpaySessionData
    expect(canceled).toMatchObject({ canceled: true })
    expect(canceled.reversals).toBeUndefined()
  })
})

describe("currencies: the entry's, where IOTPay takes them on the channel", () => {
  it("a US entry pays, refunds and cancels in USD: every message to IOTPay and every message says USD", async () => {
    const provider = make(IotpayWechatProviderService, { currencies: ["USD"] })
    const paid = await authorized(provider, 19.995, "usd") // half-up once: 2000 cents
    expect(paid).toMatchObject({ currency: "USD", amountCents: 2000, channel: "WX_NATIVE" })
    expect(sandbox.v1.order(paid.payOrderId!)).toMatchObject({ currency: "USD", amount: 2000 })
    const refunded = (await provider.refundPayment(refundInput(paid, big("5.00")))).data as IotpaySessionData
    const over = await failure(provider.refundPayment(refundInput(refunded, big("15.01"))))
    expect(over.message).toMatch(/can't refund 15\.01 USD .*only 15\.00 USD is left to refund\. Nothing was sent/)
    await provider.cancelPayment({ data: refunded } as any)
    expect(refundsAt(paid.payOrderId!).map((r: any) => [r.refundAmount, r.currency])).toEqual([
      [500, "USD"],
      [1500, "USD"],
    ])
  })

  it("CNY on Alipay's desktop and mobile channels and UnionPay when the entry lists it", async () => {
    const options = { currencies: "CAD, cny" } // an env-var string: split, trimmed, upper-cased
    for (const [Service, device, channel] of [
      [IotpayAlipayProviderService, "desktop", "ALIPAY_PC"],
      [IotpayAlipayProviderService, "mobile", "ALIPAY_WAP"],
      [IotpayUnionpayProviderService, "desktop", "UPI_SEQ"],
    ] as const) {
      const data = await initiate(make(Service, options), 88.88, { device }, "cny")
      expect(sandbox.v1.order(data.mchOrderNo!)).toMatchObject({ channelId: channel, currency: "CNY", amount: 8888 })
    }
  })

  it("refuses before anything is sent: a currency the entry does not list, or one IOTPay does not take", async () => {
    const before = sandbox.v1.orders().length
    const notListed = await failure(initiate(make(IotpayWechatProviderService), 10, {}, "usd"))
    expect((notListed as any).type).toBe("invalid_data")
    expect(notListed.message).toBe(
      `IOTPay WeChat Pay can't take a payment in USD on WX_NATIVE: this provider entry's "currencies" option is ` +
        `["CAD"]; add "USD" to it if your IOTPay merchant account settles USD, or price this region in CAD. ` +
        `Nothing was sent to IOTPay.`
    )
    const eur = await failure(initiate(make(IotpayAlipayProviderService, { currencies: ["USD"] }), 10, {}, "eur"))
    expect(eur.message).toMatch(
      /^IOTPay Alipay can't take a payment in EUR on ALIPAY_PC: IOTPay takes only CAD, USD, CNY/
    )
    expect(eur.message).toMatch(/price this region in USD\. Nothing was sent to IOTPay\.$/)
    // Before the storefront commits (no return_url), the session is priced all the same: refused there too.
    const uncommitted = { data: { ...SHOPPER, return_url: undefined }, currency_code: "cny" }
    const early = make(IotpayUnionpayProviderService).initiatePayment(initiateInput(10, uncommitted))
    expect((await failure(early)).message).toMatch(/in CNY: .*"currencies" option is \["CAD"\]/)
    expect(sandbox.v1.orders()).toHaveLength(before)
  })

  it("an IOTPay order in another currency than the payment's is never authorized", async () => {
    const provider = make(IotpayWechatProviderService, { currencies: ["CAD", "USD"] })
    const data = await initiate(provider, 10, {}, "usd")
    sandbox.v1.act(data.mchOrderNo!, "approve")
    const result = await provider.authorizePayment({ data: { ...data, currency: "CAD" } } as any)
    expect(result.status).toBe("error")
    expect((result.data as IotpaySessionData & { mismatch: string }).mismatch).toBe(
      "currency USD is not the payment's CAD"
    )
  })
})

describe("getWebhookActionAndData", () => {
  it("a signed v1 notify is a payment action; a forged one is not", async () => {
    const provider = make(IotpayWechatProviderService)
    const data = await initiate(provider, 10)
    const fields = {
      payOrderId: "WN1",
      mchId: MERCHANT.merchantId,
      mchOrderNo: data.mchOrderNo!,
      channelId: "WX_NATIVE",
      currency: "CAD",
      amount: "1000",
      status: "2",
      backType: "2",
    }
    const signed = signV1Message(fields, MERCHANT.secretKey)
    const body = new URLSearchParams(signed as Record<string, string>).toString()
    const headers = { "content-type": "application/x-www-form-urlencoded" }
    const ok = await provider.getWebhookActionAndData({ data: {}, rawData: body, headers } as any)
    expect(ok).toMatchObject({ action: "authorized", data: { session_id: data.session_id } })
    const forged = body.replace("amount=1000", "amount=1")
    expect((await provider.getWebhookActionAndData({ data: {}, rawData: forged, headers } as any)).action).toBe(
      "not_supported"
    )
  })
})
