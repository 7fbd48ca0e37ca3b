"use strict"
// The storefront side of a checkout, through Medusa's store API: a cart with one item and shipping, a payment
// collection with one provider's session.
const { STOREFRONT } = require("./stack")

const ADDRESS = {
  first_name: "Jane",
  last_name: "Bench",
  address_1: "100 King St W",
  city: "Toronto",
  province: "ON",
  postal_code: "M5X 1A9",
  country_code: "ca",
}

function storeApi(medusaUrl, store) {
  const call = async (method, url, body) => {
    const res = await fetch(medusaUrl + url, {
      method,
      headers: { "content-type": "application/json", "x-publishable-api-key": store.publishableKey },
      body: body && JSON.stringify(body),
    })
    const data = await res.json()
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${data.message}`)
    return data
  }
  const newCart = async () => {
    const { cart } = await call("POST", "/store/carts", {
      region_id: store.regionId,
      email: "bench@shopper.test",
      items: [{ variant_id: store.variants[0].id, quantity: 1 }],
      shipping_address: ADDRESS,
      billing_address: ADDRESS,
    })
    await call("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId })
    return cart.id
  }
  const initiate = async (cartId, providerId) => {
    const { payment_collection: pc } = await call("POST", "/store/payment-collections", { cart_id: cartId })
    // return_url: the shopper commits, so the payment opens at IOTPay now (without it nothing is opened yet)
    const data = { return_url: `${STOREFRONT}/return` }
    const { payment_collection: withSession } = await call(
      "POST",
      `/store/payment-collections/${pc.id}/payment-sessions`,
      { provider_id: providerId, data }
    )
    return withSession.payment_sessions.find((s) => s.provider_id === providerId)
  }
  const complete = (cartId) => call("POST", `/store/carts/${cartId}/complete`)
  const cart = async (cartId) => (await call("GET", `/store/carts/${cartId}?fields=id,completed_at`)).cart
  return { newCart, initiate, complete, cart }
}

module.exports = { storeApi }
