// The demo storefront's pages, no framework. Everything about paying with IOTPay comes from the plugin's storefront kit
// (src/storefront, `medusa-payment-iotpay/storefront`), served bundled as /iotpay-storefront.js (window.IotpayStorefront).
// index.html: cart -> address -> shipping -> pick IOTPay -> the kit starts the payment -> IOTPay's hosted card page.
// return.html: IOTPay sends the shopper back here; the kit completes the cart; we show the order or what to do next.
/* global window, document, localStorage, location, IotpayStorefront */
window.Shop = (function () {
  const C = window.DEMO_CONFIG
  const Kit = IotpayStorefront
  const CART_KEY = "iotpay_demo_cart_id"
  const $ = (id) => document.getElementById(id)
  // The kit's transport (plain fetch, publishable key): the pages' other store API calls use it too.
  const store = Kit.fromFetch({ baseUrl: C.medusaUrl, publishableKey: C.publishableKey })
  const api = (method, path, body) => store(path, { method, body })

  function money(amount, currency) {
    return new Intl.NumberFormat("en-CA", { style: "currency", currency: (currency || "cad").toUpperCase() }).format(
      amount
    )
  }

  function show(text, kind) {
    const el = $("message")
    el.hidden = !text
    el.className = `message ${kind || ""}`
    el.textContent = text || ""
  }

  function busy(button, label) {
    button.disabled = !!label
    if (label) {
      button.dataset.label ??= button.textContent
      button.textContent = label
    } else if (button.dataset.label) button.textContent = button.dataset.label
  }

  function detail(text) {
    const p = document.createElement("p")
    p.className = "muted"
    p.textContent = text
    $("message").append(p)
  }

  /** Starts a new IOTPay payment for the cart (replacing any earlier one) and sends the browser to IOTPay's page. */
  async function payWithIotpay(cartId) {
    const returnUrl = Kit.returnUrlFor(`${location.origin}/return.html`, cartId)
    const { redirectUrl } = await Kit.startHostedPayment(store, { cartId, returnUrl, providerId: C.providerId })
    location.assign(redirectUrl)
  }

  function summaryRows(cart) {
    const rows = cart.items.map((i) => [
      `${i.quantity} × ${i.product_title || i.title}`,
      money(i.total ?? i.unit_price * i.quantity, cart.currency_code),
    ])
    rows.push(["Shipping", money(cart.shipping_total, cart.currency_code)])
    if (cart.tax_total) rows.push(["Tax", money(cart.tax_total, cart.currency_code)])
    rows.push(["Total", money(cart.total, cart.currency_code)])
    return rows
  }

  function renderTable(table, rows) {
    table.replaceChildren(
      ...rows.map(([label, amount], i) => {
        const tr = document.createElement("tr")
        if (i === rows.length - 1) tr.className = "total"
        for (const [text, cls] of [
          [label, ""],
          [amount, "amount"],
        ]) {
          const td = document.createElement("td")
          td.textContent = text
          td.className = cls
          tr.append(td)
        }
        return tr
      })
    )
  }

  async function checkoutPage() {
    const form = $("checkout")
    let cart
    try {
      const { products } = await api("GET", `/store/products?region_id=${C.regionId}&fields=*variants.calculated_price`)
      $("products").replaceChildren(
        ...products.flatMap((p) =>
          p.variants.map((v, i) => {
            const row = document.createElement("label")
            row.className = "product"
            const price = v.calculated_price
              ? money(v.calculated_price.calculated_amount, v.calculated_price.currency_code)
              : ""
            row.innerHTML = `<span><strong></strong> <span class="muted"></span></span><input type="number" min="0" max="99">`
            row.querySelector("strong").textContent = p.title
            row.querySelector(".muted").textContent = price
            const qty = row.querySelector("input")
            qty.name = v.id
            qty.value = i === 0 && p === products[0] ? "1" : "0"
            return row
          })
        )
      )
    } catch (e) {
      show(`Could not load products from Medusa (${C.medusaUrl}): ${e.message}`, "error")
      return
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault()
      const button = $("continue")
      busy(button, "Preparing your order...")
      show("")
      try {
        const items = [...form.querySelectorAll(".product input")]
          .map((input) => ({ variant_id: input.name, quantity: Number(input.value) }))
          .filter((i) => i.quantity > 0)
        if (!items.length) throw new Error("Add at least one product.")
        const f = Object.fromEntries(new FormData(form))
        const address = {
          first_name: f.first_name,
          last_name: f.last_name,
          address_1: f.address_1,
          city: f.city,
          province: f.province,
          postal_code: f.postal_code,
          country_code: "ca",
        }
        ;({ cart } = await api("POST", "/store/carts", { region_id: C.regionId, email: f.email, items }))
        localStorage.setItem(CART_KEY, cart.id)
        await api("POST", `/store/carts/${cart.id}`, {
          email: f.email,
          shipping_address: address,
          billing_address: address,
        })
        const { shipping_options: options } = await api("GET", `/store/shipping-options?cart_id=${cart.id}`)
        if (!options.length) throw new Error("No shipping option delivers to this address.")
        ;({ cart } = await api("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: options[0].id }))

        renderTable($("summary"), summaryRows(cart))
        const { payment_providers: providers } = await api("GET", `/store/payment-providers?region_id=${C.regionId}`)
        $("providers").replaceChildren(
          ...providers.map((p) => {
            const label = document.createElement("label")
            label.innerHTML = `<span><input type="radio" name="provider"> <span></span></span>`
            label.querySelector("input").value = p.id
            label.querySelector("input").checked = p.id === C.providerId
            label.querySelector("span span").textContent = p.id === C.providerId ? "Credit card (IOTPay)" : p.id
            return label
          })
        )
        form.hidden = true
        $("payment").hidden = false
        $("pay").textContent = `Pay ${money(cart.total, cart.currency_code)} by card`
      } catch (e) {
        show(e.message, "error")
      } finally {
        busy(button)
      }
    })

    $("edit").addEventListener("click", () => {
      $("payment").hidden = true
      form.hidden = false
    })

    $("pay").addEventListener("click", async () => {
      const chosen = document.querySelector("input[name=provider]:checked")
      if (!chosen || chosen.value !== C.providerId) {
        return show("This demo only takes card payments through IOTPay.", "error")
      }
      busy($("pay"), "Opening the IOTPay payment page...")
      try {
        await payWithIotpay(cart.id)
      } catch (e) {
        show(`Could not start the payment: ${e.message}`, "error")
        busy($("pay"))
      }
    })
  }

  async function returnPage() {
    const { cartId: returnedCartId, hint } = Kit.readReturn(location.search)
    const cartId = returnedCartId || localStorage.getItem(CART_KEY)
    if (!cartId) return show("No cart to complete. Start from the shop.", "error")

    // IOTPay's query parameters are unsigned: anyone can type them. A hint only; the outcome is what completing the
    // cart says (the plugin asks IOTPay for the payment's real status).
    if (hint) {
      $("hint").hidden = false
      $("hint").textContent = hint.text
    }

    let nextStep
    $("retry").addEventListener("click", async () => {
      if (nextStep === "wait_and_retry" || nextStep === "retry") return complete()
      busy($("retry"), "Opening the IOTPay payment page...")
      try {
        await payWithIotpay(cartId)
      } catch (e) {
        show(`Could not start a new payment: ${e.message}`, "error")
        busy($("retry"))
      }
    })

    async function complete() {
      $("actions").hidden = true
      show("Confirming your order...")
      const outcome = await Kit.completeAfterReturn(store, { cartId })
      if (outcome.ok) return showOrder(outcome.order)
      nextStep = outcome.nextStep
      show(outcome.message, "error")
      // The store's own text is written for the merchant ("ask the shopper to..."): a detail only.
      if (outcome.detail) detail(`Store says: ${outcome.detail}`)
      $("retry").textContent = RETRY_LABELS[nextStep]
      $("actions").hidden = false
    }
    await complete()
  }

  /** The return page's button for each next step the kit names. */
  const RETRY_LABELS = {
    try_another_card: "Try again", // a new IOTPay payment, where another card can be typed
    start_again: "Pay again", // a new IOTPay payment
    wait_and_retry: "Check again", // completes the cart again (never charges twice)
    retry: "Try again", // completes the cart again
  }

  function showOrder(order) {
    localStorage.removeItem(CART_KEY)
    show(
      `Thank you! Order #${order.display_id} is placed and your card was authorized for ${money(order.total, order.currency_code)}.`,
      "success"
    )
    const section = $("order")
    section.hidden = false
    section.innerHTML = `<h2>Order #<span></span></h2><p class="muted"></p><table></table><p><a class="button secondary" href="/">Shop again</a></p>`
    section.querySelector("h2 span").textContent = order.display_id
    section.querySelector("p.muted").textContent =
      `Confirmation sent to ${order.email} (not really: this is a demo). See it in the admin under Orders.`
    renderTable(section.querySelector("table"), summaryRows(order))
  }

  return { checkoutPage, returnPage, api }
})()
