"use strict"
// Phase 2b, paid notify → order: a cart paid on the hosted page with a card whose notify the sandbox never sends (so
// the shopper never returns and nothing else completes it), then that payment's signed notify POSTed once to our
// route or to Medusa's webhook route (alternating), timing from the POST until the store API shows the cart
// completed (the order exists). Ours: inbox row, event, subscriber at once; Medusa's: its event runs 5 s later.
const { loadSandboxModule } = require("../../bin/iotpay-sandbox.js")
const { NO_NOTIFY_CARD } = require("./checkout")
const { MERCHANT } = require("./stack")
const { log, median, round, sleep } = require("./util")

const ROUTES = { ours: "/hooks/iotpay/iotpay", medusas: "/hooks/payment/iotpay_iotpay" }
const TIMEOUT_MS = 60_000

async function oneNotifyToOrder(stack, api, route) {
  const { withSignature } = loadSandboxModule("../iotpay/sign")
  const cartId = await api.newCart()
  const session = await api.initiate(cartId, "pp_iotpay_iotpay")
  await loadSandboxModule("index").payOnHostedPage(session.data.redirectUrl, NO_NOTIFY_CARD)
  const { sandbox: _extra, sign: _sign, ...record } = stack.sandbox.order(session.data.mchOrderNo)
  const started = process.hrtime.bigint()
  const res = await fetch(stack.medusaUrl + ROUTES[route], {
    method: "POST",
    headers: { "content-type": "application/json;charset=UTF-8" },
    body: JSON.stringify(withSignature(record, MERCHANT.secretKey)),
  })
  if (!res.ok) throw new Error(`${route}: the notify was answered HTTP ${res.status}`)
  for (;;) {
    if ((await api.cart(cartId)).completed_at) return Number(process.hrtime.bigint() - started) / 1e6
    if (Number(process.hrtime.bigint() - started) / 1e6 > TIMEOUT_MS) {
      throw new Error(`${route}: no order ${TIMEOUT_MS / 1000} s after the paid notify`)
    }
    await sleep(25)
  }
}

/** `count` paid notifies per route, alternating; medians in ms from the notify's POST to the order. */
async function benchNotifyToOrder(stack, api, count) {
  log(`paid notify → order: ${count} per route, alternating...`)
  const samples = { ours: [], medusas: [] }
  for (let i = 0; i < count; i++) {
    for (const route of i % 2 ? ["medusas", "ours"] : ["ours", "medusas"]) {
      samples[route].push(await oneNotifyToOrder(stack, api, route))
    }
  }
  const result = Object.fromEntries(
    Object.entries(samples).map(([route, ms]) => [
      route,
      { median_ms: round(median(ms)), all_ms: ms.map((x) => round(x)) },
    ])
  )
  log(`paid notify → order: ${JSON.stringify(result)}`)
  return result
}

module.exports = { benchNotifyToOrder }
