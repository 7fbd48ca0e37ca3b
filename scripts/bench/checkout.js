"use strict"
// Phase 1, checkout: pp_iotpay_iotpay vs pp_system_default, alternating, `count` each after one warm-up each. Timed:
// create payment collection + initiate session, and complete cart; the shopper on the hosted page in between is not
// timed. Gateway calls are counted per checkout by the sandbox.
const { loadSandboxModule } = require("../../bin/iotpay-sandbox.js")
const { log, median, medianInterval, round } = require("./util")

const NO_NOTIFY_CARD = "4000000000000259" // approves, notify never sent: nothing races the timed cart completion
const PROVIDERS = ["pp_iotpay_iotpay", "pp_system_default"]

const diff = (after, before) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([k, v]) => [k, v - (before[k] || 0)])
      .filter(([, v]) => v)
  )

/** One checkout; only the store API calls are timed, the shopper on the hosted page is not. */
async function checkout(stack, api, providerId) {
  const cartId = await api.newCart()
  const before = stack.calls()
  let t = process.hrtime.bigint()
  const session = await api.initiate(cartId, providerId)
  const initiateMs = Number(process.hrtime.bigint() - t) / 1e6
  const afterInitiate = stack.calls()
  if (providerId === "pp_iotpay_iotpay") {
    await loadSandboxModule("index").payOnHostedPage(session.data.redirectUrl, NO_NOTIFY_CARD)
  }
  const beforeComplete = stack.calls()
  t = process.hrtime.bigint()
  const done = await api.complete(cartId)
  const completeMs = Number(process.hrtime.bigint() - t) / 1e6
  if (done.type !== "order") throw new Error(`${providerId}: cart not completed: ${JSON.stringify(done.error)}`)
  const gateway = { ...diff(afterInitiate, before), ...diff(stack.calls(), beforeComplete) }
  return { initiateMs, completeMs, ms: initiateMs + completeMs, gateway, session }
}

/** Resolves with { result (for bench.json), paidSession (an IOTPay session paid on the hosted page) }. */
async function benchCheckout(stack, api, count) {
  log(`checkout: ${count} each, alternating (one warm-up each)...`)
  const samples = { pp_iotpay_iotpay: [], pp_system_default: [] }
  for (let i = -1; i < count; i++) {
    for (const p of i % 2 ? PROVIDERS : [...PROVIDERS].reverse()) {
      const one = await checkout(stack, api, p)
      if (i >= 0) samples[p].push(one)
    }
  }
  const summary = (p) => ({
    checkouts: samples[p].length,
    median_ms: round(median(samples[p].map((s) => s.ms))),
    median_initiate_ms: round(median(samples[p].map((s) => s.initiateMs))),
    median_complete_ms: round(median(samples[p].map((s) => s.completeMs))),
    all_ms: samples[p].map((s) => round(s.ms)),
    gateway_calls_per_checkout: samples[p].map((s) => Object.values(s.gateway).reduce((a, b) => a + b, 0)),
    gateway_calls_first: samples[p][0].gateway,
  })
  const pairRatios = samples.pp_iotpay_iotpay.map((s, i) => s.ms / samples.pp_system_default[i].ms)
  const result = {
    pp_iotpay_iotpay: summary("pp_iotpay_iotpay"),
    pp_system_default: summary("pp_system_default"),
    ratio_of_medians: round(
      median(samples.pp_iotpay_iotpay.map((s) => s.ms)) / median(samples.pp_system_default.map((s) => s.ms)),
      2
    ),
    median_pair_ratio: round(median(pairRatios), 2),
    median_pair_ratio_95: medianInterval(pairRatios).map((x) => round(x, 2)),
    target: "≤ 1.05× (issue 23); 2 gateway calls (cc_purchase + cc_query)",
  }
  log(`checkout: ${JSON.stringify(result)}`)
  return { result, paidSession: samples.pp_iotpay_iotpay[0].session }
}

module.exports = { benchCheckout, NO_NOTIFY_CARD }
