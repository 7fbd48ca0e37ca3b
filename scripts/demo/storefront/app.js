// The demo storefront's pages, no framework. Everything about paying with IOTPay comes from the plugin's storefront kit
// (src/storefront, `medusa-payment-iotpay/storefront`), served bundled as /iotpay-storefront.js (window.IotpayStorefront).
// index.html: cart -> address -> shipping -> pick a way to pay -> the kit starts the payment:
//   card: IOTPay's hosted card page; WeChat Pay: a QR code here (scan it, or open the sandbox wallet page from its
//   link), and the kit polls until it is paid, then the order shows here with no return step; Alipay / UnionPay: the
//   wallet's cashier page (the sandbox's), which sends the shopper back to return.html.
// return.html: IOTPay sends the shopper back here; the kit completes the cart; we show the order or what to do next.
// The kit's sentences and the QR code's words follow the browser's language (English, French, Simplified Chinese),
// as the sandbox's hosted page and cashiers do; the rest of this demo page is in English.
/* global window, document, localStorage, location, navigator, AbortController, IotpayStorefront */
window.Shop = (function () {
  const C = window.DEMO_CONFIG
  const Kit = IotpayStorefront
  const CART_KEY = "iotpay_demo_cart_id"
  const WALLET_NAMES = { wechat: "WeChat Pay", alipay: "Alipay", unionpay: "UnionPay" }
  const $ = (id) => document.getElementById(id)
  const LOCALE = Kit.shopperLocale(navigator.language)
  const CHECKED = {
    en: (n) => `checked ${n} time${n > 1 ? "s" : ""}`,
    fr: (n) => `${n} vérification${n > 1 ? "s" : ""}`,
    zh: (n) => `已查询 ${n} 次`,
  }
  // The kit's transport (plain fetch, publishable key): the pages' other store API calls use it too.
  const store = Kit.fromFetch({ baseUrl: C.medusaUrl, publishableKey: C.publishableKey })
  const api = (method, path, body) => store(path, { method, body })
  // ?currency=USD or CNY: the region priced in it (WeChat Pay, Alipay, UnionPay only); otherwise Canada (CAD).
  const CURRENCY = new URLSearchParams(location.search).get("currency")?.toUpperCase()
  const REGION_ID = (C.regions || {})[CURRENCY] || C.regionId
  // Medusa ships a region's carts to its own countries only: the demo's USD region is the US, its CNY region China.
  const COUNTRY = REGION_ID === C.regionId ? "ca" : { USD: "us", CNY: "cn" }[CURRENCY]

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

  /**
   * WeChat Pay, Alipay or UnionPay (IOTPay v1) for the cart: the kit starts the payment (the shopper's IP, which v1
   * requires, is read by the plugin from this browser's request to Medusa). Alipay / UnionPay leave for the wallet's
   * cashier; WeChat Pay answers a QR code, which `onQr` shows.
   */
  async function payWithV1Wallet(cartId, wallet, onQr) {
    // No query string in a v1 return URL (IOTPay appends its own): the wallet and cart are in the path, which the
    // storefront server answers with return.html.
    const returnUrl = `${location.origin}/wallet-return/${wallet}/${encodeURIComponent(cartId)}`
    const payment = await Kit.startV1Payment(store, {
      cartId,
      wallet,
      returnUrl,
      inWechat: Kit.isInWechat(navigator.userAgent),
      userAgent: navigator.userAgent,
    })
    if (payment.kind === "qr") return onQr(payment)
    Kit.openV1Payment(payment)
  }

  const providerLabel = (id) => (id === C.providerId ? "Credit card (IOTPay)" : WALLET_NAMES[Kit.v1WalletOf(id)] || id)
  const payLabel = (id, cart) =>
    `Pay ${money(cart.total, cart.currency_code)} ${id === C.providerId ? "by card" : `with ${providerLabel(id)}`}`

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
    $("country").value = { ca: "Canada", us: "United States", cn: "China" }[COUNTRY]
    let cart
    try {
      const { products } = await api("GET", `/store/products?region_id=${REGION_ID}&fields=*variants.calculated_price`)
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
          country_code: COUNTRY,
        }
        ;({ cart } = await api("POST", "/store/carts", { region_id: REGION_ID, email: f.email, items }))
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
        const { payment_providers: providers } = await api("GET", `/store/payment-providers?region_id=${REGION_ID}`)
        // The card first, then WeChat Pay, Alipay, UnionPay; anything else last.
        const rank = (id) =>
          id === C.providerId ? 0 : Kit.v1WalletOf(id) ? 1 + Kit.V1_WALLETS.indexOf(Kit.v1WalletOf(id)) : 9
        providers.sort((a, b) => rank(a.id) - rank(b.id))
        const preselected = providers[0]?.id // the card where the region offers it, else WeChat Pay
        $("providers").replaceChildren(
          ...providers.map((p) => {
            const label = document.createElement("label")
            label.innerHTML = `<span><input type="radio" name="provider"> <span></span></span>`
            label.querySelector("input").value = p.id
            label.querySelector("input").checked = p.id === preselected
            label.querySelector("span span").textContent = providerLabel(p.id)
            label.querySelector("input").addEventListener("change", () => {
              $("pay").textContent = payLabel(p.id, cart)
            })
            return label
          })
        )
        form.hidden = true
        $("payment").hidden = false
        $("pay").textContent = payLabel(preselected, cart)
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
      const wallet = chosen && Kit.v1WalletOf(chosen.value)
      if (!chosen || (chosen.value !== C.providerId && !wallet)) {
        return show("This demo takes payments through IOTPay only: a card, WeChat Pay, Alipay or UnionPay.", "error")
      }
      show("")
      busy($("pay"), wallet === "wechat" ? "Preparing the QR code..." : "Opening the payment page...")
      try {
        if (wallet) await payWithV1Wallet(cart.id, wallet, (payment) => waitForQrPayment(cart, payment))
        else await payWithIotpay(cart.id)
      } catch (e) {
        show(`Could not start the payment: ${e.message}`, "error")
        busy($("pay"))
      }
    })

    // WeChat Pay's QR code: shown until the kit's polling finds the cart paid (the order, shown right here) or the
    // payment ended unpaid; "Choose another way to pay" stops the polling.
    let polling
    $("qr-cancel").addEventListener("click", () => {
      polling?.abort()
      $("qr").hidden = true
      $("payment").hidden = false
      busy($("pay"))
    })

    async function waitForQrPayment(cart, payment) {
      $("payment").hidden = true
      $("qr").hidden = false
      $("qr-amount").textContent = money(cart.total, cart.currency_code)
      $("qr-image").src = `/qr.svg?text=${encodeURIComponent(payment.codeUrl)}`
      $("qr-code-url").textContent = payment.codeUrl
      // The sandbox's "camera": the wallet page a phone would open after scanning this code.
      $("qr-wallet-link").href = `${C.sandboxUrl}/v1/scan?code=${encodeURIComponent(payment.codeUrl)}`
      $("qr-title").textContent = Kit.shopperMessage("wechatScan", LOCALE)
      $("qr-steps").textContent = Kit.shopperMessage("wechatSteps", LOCALE)
      $("qr-status").textContent = Kit.shopperMessage("wechatWaiting", LOCALE)
      polling = new AbortController()
      let checks = 0
      let outcome
      try {
        outcome = await Kit.pollUntilPaid(store, {
          cartId: cart.id,
          intervalMs: 2000,
          signal: polling.signal,
          locale: LOCALE,
          onPending: () => {
            $("qr-status").textContent = `${Kit.shopperMessage("wechatWaiting", LOCALE)} (${CHECKED[LOCALE](++checks)})`
          },
        })
      } catch (e) {
        if (e && e.name === "AbortError") return // the shopper chose another way to pay
        throw e
      }
      $("qr").hidden = true
      if (outcome.ok) return showOrder(outcome.order, "wechat")
      $("payment").hidden = false
      busy($("pay"))
      show(outcome.message, "error")
      if (outcome.detail) detail(`Store says: ${outcome.detail}`)
    }
  }

  async function returnPage() {
    const { cartId: returnedCartId, hint } = Kit.readReturn(location.search, { locale: LOCALE })
    // Alipay / UnionPay come back to /wallet-return/<wallet>/<cart id> (the return URL we gave them); a card to
    // /return.html?cart_id=...
    const [, wallet, walletCartId] = location.pathname.match(/^\/wallet-return\/(\w+)\/([^/]+)$/) || []
    const cartId =
      returnedCartId || (walletCartId && decodeURIComponent(walletCartId)) || localStorage.getItem(CART_KEY)
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
        if (wallet) await payWithV1Wallet(cartId, wallet, () => location.assign("/"))
        else await payWithIotpay(cartId)
      } catch (e) {
        show(`Could not start a new payment: ${e.message}`, "error")
        busy($("retry"))
      }
    })

    async function complete() {
      $("actions").hidden = true
      show("Confirming your order...")
      const outcome = await Kit.completeAfterReturn(store, { cartId, locale: LOCALE })
      if (outcome.ok) return showOrder(outcome.order, wallet)
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

  /** The confirmation; `wallet` ("wechat", "alipay", "unionpay") when paid with one, else a card. */
  function showOrder(order, wallet) {
    localStorage.removeItem(CART_KEY)
    const total = money(order.total, order.currency_code)
    show(
      wallet
        ? `Thank you! Order #${order.display_id} is placed and paid with ${WALLET_NAMES[wallet]} (${total}).`
        : `Thank you! Order #${order.display_id} is placed and your card was authorized for ${total}.`,
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
