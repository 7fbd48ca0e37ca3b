"use strict"
// Phase 2, notify: wrk against POST /hooks/iotpay/iotpay (ours: signature check + inbox write), Medusa's own
// POST /hooks/payment/iotpay_iotpay with the same signed body, and GET /health; after a 2 s warm-up of each, `rounds`
// rounds of `seconds` each at 50 connections (also at 4 in the first two rounds; and, in every round, both routes
// with notifies that are each sent once: every one a first delivery), the two notify routes back to back in ABBA
// order. After each load the bench waits until Medusa's CPU is idle again (the events both routes leave behind) and
// records how long, and Medusa's CPU time per request during the load and until idle.
const { groupCpuSeconds, waitIdle } = require("./processes")
const { wrk } = require("./wrk")
const { log, median, round } = require("./util")

function targetsOf(medusaUrl, bodies) {
  const ours = `${medusaUrl}/hooks/iotpay/iotpay`
  const medusas = `${medusaUrl}/hooks/payment/iotpay_iotpay`
  return {
    notify_route: { url: ours, body: () => bodies.repeated },
    medusa_webhook_route: { url: medusas, body: () => bodies.repeated },
    notify_route_distinct: { url: ours, body: bodies.distinct },
    medusa_webhook_route_distinct: { url: medusas, body: bodies.distinct },
    health: { url: `${medusaUrl}/health`, body: () => undefined },
  }
}

/** One request to each target, logged: a route that refuses the notify shows here, before any load. */
async function probe(targets) {
  for (const [name, t] of Object.entries(targets)) {
    const one = t.body()
    const res = await fetch(t.url, {
      method: one ? "POST" : "GET",
      headers: { "content-type": "application/json;charset=UTF-8" },
      body: Array.isArray(one) ? one[0] : one,
    })
    log(`${name}: HTTP ${res.status} ${(await res.text()).slice(0, 40)}`)
  }
}

/** Ours / Medusa's req/s at 50 connections, per round, for the repeated ("") or distinct ("_distinct") notifies. */
function ratios(runs, rounds, suffix) {
  return [...Array(rounds).keys()].flatMap((r) => {
    const get = (name) => runs.find((x) => x.round === r + 1 && x.target === name + suffix && x.connections === 50)
    const [a, b] = [get("notify_route"), get("medusa_webhook_route")]
    return a && b ? [a.rps / b.rps] : []
  })
}

async function benchNotify(stack, bodies, { rounds, seconds }) {
  const targets = targetsOf(stack.medusaUrl, bodies)
  const pgid = stack.server.pid
  await probe(targets)
  log(`notify: ${rounds} rounds of ${seconds} s per target (see the header for which targets run in which rounds)...`)
  const runs = []
  // One untimed warm-up per target (JIT, pools, the first write of the notify), so round 1 does not measure
  // whichever route happens to run first while it is still cold.
  for (const t of Object.values(targets)) {
    wrk(t.url, 50, 2, t.body())
    await waitIdle(pgid, 6000)
  }
  const measure = async (r, name, connections) => {
    const t = targets[name]
    const cpuBefore = groupCpuSeconds(pgid)
    const one = { round: r + 1, target: name, connections, ...wrk(t.url, connections, seconds, t.body()) }
    // Medusa's CPU per request while the load runs: what answering costs (Medusa's route defers its work by 5 s).
    // Unlike req/s it does not move with how fast the shared machine happens to be in that window.
    const perRequest = (cpuSeconds) => round((cpuSeconds * 1000) / one.requests, 2)
    one.cpu_ms_per_request_in_window = perRequest(groupCpuSeconds(pgid) - cpuBefore)
    one.drain_s = await waitIdle(pgid, 6000)
    // From the start of the load until idle again: the work each route leaves behind (our subscriber on each
    // delivery, Medusa's delayed webhook processing) included.
    one.cpu_ms_per_request = perRequest(groupCpuSeconds(pgid) - cpuBefore)
    log(JSON.stringify(one))
    runs.push(one)
  }
  for (let r = 0; r < rounds; r++) {
    // The two notify routes back to back, the order swapped every round (ABBA), so the drift of a shared machine
    // falls on both; the ratio is taken per round.
    const pair = r % 2 ? ["medusa_webhook_route", "notify_route"] : ["notify_route", "medusa_webhook_route"]
    for (const name of [...pair, "health"]) await measure(r, name, 50)
    if (r < 2) for (const name of [...pair, "health"]) await measure(r, name, 4)
    // Every round: a round is now and then slowed for whichever route runs in it (either route's CPU per notify has
    // doubled for one round on this shared machine), so the median needs as many rounds as the repeats get.
    for (const name of pair) await measure(r, `${name}_distinct`, 50)
  }
  const of = (name, c, key) => median(runs.filter((x) => x.target === name && x.connections === c).map((x) => x[key]))
  const result = { seconds, rounds, runs, summary: {} }
  for (const name of Object.keys(targets)) {
    result.summary[name] = {
      rps_50: of(name, 50, "rps"),
      p99_ms_50: of(name, 50, "p99_ms"),
      p99_ms_4: of(name, 4, "p99_ms"),
      drain_s_50: of(name, 50, "drain_s"),
      cpu_ms_per_request_50: of(name, 50, "cpu_ms_per_request"),
      cpu_ms_per_request_in_window_50: of(name, 50, "cpu_ms_per_request_in_window"),
    }
  }
  result.ratios_50 = ratios(runs, rounds, "").map((x) => round(x, 2))
  result.ratio_rps_50 = round(median(ratios(runs, rounds, "")), 2)
  result.ratios_50_distinct = ratios(runs, rounds, "_distinct").map((x) => round(x, 2))
  result.ratio_rps_50_distinct = round(median(ratios(runs, rounds, "_distinct")), 2)
  result.target = "notify_route ≥ 1.0× medusa_webhook_route req/s at 50 connections"
  return result
}

module.exports = { benchNotify }
