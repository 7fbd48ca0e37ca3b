// initiatePayment / updatePayment against the sandbox: what lands in the session data and what IOTPay is asked for.
import { BigNumber } from "@medusajs/framework/utils"
import { IotpayCardProviderService } from "../card-service"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import {
  CARDS,
  MERCHANT,
  payOnHostedPage,
  failure,
  initiateInput,
  makeProvider,
  providerOptions,
  silentLogger,
  useProviderSandbox,
} from "./helpers"

const { sandbox, provider } = useProviderSandbox()

const ULID_OF = (sessionId: string) => sessionId.slice("payses_".length)

describe("initiatePayment", () => {
  it("starts a hosted-page purchase and keeps what later calls need in the session data", async () => {
    const input = initiateInput(19.99)
    const result = await provider.initiatePayment(input)
    const data = result.data as IotpaySessionData

    expect(result.status).toBe("pending")
    expect(result.id).toBe(data.mchOrderNo)
    expect(data.session_id).toBe(input.data.session_id)
    expect(data.mchOrderNo).toBe(`${ULID_OF(input.data.session_id)}-1`)
    expect(data.mchOrderNo!.length).toBeLessThanOrEqual(30)
    expect(data.attempt).toBe(1)
    expect(data.amountCents).toBe(1999)
    expect(data.currency).toBe("CAD")
    expect(data.redirectUrl!.startsWith(`${sandbox.url}/hosted/pay/`)).toBe(true)
    expect(data.secureId).toMatch(/^[0-9a-f]{64}$/)
    expect(data.redirectUrl).toContain(data.secureId)
    expect(data.returnUrl).toBe("http://shop.test/return")

    const order = sandbox.order(data.mchOrderNo!)!
    expect(order).toMatchObject({ amount: 1999, currency: "CAD", status: 0, mchId: MERCHANT.merchantId })
    expect(order.sandbox.returnUrl).toBe("http://shop.test/return")
    expect(order.sandbox.mchUserId).toBe(input.context.customer.id)
  })

  it("tells IOTPay to notify <backendUrl>/hooks/iotpay/<provider id>", async () => {
    const { data } = await provider.initiatePayment(initiateInput(5))
    expect(sandbox.order((data as IotpaySessionData).mchOrderNo!)!.sandbox.notifyUrl).toBe(
      "http://medusa.test/hooks/iotpay/iotpay"
    )
  })

  it("uses its own provider id from medusa-config in the notify URL", async () => {
    const options = providerOptions(sandbox)
    const configModule = {
      modules: {
        payment: {
          resolve: "@medusajs/medusa/payment",
          options: {
            providers: [
              {
                resolve: "./src/providers/iotpay",
                id: "iotpay-other",
                options: { ...options, merchantId: "10000999" },
              },
              { resolve: "medusa-payment-iotpay/providers/iotpay", id: "iotpay-ca", options },
            ],
          },
        },
      },
    }
    const named = new IotpayCardProviderService({ logger: silentLogger, configModule }, options)
    try {
      const { data } = await named.initiatePayment(initiateInput(5))
      expect(sandbox.order((data as IotpaySessionData).mchOrderNo!)!.sandbox.notifyUrl).toBe(
        "http://medusa.test/hooks/iotpay/iotpay-ca"
      )
    } finally {
      await (named as any).client_.close()
    }
  })

  it("never puts the secret key in the session data", async () => {
    const { data } = await provider.initiatePayment(initiateInput(19.99))
    expect(JSON.stringify(data)).not.toContain(MERCHANT.secretKey)
  })

  it.each([
    [19.99, 1999],
    [0.01, 1],
    [0.1 + 0.2, 30],
    [1234.5, 123450],
    ["7.10", 710],
    [{ value: "24.99", precision: 20 }, 2499],
  ])("converts %p to exactly %p cents", async (amount, cents) => {
    const { data } = await provider.initiatePayment(initiateInput(amount))
    expect((data as IotpaySessionData).amountCents).toBe(cents)
    expect(sandbox.order((data as IotpaySessionData).mchOrderNo!)!.amount).toBe(cents)
  })

  it("takes Medusa's BigNumber instances exactly", async () => {
    const { data } = await provider.initiatePayment(initiateInput(new BigNumber(19.99)))
    expect((data as IotpaySessionData).amountCents).toBe(1999)
  })

  it("refuses a non-CAD currency, naming it and CAD, and creates nothing at IOTPay", async () => {
    const before = sandbox.orders().length
    const input = initiateInput(19.99, { currency_code: "usd" })
    const error = await failure(provider.initiatePayment(input))
    expect(error.message).toMatch(/usd/i)
    expect(error.message).toContain("CAD")
    expect(error.message).toMatch(/nothing was sent/i)
    expect(sandbox.orders()).toHaveLength(before)
    expect(sandbox.order(`${ULID_OF(input.data.session_id)}-1`)).toBeUndefined()
  })

  it.each([
    [28.2387, 2824, "28.2387"],
    [{ value: "28.238700000000000000", precision: 20 }, 2824, "28.2387"],
    [19.995, 2000, "19.995"],
    ["0.125", 13, "0.125"],
  ])("rounds a taxed total half-up (%p → %p cents) once, keeping the exact amount", async (amount, cents, exact) => {
    const { data } = await provider.initiatePayment(initiateInput(amount))
    expect(data).toMatchObject({ amountCents: cents, amount: exact })
    expect(sandbox.order((data as IotpaySessionData).mchOrderNo!)!.amount).toBe(cents)
  })

  it.each([
    [-5, /greater than 0/],
    [NaN, /finite/],
    [21474836.48, /too large/],
    ["1e3", /amount/],
  ])("still refuses %p, sending nothing", async (amount, message) => {
    const before = sandbox.orders().length
    const error = await failure(provider.initiatePayment(initiateInput(amount)))
    expect(error.message).toMatch(message)
    expect(sandbox.orders()).toHaveLength(before)
  })

  it("never trusts storefront data: every key it sent comes back undefined, only provider state remains", async () => {
    const input = initiateInput(19.99, {
      data: {
        return_url: "http://shop.test/r",
        payOrderId: "PC20260101000000000000000001",
        amountCents: 1,
        reversals: [],
        canceled: true,
      },
    })
    const { data } = await provider.initiatePayment(input)
    const out = data as Record<string, unknown>
    for (const key of ["return_url", "payOrderId", "reversals", "canceled"]) {
      expect(key in out).toBe(true)
      expect(out[key]).toBeUndefined()
    }
    expect(out).toMatchObject({ session_id: input.data.session_id, amountCents: 1999, returnUrl: "http://shop.test/r" })
  })

  it.each([0, -5])("refuses a non-positive amount (%p)", async (amount) => {
    const error = await failure(provider.initiatePayment(initiateInput(amount)))
    expect(error.message).toMatch(/greater than 0/)
  })

  it("accepts a return_url on an allowed storefront origin", async () => {
    const input = initiateInput(10, { data: { return_url: "http://shop.test/checkout/iotpay?cart=cart_123" } })
    const { data } = await provider.initiatePayment(input)
    expect((data as IotpaySessionData).returnUrl).toBe("http://shop.test/checkout/iotpay?cart=cart_123")
    expect(sandbox.order((data as IotpaySessionData).mchOrderNo!)!.sandbox.returnUrl).toBe(
      "http://shop.test/checkout/iotpay?cart=cart_123"
    )
  })

  it("refuses a return_url on any other origin (no open redirect) and sends nothing", async () => {
    const before = sandbox.orders().length
    for (const return_url of ["http://evil.test/x", "https://shop.test/return", "javascript:alert(1)", "/relative"]) {
      const error = await failure(provider.initiatePayment(initiateInput(10, { data: { return_url } })))
      expect(error.message).toMatch(/return_url/)
    }
    const error = await failure(
      provider.initiatePayment(initiateInput(10, { data: { return_url: "http://evil.test/x" } }))
    )
    expect(error.message).toContain("http://evil.test")
    expect(error.message).toContain("allowedReturnUrls")
    expect(sandbox.orders()).toHaveLength(before)
  })

  it("without the storefront's return URL (the shopper only picked IOTPay): priced, nothing opened at IOTPay", async () => {
    const before = sandbox.orders().length
    const input = initiateInput(19.99, { data: { return_url: undefined } })
    const result = await provider.initiatePayment(input)
    const data = result.data as IotpaySessionData
    expect(data).toMatchObject({ session_id: input.data.session_id, mode: "hosted", attempt: 0, amountCents: 1999 })
    expect(data.mchOrderNo).toBeUndefined()
    expect(data.redirectUrl).toBeUndefined()
    expect(result.id).toBe(input.data.session_id)
    // a new cart total re-prices it, still without an IOTPay order; completing it says to start the payment
    const updated = (await provider.updatePayment({ ...input, amount: 25, data } as any)).data as IotpaySessionData
    expect(updated).toMatchObject({ attempt: 0, amountCents: 2500 })
    expect((await failure(provider.authorizePayment({ data: updated } as any))).message).toMatch(
      /has not been started: nothing was sent to IOTPay .* data\.return_url/
    )
    await provider.deletePayment({ data: updated } as any)
    expect(sandbox.orders()).toHaveLength(before)
  })

  it("falls back to the idempotency key when data has no session_id", async () => {
    const input = initiateInput(10)
    const key = input.data.session_id
    delete input.data.session_id
    const { data } = await provider.initiatePayment(input)
    expect((data as IotpaySessionData).session_id).toBe(key)
    expect((data as IotpaySessionData).mchOrderNo).toBe(`${ULID_OF(key)}-1`)
  })

  it("sends a guest user id when the customer id does not fit IOTPay's 30 characters", async () => {
    const input = initiateInput(10)
    input.context.customer = { id: "cus_" + "X".repeat(40) }
    const { data } = await provider.initiatePayment(input)
    expect(sandbox.order((data as IotpaySessionData).mchOrderNo!)!.sandbox.mchUserId).toBe("guest")
  })

  it("surfaces an unreachable gateway as a clear error", async () => {
    const offline = makeProvider(sandbox, { apiBase: "http://127.0.0.1:9/v3", connectTimeoutMs: 300 })
    const error = await failure(offline.initiatePayment(initiateInput(10)))
    expect(error.message).toMatch(/could not be reached/)
    expect(error.message).toMatch(/apiBase/)
  })
})

