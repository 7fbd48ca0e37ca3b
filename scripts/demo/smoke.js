// `npm run demo -- --check`: what a shopper does on the demo storefront, over plain HTTP. First a declined card (the
// order must not be placed, and the storefront's "Try again" path must work), then the approving card → an order.
const CARDS = {
  approve: { cardNum: "4242424242424242", expiryDate: "1230", cvv: "123", holder: "Demo Shopper" },
  decline: { cardNum: "4000000000000002", expiryDate: "1230", cvv: "123", holder: "Demo Shopper" },
}

/** fetch, but a network error names the URL ("fetch failed" alone says nothing). */
async function get(url, init) {
  try {
    return await fetch(url, init)
  } catch (error) {
    throw new Error(`${init?.method || "GET"} ${url}: ${error.cause?.message || error.message}`)
  }
}

async function smokeCheckout({ medusaUrl, storefrontUrl, info, providerId, log }) {
  const store = async (method, path, body) => {
    const res = await get(medusaUrl + path, {
      method,
      headers: {
        "content-type": "application/json",
        "x-publishable-api-key": info.publishableKey,
        origin: storefrontUrl,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const data = await res.json().catch(() => ({}))
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${data.message || ""}`)
    return data
  }
  const expect = (ok, message) => {
    if (!ok) throw new Error(`demo smoke: ${message}`)
  }

  for (const page of ["/", "/return.html", "/app.js", "/config.js"]) {
    const res = await get(storefrontUrl + page)
    expect(res.ok, `storefront ${page} answered HTTP ${res.status}`)
  }
  const admin = await get(`${medusaUrl}/app`)
  expect(admin.ok, `admin dashboard ${medusaUrl}/app answered HTTP ${admin.status}`)

  // The same calls as scripts/demo/storefront/app.js.
  const { products } = await store(
    "GET",
    `/store/products?region_id=${info.regionId}&fields=*variants.calculated_price`
  )
  const mug = products.find((p) => p.title === "Maple Mug")
  expect(mug, "product Maple Mug not found")
  let { cart } = await store("POST", "/store/carts", {
    region_id: info.regionId,
    email: "smoke@example.ca",
    items: [{ variant_id: mug.variants[0].id, quantity: 1 }],
  })
  const address = {
    first_name: "Demo",
    last_name: "Shopper",
    address_1: "100 Queen St W",
    city: "Toronto",
    province: "ON",
    postal_code: "M5H 2N2",
    country_code: "ca",
  }
  await store("POST", `/store/carts/${cart.id}`, {
    shipping_address: address,
    billing_address: address,
    email: "smoke@example.ca",
  })
  const { shipping_options: options } = await store("GET", `/store/shipping-options?cart_id=${cart.id}`)
  expect(options.length > 0, "no shipping option for a Toronto address")
  ;({ cart } = await store("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: options[0].id }))

  /** Storefront "Pay" / "Try again": (re)create the IOTPay session, pay on the hosted page, come back, complete. */
  async function attempt(card) {
    const { payment_collection: pc } = await store("POST", "/store/payment-collections", { cart_id: cart.id })
    const returnUrl = `${storefrontUrl}/return.html?cart_id=${cart.id}`
    const { payment_collection: withSession } = await store(
      "POST",
      `/store/payment-collections/${pc.id}/payment-sessions`,
      {
        provider_id: providerId,
        data: { return_url: returnUrl },
      }
    )
    const session = withSession.payment_sessions.find((s) => s.provider_id === providerId)
    const redirectUrl = session?.data?.redirectUrl
    expect(redirectUrl, "the payment session has no redirectUrl")

    const page = await get(redirectUrl)
    expect(page.ok && /name="cardNum"/.test(await page.text()), `hosted page ${redirectUrl} has no card form`)
    const posted = await get(redirectUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(card).toString(),
      redirect: "manual",
    })
    const back = posted.headers.get("location")
    expect(
      posted.status === 303 && back?.startsWith(returnUrl),
      `hosted page answered ${posted.status}, location ${back}`
    )
    const returnPage = await get(back)
    expect(returnPage.ok, `return page ${back} answered HTTP ${returnPage.status}`)

    const result = await store("POST", `/store/carts/${cart.id}/complete`)
    return { result, hint: new URL(back).searchParams }
  }

  const declined = await attempt(CARDS.decline)
  expect(declined.result.type === "cart", `the declined card placed order #${declined.result.order?.display_id}`)
  log(
    `smoke: declined card refused as expected (IOTPay says ${declined.hint.get("retCode")}; Medusa says "${declined.result.error?.message}")`
  )

  const paid = await attempt(CARDS.approve)
  expect(paid.result.type === "order", `cart not completed: ${paid.result.error?.message}`)
  const order = paid.result.order
  log(
    `smoke: retry with 4242... placed order #${order.display_id}, total ${order.total} ${order.currency_code.toUpperCase()}`
  )
  return { displayId: order.display_id, order }
}

module.exports = { smokeCheckout }
