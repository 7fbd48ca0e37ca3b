// Account holders and saved cards: cardIds in the holder's data, cc_addcard / cc_directaddcard, cc_querycard,
// cc_purchasewithtoken for the owning customer only.
import { MedusaError } from "@medusajs/framework/utils"
import { ulid } from "ulid"
import { withCard } from "../../../lib/saved-cards/account-holder"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import { failure, initiateInput, makeProvider, payOnHostedPage, useProviderSandbox } from "./helpers"

const { sandbox, provider } = useProviderSandbox()

const customer = () => ({ id: `cus_${ulid()}`, email: "jane@shopper.test" })

/** A holder whose customer saved `cardNum` on the hosted add-card page. */
async function holderWithCard(cardNum = "4242424242424242", p = provider) {
  const who = customer()
  const holder = await p.createAccountHolder({ context: { customer: who } })
  const saved = await p.savePaymentMethod({ data: { return_url: "http://shop.test/cards" } })
  await payOnHostedPage(String(saved.data!.redirect_url), cardNum)
  return { who, cardId: saved.id, holder: { ...holder, data: withCard(holder.data, saved.id) } }
}

const payWithCard = (cardId: string, holder: unknown, who = customer(), extra: Record<string, unknown> = {}) => {
  const input = initiateInput(19.99, { data: { payment_method_id: cardId, ...extra } })
  return provider.initiatePayment({ ...input, context: { ...input.context, customer: who, account_holder: holder } })
}

