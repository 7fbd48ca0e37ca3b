import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  createCustomerAccountHolderWorkflow,
  type CreateCustomerAccountHolderInput,
} from "../../src/workflows/create-customer-account-holder"
import { adminHeaders } from "../helpers/admin"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { STOREFRONT, useIotpayStack } from "../helpers/stack"
import { lostChargeGivenBackWhenDropped, lostChargeRecoveredByReconcile } from "../helpers/lost-charge"
import { reversalOutcomes } from "../helpers/reversal-outcomes"
import { useSeededStore } from "../helpers/seeded-store"
import { Storefront, errorOf } from "../helpers/storefront"

jest.setTimeout(180_000)

// Lost answers must surface within the test: IOTPay's client gives up after this long (headers and body).
process.env.IOTPAY_HTTP_TIMEOUT_MS = "1500"
const stack = useIotpayStack()
const CARD_PROVIDER = "pp_iotpay_iotpay"

/** The account holder workflow as a step of a parent whose next step fails: Medusa must run its compensations. */
const failAfterHolder = createStep("iotpay-test-fail-after-account-holder", async () => {
  throw new Error("the step after the account holder failed")
})
const holderThenFailure = createWorkflow(
  "iotpay-test-account-holder-then-failure",
  (input: CreateCustomerAccountHolderInput) => {
    createCustomerAccountHolderWorkflow.runAsStep({ input })
    failAfterHolder()
    return new WorkflowResponse(undefined)
  }
)

