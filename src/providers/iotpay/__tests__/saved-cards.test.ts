// Account holders and saved cards: cardIds in the holder's data, cc_addcard / cc_directaddcard, cc_querycard,
// cc_purchasewithtoken for the owning customer only.
import { MedusaError } from "@medusajs/framework/utils"
import { ulid } from "ulid"
import { withCard } from "../../../lib/account-holder"
import type { IotpayProviderService } from "../service"
import type { IotpaySessionData } from "../../../lib/session-data"
import { failure, initiateInput, makeProvider, payOnHostedPage, useProviderSandbox } from "./helpers"

const ctx = useProviderSandbox()
let provider: IotpayProviderService
let sandbox: typeof ctx.sandbox
beforeAll(() => {
  ;({ provider, sandbox } = ctx)
})

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
        data: { card_num: "424242******4242", last4: "4242", brand: "visa", card_type: "V", expiry: "12/39", holder: "Jane Shopper" },
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
    const bad = await failure(pci.savePaymentMethod({ data: { card: { ...card, number: "4242 4242 4242 4242", cvv: "12" } } }))
    expect((bad as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
    expect(bad.message).toMatch(/card\.number/)
    expect(bad.message).toMatch(/card\.cvv/)
    expect(JSON.stringify([saved, bad.message])).not.toContain(card.number)
  })
})

describe("initiatePayment with a saved card", () => {
  it("charges the owner's card at once (cc_purchasewithtoken) and authorize confirms it", async () => {
    const { cardId, holder, who } = await holderWithCard()
    const { data, status } = await payWithCard(cardId, holder, who, { client_ip: "203.0.113.7" })
    const session = data as IotpaySessionData
    expect(status).toBe("pending")
    expect(session).toMatchObject({ mode: "saved_card", cardId, amountCents: 1999, iotpayStatus: 2 })
    expect(session.redirectUrl).toBeUndefined()
    expect(sandbox.order(session.payOrderId!)).toMatchObject({ amount: 1999, status: 2, cardNum: "424242******4242" })
    expect(sandbox.order(session.payOrderId!)!.sandbox.mchUserId).toBe(who.id)

    const authorized = await provider.authorizePayment({ data: session } as any)
    expect(authorized.status).toBe("authorized")
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

  it("a declined saved card: authorization error, nothing charged", async () => {
    const { cardId, holder } = await holderWithCard("4000000000009995") // binds, then declines: insufficient funds
    const error = await failure(payWithCard(cardId, holder))
    expect((error as MedusaError).type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    expect(error.message).toMatch(/declined the saved card/)
  })

  it("a changed amount returns the saved-card payment and the session can no longer be authorized", async () => {
    const { cardId, holder } = await holderWithCard()
    const { data } = await payWithCard(cardId, holder)
    const session = data as IotpaySessionData
    expect(await provider.updatePayment({ data: session, amount: 19.99, currency_code: "cad" } as any)).toEqual({ data: session })
    const updated = await provider.updatePayment({ data: session, amount: 25, currency_code: "cad" } as any)
    expect(updated.status).toBe("error")
    expect(sandbox.order(session.payOrderId!)!.sandbox.voided).toBe(true)
    const error = await failure(provider.authorizePayment({ data: updated.data } as any))
    expect(error.message).toMatch(/returned to the shopper/)
  })
})