describe("account holders", () => {
  it("createAccountHolder: the customer's id, and an empty card list", async () => {
    const who = customer()
    expect(await provider.createAccountHolder({ context: { customer: who } })).toEqual({
      id: who.id,
      data: { customer_id: who.id, cards: [] },
    })
  })

  it("updateAccountHolder keeps valid card lists and refuses anything else", async () => {
    const data = withCard({ customer_id: "cus_1", cards: [] }, "CDABC", new Date("2025-01-01T00:00:00Z"))
    expect(await provider.updateAccountHolder({ context: { account_holder: { data } } })).toEqual({ data })
    const error = await failure(provider.updateAccountHolder({ context: { account_holder: { data: { cards: "x" } } } }))
    expect((error as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
  })

  it("deleteAccountHolder calls nothing at IOTPay", async () => {
    expect(await provider.deleteAccountHolder({ context: { account_holder: { id: "acchld_1" } } })).toEqual({})
  })
})

describe("savePaymentMethod / listPaymentMethods", () => {
  it("opens the hosted add-card page under a fresh cardId; once submitted, the card lists masked", async () => {
    const { cardId, holder } = await holderWithCard()
    expect(cardId).toMatch(/^CD[0-9A-Z]{28}$/)
    const listed = await provider.listPaymentMethods({ context: { account_holder: holder } })
    expect(listed).toEqual([
      {
        id: cardId,
        data: {
          card_num: "424242******4242",
          last4: "4242",
          brand: "visa",
          card_type: "V",
          expiry: "12/39",
          holder: "Jane Shopper",
        },
      },
    ])
  })

  it("leaves out cards whose add-card page was never completed", async () => {
    const { holder, cardId } = await holderWithCard("5555555555554444")
    const started = await provider.savePaymentMethod({ data: { return_url: "http://shop.test/cards" } })
    const listed = await provider.listPaymentMethods({
      context: { account_holder: { data: withCard(holder.data, started.id) } },
    })
    expect(listed.map((m) => [m.id, m.data?.brand])).toEqual([[cardId, "mastercard"]])
  })

  it("refuses a return_url off the allowed origins before calling IOTPay", async () => {
    const error = await failure(provider.savePaymentMethod({ data: { return_url: "https://evil.example/x" } }))
    expect((error as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
    expect(error.message).toMatch(/allowedReturnUrls/)
  })

  it("direct card entry: refused without pciCompliant, saved (masked) with it, never echoing the number", async () => {
    const card = { number: "4242424242424242", expiry: "0730", cvv: "123", holder: "Jane Shopper" }
    const refused = await failure(provider.savePaymentMethod({ data: { card } }))
    expect((refused as MedusaError).type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(refused.message).toMatch(/PCI DSS/)

    const pci = makeProvider(sandbox, { pciCompliant: true })
    const saved = await pci.savePaymentMethod({ data: { card } })
    expect(saved.data).toMatchObject({ card_num: "424242******4242", expiry: "07/30", brand: "visa" })
    const bad = await failure(
      pci.savePaymentMethod({ data: { card: { ...card, number: "4242 4242 4242 4242", cvv: "12" } } })
    )
    expect((bad as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
    expect(bad.message).toMatch(/card\.number/)
    expect(bad.message).toMatch(/card\.cvv/)
    expect(JSON.stringify([saved, bad.message])).not.toContain(card.number)
  })
})

describe("initiatePayment with a saved card", () => {
  const ordersOf = (mchOrderNo: string) => sandbox.orders().filter((o) => o.mchOrderNo === mchOrderNo)

  it("initiate charges nothing; authorize charges the owner's card (cc_purchasewithtoken) once", async () => {
    const { cardId, holder, who } = await holderWithCard()
    const before = sandbox.orders().length
    const { data, status } = await payWithCard(cardId, holder, who, { client_ip: "203.0.113.7" })
    const session = data as IotpaySessionData
    expect(status).toBe("pending")
    expect(session).toMatchObject({ mode: "saved_card", cardId, amountCents: 1999, attempt: 1 })
    expect(session.mchOrderNo).toBe(`${session.session_id!.slice("payses_".length)}-1`)
    expect(session.payOrderId).toBeUndefined()
    expect(session.redirectUrl).toBeUndefined()
    expect(sandbox.orders()).toHaveLength(before) // nothing reached IOTPay yet

    const authorized = await provider.authorizePayment({ data: session } as any)
    expect(authorized.status).toBe("authorized")
    const out = authorized.data as IotpaySessionData
    expect(sandbox.order(out.payOrderId!)).toMatchObject({ amount: 1999, status: 2, cardNum: "424242******4242" })
    expect(sandbox.order(out.payOrderId!)!.sandbox.mchUserId).toBe(who.id)

    // Authorize again (Medusa retrying cart completion, even with the pre-charge data): found by query, not charged
    // again.
    expect((await provider.authorizePayment({ data: session } as any)).status).toBe("authorized")
    expect((await provider.authorizePayment({ data: out } as any)).status).toBe("authorized")
    expect(ordersOf(session.mchOrderNo!)).toHaveLength(1)
  })

  it("refuses another customer's card, a guest, and a bad client_ip, sending nothing", async () => {
    const { cardId } = await holderWithCard()
    const before = sandbox.orders().length
    const other = await provider.createAccountHolder({ context: { customer: customer() } })
    for (const [holder, extra, type, message] of [
      [other, {}, MedusaError.Types.NOT_ALLOWED, /not one of the signed-in customer's cards/],
      [undefined, {}, MedusaError.Types.NOT_ALLOWED, /needs a signed-in customer/],
      [{ data: withCard(other.data, cardId) }, { client_ip: "not-an-ip" }, MedusaError.Types.INVALID_DATA, /client_ip/],
    ] as const) {
      const error = await failure(payWithCard(cardId, holder, customer(), extra))
      expect((error as MedusaError).type).toBe(type)
      expect(error.message).toMatch(message)
    }
    expect(sandbox.orders()).toHaveLength(before)
  })

  it("a declined saved card: authorize throws an authorization error, nothing charged", async () => {
    const { cardId, holder } = await holderWithCard("4000000000009995") // binds, then declines: insufficient funds
    const { data } = await payWithCard(cardId, holder)
    const error = await failure(provider.authorizePayment({ data } as any))
    expect((error as MedusaError).type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    expect(error.message).toMatch(/declined/)
    expect(error.message).toMatch(/nothing was charged/)
    const records = ordersOf((data as IotpaySessionData).mchOrderNo!)
    expect(records.every((o) => o.status === 9 && o.refundable === 0)).toBe(true)
  })

  it("a charge whose answer is lost: authorize stays pending with the same mchOrderNo; the next authorize finds it paid", async () => {
    const quick = makeProvider(sandbox, { headersTimeoutMs: 250, bodyTimeoutMs: 250 })
    const { cardId, holder, who } = await holderWithCard("4242424242424242", quick)
    const input = initiateInput(19.99, { data: { payment_method_id: cardId } })
    const { data } = await quick.initiatePayment({
      ...input,
      context: { ...input.context, customer: who, account_holder: holder },
    })
    const session = data as IotpaySessionData
    await sandbox.addFault({ endpoint: "cc_query", latencyMs: 1 }) // authorize's first query: nothing there yet
    await sandbox.addFault({ endpoint: "cc_purchasewithtoken", commitThenHang: true }) // charged, answer lost
    await sandbox.addFault({ endpoint: "cc_query", http500: true, times: 0 }) // and asking about it fails
    try {
      const first = await quick.authorizePayment({ data: session } as any)
      expect(first.status).toBe("pending")
      expect((first.data as IotpaySessionData).mchOrderNo).toBe(session.mchOrderNo)
    } finally {
      sandbox.clearFaults()
    }
    const second = await quick.authorizePayment({ data: session } as any)
    expect(second.status).toBe("authorized")
    expect(ordersOf(session.mchOrderNo!)).toHaveLength(1)
    expect(ordersOf(session.mchOrderNo!)[0]).toMatchObject({ status: 2, amount: 1999 })
  })

  it("a changed amount before authorize: a new attempt (new mchOrderNo), pending, nothing charged", async () => {
    const { cardId, holder } = await holderWithCard()
    const { data } = await payWithCard(cardId, holder)
    const session = data as IotpaySessionData
    expect(await provider.updatePayment({ data: session, amount: 19.99, currency_code: "cad" } as any)).toEqual({
      data: session,
    })
    const before = sandbox.orders().length
    const updated = await provider.updatePayment({ data: session, amount: 25, currency_code: "cad" } as any)
    const next = updated.data as IotpaySessionData
    expect(updated.status).toBe("pending")
    expect(next).toMatchObject({ attempt: 2, amountCents: 2500, mode: "saved_card", cardId })
    expect(next.mchOrderNo).toBe(`${session.session_id!.slice("payses_".length)}-2`)
    expect(sandbox.orders()).toHaveLength(before)

    const authorized = await provider.authorizePayment({ data: next } as any)
    expect(authorized.status).toBe("authorized")
    expect(sandbox.order(next.mchOrderNo!)).toMatchObject({ amount: 2500, status: 2 })
    expect(sandbox.order(session.mchOrderNo!)).toBeUndefined()
  })

  it("a changed amount after the old attempt was charged: that payment is returned, the new attempt is pending", async () => {
    const { cardId, holder } = await holderWithCard()
    const { data } = await payWithCard(cardId, holder)
    const paid = (await provider.authorizePayment({ data } as any)).data as IotpaySessionData
    const updated = await provider.updatePayment({ data: paid, amount: 25, currency_code: "cad" } as any)
    expect(updated.status).toBe("pending")
    expect(updated.data).toMatchObject({ attempt: 2 })
    expect((updated.data as IotpaySessionData).payOrderId).toBeUndefined()
    expect(sandbox.order(paid.payOrderId!)).toMatchObject({ refundable: 0 })
  })
})
