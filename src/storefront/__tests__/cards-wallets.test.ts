import { addSavedCard, listSavedCards, payWithSavedCard, removeSavedCard } from "../saved-cards"
import { encodeWalletToken, payWithWallet } from "../wallets"
import { collectionWith, stubStore } from "./stub-store"

const order = { id: "order_1" }
const SESSIONS = "POST /store/payment-collections/pay_col_1/payment-sessions"
const checkout = (providerId: string) => ({
  "POST /store/payment-collections": { body: { payment_collection: { id: "pay_col_1" } } },
  [SESSIONS]: { body: collectionWith(providerId, {}) },
  "POST /store/carts/cart_1/complete": { body: { type: "order", order } },
})

describe("saved cards", () => {
  it("lists, adds (hosted add-card page) and removes through /store/iotpay/saved-cards", async () => {
    const card = { id: "CD7HQ019XBY9R25F1KPBXPHS4DH82F", provider_id: "pp_iotpay_iotpay", last4: "4242" }
    const { store, calls } = stubStore({
      "GET /store/iotpay/saved-cards": { body: { saved_cards: [card] } },
      "POST /store/iotpay/saved-cards": {
        status: 201,
        body: {
          saved_card: {
            id: card.id,
            provider_id: card.provider_id,
            status: "pending",
            redirect_url: "https://iotpay/add",
            secure_id: "s",
          },
        },
      },
      [`DELETE /store/iotpay/saved-cards/${card.id}`]: { body: { id: card.id, object: "saved_card", deleted: true } },
    })
    expect(await listSavedCards(store)).toEqual([card])
    expect(await addSavedCard(store, { returnUrl: "https://shop.test/account/cards" })).toEqual({
      id: card.id,
      redirectUrl: "https://iotpay/add",
      secureId: "s",
    })
    await removeSavedCard(store, card.id, { providerId: "pp_iotpay_other" })
    expect(calls.map((c) => [c.method, c.url.replace("https://api.shop.test", ""), c.body])).toEqual([
      ["GET", "/store/iotpay/saved-cards", undefined],
      ["POST", "/store/iotpay/saved-cards", { return_url: "https://shop.test/account/cards" }],
      ["DELETE", `/store/iotpay/saved-cards/${card.id}?provider_id=pp_iotpay_other`, undefined],
    ])
  })

  it("a card that is not the customer's: removing rejects with the 404", async () => {
    const { store } = stubStore({
      "DELETE /store/iotpay/saved-cards/CDX": {
        status: 404,
        body: { message: "not one of the signed-in customer's cards" },
      },
    })
    await expect(removeSavedCard(store, "CDX")).rejects.toMatchObject({ status: 404 })
  })

  it("pays: session with payment_method_id (and client_ip), then completes the cart, which is what charges the card", async () => {
    const { store, calls } = stubStore(checkout("pp_iotpay_iotpay"))
    const outcome = await payWithSavedCard(store, { cartId: "cart_1", cardId: "CD1", clientIp: "203.0.113.9" })
    expect(outcome).toEqual({ ok: true, order })
    expect(calls[1].body).toEqual({
      provider_id: "pp_iotpay_iotpay",
      data: { payment_method_id: "CD1", client_ip: "203.0.113.9" },
    })
    expect(calls.map((c) => c.path).at(-1)).toBe("/store/carts/cart_1/complete")
  })

  it("a declined saved card: try another card", async () => {
    const { store } = stubStore({
      ...checkout("pp_iotpay_iotpay"),
      "POST /store/carts/cart_1/complete": {
        body: {
          type: "cart",
          error: { type: "payment_authorization_error", message: "IOTPay declined payment X; nothing was charged." },
        },
      },
    })
    expect(await payWithSavedCard(store, { cartId: "cart_1", cardId: "CD1" })).toMatchObject({
      ok: false,
      reason: "declined",
      nextStep: "try_another_card",
    })
  })

  it("a card refused at session time (not the customer's, or a guest) rejects before any charge", async () => {
    const { store, calls } = stubStore({
      ...checkout("pp_iotpay_iotpay"),
      [SESSIONS]: {
        status: 400,
        body: { message: "IOTPay: CD1 is not one of the signed-in customer's cards; nothing was charged." },
      },
    })
    await expect(payWithSavedCard(store, { cartId: "cart_1", cardId: "CD1" })).rejects.toMatchObject({ status: 400 })
    expect(calls.map((c) => c.path)).not.toContain("/store/carts/cart_1/complete")
  })
})

describe("wallets", () => {
  it("encodes a token as IOTPay expects: base64 of its UTF-8 text (the sandbox's approve token), objects as JSON", () => {
    expect(encodeWalletToken("approve")).toBe("YXBwcm92ZQ==")
    expect(encodeWalletToken("décliné")).toBe(Buffer.from("décliné", "utf8").toString("base64"))
    const token = { version: "EC_v1", data: "abc" }
    expect(Buffer.from(encodeWalletToken(token), "base64").toString("utf8")).toBe(JSON.stringify(token))
  })

  it("pays: pp_iotpay-wallet_iotpay session with walletType + walletData, then completes", async () => {
    const { store, calls } = stubStore(checkout("pp_iotpay-wallet_iotpay"))
    const outcome = await payWithWallet(store, {
      cartId: "cart_1",
      walletType: "GooglePay",
      walletData: "YXBwcm92ZQ==",
    })
    expect(outcome).toEqual({ ok: true, order })
    expect(calls[1].body).toEqual({
      provider_id: "pp_iotpay-wallet_iotpay",
      data: { walletType: "GooglePay", walletData: "YXBwcm92ZQ==" },
    })
  })
})