describe("updatePayment", () => {
  it("same amount: returns the same data and creates no new IOTPay order", async () => {
    const input = initiateInput(19.99)
    const { data } = await provider.initiatePayment(input)
    const before = sandbox.orders().length
    const result = await provider.updatePayment({ ...input, amount: 19.99, data } as any)
    expect(result.data).toEqual(data)
    expect(sandbox.orders()).toHaveLength(before)
  })

  it("new amount after the old attempt was paid: voids the paid attempt first, then starts attempt 2", async () => {
    const input = initiateInput(19.99)
    const paid = (await provider.initiatePayment(input)).data as IotpaySessionData
    await payOnHostedPage(paid.redirectUrl!, CARDS.approveNoNotify)
    const firstPayOrderId = sandbox.order(paid.mchOrderNo!)!.payOrderId

    const next = (await provider.updatePayment({ ...input, amount: 24.5, data: paid } as any)).data as IotpaySessionData
    expect(next.attempt).toBe(2)
    expect(next.payOrderId).toBeUndefined()
    expect(next.reversals).toBeUndefined()
    expect(sandbox.order(firstPayOrderId)).toMatchObject({ refundable: 0 })

    // Attempt 2 paid and then canceled gets its own void number: IOTPay would refuse a reused one.
    await payOnHostedPage(next.redirectUrl!, CARDS.approve)
    const authorized = (await provider.authorizePayment({ data: next } as any)).data as IotpaySessionData
    const canceled = (await provider.cancelPayment({ data: authorized } as any)).data as IotpaySessionData
    expect(canceled.canceled).toBe(true)
    const voids = sandbox
      .orders()
      .filter((o) => o.sandbox.kind === "void" && [firstPayOrderId, authorized.payOrderId].includes(o.originalOrderId!))
    expect(voids).toHaveLength(2)
    expect(new Set(voids.map((v) => v.mchOrderNo)).size).toBe(2)
  })

  it("new amount: a new purchase under attempt 2 with the new amount", async () => {
    const input = initiateInput(19.99)
    const first = (await provider.initiatePayment(input)).data as IotpaySessionData
    const before = sandbox.orders().length

    const result = await provider.updatePayment({ ...input, amount: 24.5, data: first } as any)
    const next = result.data as IotpaySessionData

    expect(result.status).toBe("pending")
    expect(next.mchOrderNo).toBe(`${ULID_OF(input.data.session_id)}-2`)
    expect(next.attempt).toBe(2)
    expect(next.amountCents).toBe(2450)
    expect(next.session_id).toBe(input.data.session_id)
    expect(next.redirectUrl).not.toBe(first.redirectUrl)
    expect(sandbox.orders()).toHaveLength(before + 1)
    expect(sandbox.order(next.mchOrderNo!)).toMatchObject({ amount: 2450, status: 0 })
    // The first purchase is left alone at IOTPay.
    expect(sandbox.order(first.mchOrderNo!)).toMatchObject({ amount: 1999, status: 0 })

    const third = (await provider.updatePayment({ ...input, amount: 30, data: next } as any)).data as IotpaySessionData
    expect(third.mchOrderNo).toBe(`${ULID_OF(input.data.session_id)}-3`)
    expect(sandbox.order(third.mchOrderNo!)!.amount).toBe(3000)
  })

  it("refuses a non-CAD currency on update without touching IOTPay", async () => {
    const input = initiateInput(19.99)
    const { data } = await provider.initiatePayment(input)
    const before = sandbox.orders().length
    const error = await failure(provider.updatePayment({ ...input, amount: 20, currency_code: "eur", data } as any))
    expect(error.message).toMatch(/eur/i)
    expect(error.message).toContain("CAD")
    expect(sandbox.orders()).toHaveLength(before)
  })
})
