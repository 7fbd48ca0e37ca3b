// The demo storefront's whole logic: Medusa store API calls with fetch, no framework.
// index.html: cart -> address -> shipping -> pick IOTPay -> redirect to IOTPay's hosted card page.
// return.html: IOTPay sends the shopper back here; we complete the cart and show the order or the reason it failed.
/* global window, document, localStorage, location, fetch, URLSearchParams */
window.Shop = (function () {
  const C = window.DEMO_CONFIG
  const CART_KEY = "iotpay_demo_cart_id"
  const $ = (id) => document.getElementById(id)

  async function api(method, path, body) {
    const res = await fetch(C.medusaUrl + path, {
      method,
      headers: { "content-type": "application/json", "x-publishable-api-key": C.publishableKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const data = await res.json().catch(() => ({}))
    if (!res.ok) throw new Error(data.message || `${method} ${path} failed (HTTP ${res.status})`)
    return data
  }

  function money(amount, currency) {
    return new Intl.NumberFormat("en-CA", { style: "currency", currency: (currency || "cad").toUpperCase() }).format(amount)
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

  /** Creates (or replaces) the cart's IOTPay payment session and sends the browser to IOTPay's hosted card page. */
  async function payWithIotpay(cartId) {
    const { payment_collection: pc } = await api("POST", "/store/payment-collections", { cart_id: cartId })
    const returnUrl = `${location.origin}/return.html?cart_id=${encodeURIComponent(cartId)}`
    const { payment_collection: updated } = await api("POST", `/store/payment-collections/${pc.id}/payment-sessions`, {
      provider_id: C.providerId,
      data: { return_url: returnUrl },
    })
    const session = updated.payment_sessions.find((s) => s.provider_id === C.providerId)
    if (!session || !session.data || !session.data.redirectUrl) throw new Error("IOTPay did not return a payment page.")
    location.assign(session.data.redirectUrl)
  }

  function summaryRows(cart) {
    const rows = cart.items.map((i) => [`${i.quantity} × ${i.product_title || i.title}`, money(i.total ?? i.unit_price * i.quantity, cart.currency_code)])
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
        for (const [text, cls] of [[label, ""], [amount, "amount"]]) {
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
            const price = v.calculated_price ? money(v.calculated_price.calculated_amount, v.calculated_price.currency_code) : ""
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
          first_name: f.first_name, last_name: f.last_name, address_1: f.address_1,
          city: f.city, province: f.province, postal_code: f.postal_code, country_code: "ca",
        }
        ;({ cart } = await api("POST", "/store/carts", { region_id: C.regionId, email: f.email, items }))
        localStorage.setItem(CART_KEY, cart.id)
        await api("POST", `/store/carts/${cart.id}`, { email: f.email, shipping_address: address, billing_address: address })
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
      if (!chosen || chosen.value !== C.providerId) return show("This demo only takes card payments through IOTPay.", "error")
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
    const query = new URLSearchParams(location.search)
    const cartId = query.get("cart_id") || localStorage.getItem(CART_KEY)
    if (!cartId) return show("No cart to complete. Start from the shop.", "error")

    // IOTPay's query parameters are unsigned: anyone can type them. Show them as a hint only; the outcome is what
    // Medusa says when it completes the cart (the provider asks IOTPay for the payment's real status).
    const retCode = query.get("retCode")
    if (retCode) {
      const hint = $("hint")
      hint.hidden = false
      hint.textContent =
        retCode === "SUCCESS"
          ? `IOTPay says: payment approved (IOTPay order ${query.get("mchOrderNo") || "?"}).`
          : `IOTPay says: ${query.get("retMsg") || "payment not completed"} (${retCode}).`
    }

    $("retry").addEventListener("click", async () => {
      busy($("retry"), "Opening the IOTPay payment page...")
      try {
        await payWithIotpay(cartId)
      } catch (e) {
        show(`Could not start a new payment: ${e.message}`, "error")
        busy($("retry"))
      }
    })

    show("Confirming your order...")
    try {
      const result = await api("POST", `/store/carts/${cartId}/complete`)
      if (result.type === "order") return showOrder(result.order)
      // The store's message is written for the merchant ("ask the shopper to..."): show it as a detail only.
      show(`Your payment did not go through, so the order was not placed. Try again, with another card if yours was declined.`, "error")
      detail(`Store says: ${result.error?.message || "unknown error"}`)
    } catch (e) {
      show(`Could not complete the order: ${e.message}`, "error")
    }
    $("actions").hidden = false
  }

  function showOrder(order) {
    localStorage.removeItem(CART_KEY)
    show(`Thank you! Order #${order.display_id} is placed and your card was authorized for ${money(order.total, order.currency_code)}.`, "success")
    const section = $("order")
    section.hidden = false
    section.innerHTML = `<h2>Order #<span></span></h2><p class="muted"></p><table></table><p><a class="button secondary" href="/">Shop again</a></p>`
    section.querySelector("h2 span").textContent = order.display_id
    section.querySelector("p.muted").textContent = `Confirmation sent to ${order.email} (not really: this is a demo). See it in the admin under Orders.`
    renderTable(section.querySelector("table"), summaryRows(order))
  }

  return { checkoutPage, returnPage, api }
})()
