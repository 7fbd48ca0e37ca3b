// Every way completing the cart can end, mapped to what the shopper reads and may do next.
import { completeCart } from "../complete"
import { completeAfterReturn } from "../return-page"
import { stubStore, type Answer } from "./stub-store"

const COMPLETE = "POST /store/carts/cart_1/complete"
const CART = "GET /store/carts/cart_1"
const order = { id: "order_1", display_id: 7, total: 28.2387, currency_code: "cad" }
const notAuthorized: Answer = {
  status: 400,
  body: { type: "not_allowed", message: "Session: payses_1 was not authorized with the provider." },
}
const sessionIs = (status: string): Answer => ({
  body: { cart: { id: "cart_1", payment_collection: { payment_sessions: [{ status }] } } },
})

async function outcomeOf(routes: Parameters<typeof stubStore>[0]) {
  const { store, calls } = stubStore(routes)
  return { outcome: await completeCart(store, "cart_1"), calls }
}

it("an order", async () => {
  const { outcome } = await outcomeOf({ [COMPLETE]: { body: { type: "order", order } } })
  expect(outcome).toEqual({ ok: true, order })
})

it("declined (Medusa answers 200 with the cart and the provider's error): try another card; Medusa's text only as detail", async () => {
  const message =
    "IOTPay declined payment P123: card declined; nothing was charged. Ask the shopper to try again with another card"
  const { outcome } = await outcomeOf({
    [COMPLETE]: { body: { type: "cart", cart: {}, error: { type: "payment_authorization_error", message } } },
  })
  expect(outcome).toMatchObject({ ok: false, reason: "declined", nextStep: "try_another_card", detail: message })
  if (outcome.ok) throw new Error("unreachable")
  expect(outcome.message).toMatch(
    /^Your payment did not go through, so the order was not placed\. Your card was declined/
  )
  expect(outcome.message).not.toMatch(/shopper|IOTPay|P123/)
})

it("still pending at IOTPay (not authorized, session pending): wait and retry, no double charge promised", async () => {
  const { outcome, calls } = await outcomeOf({ [COMPLETE]: notAuthorized, [CART]: sessionIs("pending") })
  expect(outcome).toMatchObject({ ok: false, reason: "pending", nextStep: "wait_and_retry" })
  expect(calls[1].url).toContain("fields=id%2C*payment_collection.payment_sessions")
})

it("not authorized and the session ended in error (e.g. IOTPay reports another amount): start again", async () => {
  const { outcome } = await outcomeOf({ [COMPLETE]: notAuthorized, [CART]: sessionIs("error") })
  expect(outcome).toMatchObject({ ok: false, reason: "failed", nextStep: "start_again" })
})

it("not authorized and the cart can't be read: treated as pending (completing again is safe), and the detail says why", async () => {
  const { outcome } = await outcomeOf({ [COMPLETE]: notAuthorized, [CART]: new TypeError("offline") })
  expect(outcome).toMatchObject({
    reason: "pending",
    nextStep: "wait_and_retry",
    detail:
      "Session: payses_1 was not authorized with the provider. (the payment session's status could not be read: offline)",
  })
})

it("another completion is running (409, e.g. IOTPay's notify right now): pending", async () => {
  const { outcome } = await outcomeOf({
    [COMPLETE]: {
      status: 409,
      body: { type: "conflict", message: "Cart is already being completed by another request" },
    },
  })
  expect(outcome).toMatchObject({ reason: "pending", nextStep: "wait_and_retry" })
})

it.each([
  ["the cart is gone (404)", { status: 404, body: { type: "not_found", message: "Cart id not found" } }],
  [
    "the session was returned (canceled)",
    {
      status: 400,
      body: {
        type: "not_allowed",
        message: "IOTPay payment P1 was returned to the shopper; create a new payment session to pay.",
      },
    },
  ],
  [
    "no session any more",
    { status: 400, body: { type: "invalid_data", message: "Payment collection has not been initiated for cart" } },
  ],
])("session gone or expired: %s → start again", async (_what, answer) => {
  const { outcome } = await outcomeOf({ [COMPLETE]: answer as Answer })
  expect(outcome).toMatchObject({ ok: false, reason: "expired", nextStep: "start_again" })
})

it.each([
  ["no answer", new TypeError("Failed to fetch")],
  ["a gateway error", { status: 502, body: {} }],
  ["a server error", { status: 500, body: { type: "unknown_error", message: "An unknown error occurred." } }],
])("network: %s → retry", async (_what, answer) => {
  const { outcome } = await outcomeOf({ [COMPLETE]: answer as Answer })
  expect(outcome).toMatchObject({ ok: false, reason: "network", nextStep: "retry" })
  if (!outcome.ok) expect(outcome.message).toMatch(/not be charged twice/)
})

it("anything else (e.g. the cart lost its shipping method): failed, start again, Medusa's text as detail", async () => {
  const { outcome } = await outcomeOf({
    [COMPLETE]: { status: 400, body: { type: "invalid_data", message: "No shipping method selected" } },
  })
  expect(outcome).toMatchObject({ reason: "failed", nextStep: "start_again", detail: "No shipping method selected" })
})

describe("completeAfterReturn", () => {
  it("completes again while pending, then answers the order", async () => {
    const sleeps: number[] = []
    const { store, calls } = stubStore({
      [COMPLETE]: [
        notAuthorized,
        { status: 409, body: { message: "Cart is already being completed by another request" } },
        { body: { type: "order", order } },
      ],
      [CART]: sessionIs("pending"),
    })
    const outcome = await completeAfterReturn(store, {
      cartId: "cart_1",
      retryDelayMs: 1500,
      sleep: async (ms) => void sleeps.push(ms),
    })
    expect(outcome).toEqual({ ok: true, order })
    expect(sleeps).toEqual([1500, 1500])
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(3)
  })

  it("stays pending after its retries: says so (the page offers to check again)", async () => {
    const { store, calls } = stubStore({ [COMPLETE]: () => notAuthorized, [CART]: () => sessionIs("pending") })
    const outcome = await completeAfterReturn(store, { cartId: "cart_1", pendingRetries: 1, sleep: async () => {} })
    expect(outcome).toMatchObject({ reason: "pending", nextStep: "wait_and_retry" })
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(2)
  })

  it("does not retry a decline", async () => {
    const { store, calls } = stubStore({
      [COMPLETE]: () => ({
        body: { type: "cart", error: { type: "payment_authorization_error", message: "IOTPay declined payment P1" } },
      }),
    })
    const outcome = await completeAfterReturn(store, { cartId: "cart_1", sleep: async () => {} })
    expect(outcome).toMatchObject({ reason: "declined" })
    expect(calls).toHaveLength(1)
  })
})