// The test runner restores the database to its state after beforeAll before every test: each test saves its own card.
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf: guest, medusaMoney, orderPayment } = useSeededStore({ api, getContainer })
    const outcomesFor = (admin: { headers: Record<string, string> }) =>
      reversalOutcomes({ api, admin, stack, getContainer, medusaMoney })
    let alice: Storefront
    let bob: Storefront

    const savedCards = async (sf: Storefront) =>
      (await api.get("/store/iotpay/saved-cards", sf.headers)).data.saved_cards as any[]

    /** What a storefront's "add a card" button does: start, send the shopper to IOTPay's page, come back. */
    async function saveCard(sf: Storefront, card = CARDS.visa) {
      const { status, data } = await api.post(
        "/store/iotpay/saved-cards",
        { return_url: `${STOREFRONT}/account/cards` },
        sf.headers
      )
      expect(status).toBe(201)
      const back = await payOnHostedPage(data.saved_card.redirect_url, card)
      return { started: data.saved_card, back }
    }

    beforeAll(async () => {
      alice = await guest.signUp(`alice-${Date.now()}@shopper.test`)
      bob = await guest.signUp(`bob-${Date.now()}@shopper.test`)
    })

    it("refuses the saved-card routes without a signed-in customer", async () => {
      expect((await errorOf(api.get("/store/iotpay/saved-cards", guest.headers))).status).toBe(401)
      expect((await errorOf(api.post("/store/iotpay/saved-cards", {}, guest.headers))).status).toBe(401)
      expect((await errorOf(api.delete("/store/iotpay/saved-cards/CDX", guest.headers))).status).toBe(401)
    })

    it("saves a card through IOTPay's hosted add-card page and lists it masked", async () => {
      expect(await savedCards(alice)).toEqual([])
      const { data } = await api.post(
        "/store/iotpay/saved-cards",
        { return_url: `${STOREFRONT}/account/cards` },
        alice.headers
      )
      expect(data.saved_card).toMatchObject({ provider_id: CARD_PROVIDER, status: "pending" })
      expect(data.saved_card.id).toMatch(/^CD[0-9A-Z]{28}$/)
      expect(data.saved_card.redirect_url.startsWith(`${stack.sandbox.url}/hosted/card/`)).toBe(true)
      expect(data.saved_card.secure_id).toMatch(/^[0-9a-f]{64}$/)
      expect(await savedCards(alice)).toEqual([]) // not bound until the shopper submits IOTPay's page

      const back = await payOnHostedPage(data.saved_card.redirect_url, CARDS.visa)
      expect(`${back.origin}${back.pathname}`).toBe(`${STOREFRONT}/account/cards`)
      expect(back.searchParams.get("retCode")).toBe("SUCCESS")

      const cards = await savedCards(alice)
      expect(cards).toEqual([
        {
          id: data.saved_card.id,
          provider_id: CARD_PROVIDER,
          card_num: "424242******4242",
          last4: "4242",
          brand: "visa",
          card_type: "V",
          expiry: "12/30",
          holder: "Jane Shopper",
        },
      ])
      expect(JSON.stringify(cards)).not.toContain(CARDS.visa)
    })

    it("checks out with the saved card without any redirect, charged only at completion, and the admin refunds it", async () => {
      const { started } = await saveCard(alice)
      const cart = await alice.cart()
      const before = stack.sandbox.orders().length
      const session = await alice.paymentSession(cart.id, CARD_PROVIDER, {
        payment_method_id: started.id,
        client_ip: "203.0.113.7",
      })
      expect(session.data.redirectUrl).toBeUndefined()
      // (19.99 + 5.00) × 1.13 Ontario HST = 28.2387 → 2824 cents, half-up
      expect(session.data).toMatchObject({ mode: "saved_card", cardId: started.id, amountCents: 2824 })
      expect(session.data.client_ip).toBeUndefined()
      // A shopper who opens the payment step and leaves is never charged: nothing reaches IOTPay before completion.
      expect(session.data.payOrderId).toBeUndefined()
      expect(stack.sandbox.orders()).toHaveLength(before)

      const result = await alice.complete(cart.id)
      expect(result.type).toBe("order")
      const admin = await adminHeaders(getContainer())
      const { data } = await api.get(
        `/admin/orders/${(result as any).order.id}?fields=*payment_collections,*payment_collections.payments`,
        admin
      )
      const payment = data.order.payment_collections[0].payments[0]
      expect(payment.provider_id).toBe(CARD_PROVIDER)
      expect(payment.data).toMatchObject({ mchOrderNo: session.data.mchOrderNo, cardNum: "424242******4242" })
      expect(stack.sandbox.order(payment.data.payOrderId)).toMatchObject({
        amount: 2824,
        status: 2,
        cardNum: "424242******4242",
      })
      expect(stack.sandbox.orders()).toHaveLength(before + 1) // charged once

      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(stack.sandbox.orders()).toHaveLength(before + 1) // a sale: capturing sends nothing
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 28.2387 }, admin) // the whole payment
      expect(stack.sandbox.order(payment.data.payOrderId)!.refundable).toBe(0)
      const refunds = stack.sandbox.orders().filter((o) => o.originalOrderId === payment.data.payOrderId)
      expect(refunds.map((r) => [r.sandbox.kind, r.status, r.amount])).toEqual([["refund", 2, 2824]])
      // Medusa's side: the capture and the refund row, in Medusa's exact amount.
      expect(await medusaMoney(payment.id)).toMatchObject({ captures: [28.2387], refunds: [28.2387] })
    })

    /** Alice saves a Visa and checks out with it; the order, its payment and admin headers. */
    async function savedCardOrder() {
      const { started } = await saveCard(alice)
      const cart = await alice.cart()
      await alice.paymentSession(cart.id, CARD_PROVIDER, { payment_method_id: started.id })
      const result = await alice.complete(cart.id)
      if (result.type !== "order") throw new Error(`cart not completed: ${result.error.message}`)
      const admin = await adminHeaders(getContainer())
      const { data } = await api.get(
        `/admin/orders/${result.order.id}?fields=*payment_collections,*payment_collections.payments`,
        admin
      )
      return { orderId: result.order.id as string, payment: data.order.payment_collections[0].payments[0], admin }
    }

    it("cancels a saved-card order with one void of its cents; Medusa cancels the order and the payment", async () => {
      const { orderId, payment, admin } = await savedCardOrder()
      await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
      const voids = stack.sandbox.orders().filter((o) => o.originalOrderId === payment.data.payOrderId)
      expect(voids.map((v) => [v.sandbox.kind, v.amount])).toEqual([["void", 2824]])
      expect(stack.sandbox.order(payment.data.payOrderId)!.refundable).toBe(0)
      expect((await api.get(`/admin/orders/${orderId}`, admin)).data.order.status).toBe("canceled")
      expect(await medusaMoney(payment.id)).toMatchObject({ canceled: true, captures: [], refunds: [] })
    })

    it("saved card: a refund IOTPay fails keeps no row; a pending one and one whose answer is lost are settled once by the reconcile", async () => {
      const { payment, admin } = await savedCardOrder()
      await outcomesFor(admin).failedPendingAndLostRefunds(payment)
    })

    it("saved card: a cancel IOTPay cannot void is recorded owed; the reconcile job voids it once, both sides agree", async () => {
      const { orderId, payment, admin } = await savedCardOrder()
      await outcomesFor(admin).cancelOwedThenVoided(orderId, payment)
    })

    it("saved card: a charge whose answer is lost at completion is recovered by the reconcile job: one order, charged once", async () => {
      const { started } = await saveCard(alice)
      const cart = await alice.cart()
      await alice.paymentSession(cart.id, CARD_PROVIDER, { payment_method_id: started.id })
      const deps = { stack, getContainer, orderPayment, medusaMoney }
      await lostChargeRecoveredByReconcile(deps, cart.id, () => alice.complete(cart.id), "cc_purchasewithtoken")
    })

    it("saved card: a charge whose answer is lost, then the shopper starts over: the charge is given back once, no order", async () => {
      const { started } = await saveCard(alice)
      const cart = await alice.cart()
      const payWithCard = () => alice.paymentSession(cart.id, CARD_PROVIDER, { payment_method_id: started.id })
      await payWithCard()
      const deps = { stack, getContainer, orderPayment, medusaMoney }
      const complete = () => alice.complete(cart.id)
      await lostChargeGivenBackWhenDropped(deps, cart.id, complete, "cc_purchasewithtoken", payWithCard)
    })

    it("keeps one customer's cards from another: not listed, not chargeable, not removable", async () => {
      const { started } = await saveCard(alice)
      expect(await savedCards(bob)).toEqual([])
      const before = stack.sandbox.orders().length

      const cart = await bob.cart()
      const refused = await errorOf(bob.paymentSession(cart.id, CARD_PROVIDER, { payment_method_id: started.id }))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/not one of the signed-in customer's cards; nothing was charged/)

      const guestCart = await guest.cart()
      const asGuest = await errorOf(
        guest.paymentSession(guestCart.id, CARD_PROVIDER, { payment_method_id: started.id })
      )
      expect(asGuest.status).toBe(400)
      expect(asGuest.data.message).toMatch(/needs a signed-in customer/)

      expect((await errorOf(api.delete(`/store/iotpay/saved-cards/${started.id}`, bob.headers))).status).toBe(404)
      expect(stack.sandbox.orders()).toHaveLength(before)
      expect((await savedCards(alice)).map((c) => c.id)).toEqual([started.id])
    })

    it("refuses direct card entry unless the merchant is PCI DSS compliant, and sends nothing", async () => {
      const card = { number: CARDS.mastercard, expiry: "1230", cvv: "123", holder: "Jane Shopper" }
      const refused = await errorOf(api.post("/store/iotpay/saved-cards", { card }, alice.headers))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/PCI DSS/)
      expect(JSON.stringify(refused.data)).not.toContain(CARDS.mastercard)
      expect(await savedCards(alice)).toEqual([])
    })

    it("refuses a malformed body with a 400 naming the field, before anything reaches IOTPay", async () => {
      const before = stack.sandbox.orders().length
      const post = (body: Record<string, unknown>) =>
        errorOf(api.post("/store/iotpay/saved-cards", body, alice.headers))
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ return_url: 5 }, /Expected type: 'string' for field 'return_url'/],
        [{ provider_id: ["pp_iotpay_iotpay"] }, /Expected type: 'string' for field 'provider_id'/],
        [{ return_url: `${STOREFRONT}/account/cards`, cardNumber: CARDS.visa }, /Unrecognized fields: 'cardNumber'/],
        [
          { return_url: `${STOREFRONT}/account/cards`, card: { number: CARDS.visa } },
          /return_url .* or card .* not both/,
        ],
      ]
      for (const [body, message] of cases) {
        const refused = await post(body)
        expect(refused.status).toBe(400)
        expect(refused.data).toMatchObject({ type: "invalid_data", message: expect.stringMatching(message) })
        expect(JSON.stringify(refused.data)).not.toContain(CARDS.visa)
      }
      expect(stack.sandbox.orders()).toHaveLength(before)
      expect(await savedCards(alice)).toEqual([])
    })

    it("undoes a new account holder and its link when a later step fails, so saving a card still works", async () => {
      const carol = await guest.signUp(`carol-${Date.now()}@shopper.test`)
      const { customer } = (await api.get("/store/customers/me", carol.headers)).data
      const container = getContainer()
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const holdersOf = async () =>
        (
          await query.graph({
            entity: "account_holder",
            fields: ["id", "data"],
            filters: { provider_id: CARD_PROVIDER, external_id: customer.id },
          })
        ).data as any[]
      const linkedHolders = async () => {
        const { data } = await query.graph({
          entity: "customer",
          fields: ["id", "account_holders.id"],
          filters: { id: customer.id },
        })
        return (data[0] as any).account_holders.filter(Boolean)
      }

      const { errors } = await holderThenFailure(container).run({
        input: { provider_id: CARD_PROVIDER, customer },
        throwOnError: false,
      })
      expect(errors.map((e) => e.error.message)).toEqual(["the step after the account holder failed"])
      expect(await holdersOf()).toEqual([])
      expect(await linkedHolders()).toEqual([])

      // Nothing was left behind to collide with: the customer's first card creates and links their holder.
      const { started } = await saveCard(carol)
      const [holder] = await holdersOf()
      expect(holder.data).toMatchObject({ customer_id: customer.id, cards: [{ cardId: started.id }] })
      expect((await linkedHolders()).map((h: { id: string }) => h.id)).toEqual([holder.id])
    })

    it("removing a card removes it from the list and from checkout", async () => {
      const { started } = await saveCard(alice)
      const { data } = await api.delete(`/store/iotpay/saved-cards/${started.id}`, alice.headers)
      expect(data).toEqual({ id: started.id, object: "saved_card", deleted: true })
      expect(await savedCards(alice)).toEqual([])

      const cart = await alice.cart()
      const refused = await errorOf(alice.paymentSession(cart.id, CARD_PROVIDER, { payment_method_id: started.id }))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/not one of the signed-in customer's cards/)
    })
  },
})
