"use strict"
// Phase 2b: the same first deliveries on a server-mode instance on Redis (production: servers answer, a worker
// processes): our route writes its inbox row and queues the event; Medusa's queues its event. Nothing processes
// either here (no worker), so the comparison is what a server instance does per notify. Skipped without Redis.
const path = require("node:path")
const { groupCpuSeconds, healthy, medusa, stopGroup, waitIdle } = require("./processes")
const { benchRedis, flushRedis } = require("./redis")
const { wrk } = require("./wrk")
const { freePort, log, median, round } = require("./util")

const ROUNDS = 3

/** Resolves with the result for bench.json's notify.server_mode, or undefined when no Redis answers. */
async function benchNotifyServerMode(stack, bodies, { seconds }) {
  const redisUrl = await benchRedis()
  if (!redisUrl) {
    log("server mode: skipped (no Redis: set REDIS_URL, or run one on 127.0.0.1:6379)")
    return undefined
  }
  const port = await freePort()
  const url = `http://localhost:${port}`
  log(`server mode: a second Medusa on ${url}, MEDUSA_WORKER_MODE=server, Redis ${redisUrl}...`)
  await flushRedis(redisUrl)
  const server = medusa(stack.logs, "medusa-server-mode", ["start"], {
    ...stack.env,
    PORT: String(port),
    REDIS_URL: redisUrl,
    MEDUSA_WORKER_MODE: "server",
  })
  try {
    await healthy(url, server, path.join(stack.logs, "medusa-server-mode.log"))
    const at = {
      notify_route: `${url}/hooks/iotpay/iotpay`,
      medusa_webhook_route: `${url}/hooks/payment/iotpay_iotpay`,
    }
    for (const target of Object.values(at)) wrk(target, 50, 2, bodies.distinct())
    await waitIdle(server.pid, 3000)
    const runs = []
    for (let r = 0; r < ROUNDS; r++) {
      for (const name of r % 2 ? ["medusa_webhook_route", "notify_route"] : ["notify_route", "medusa_webhook_route"]) {
        const cpuBefore = groupCpuSeconds(server.pid)
        const one = {
          round: r + 1,
          target: `${name}_server_mode`,
          connections: 50,
          ...wrk(at[name], 50, seconds, bodies.distinct()),
        }
        one.cpu_ms_per_request_in_window = round(((groupCpuSeconds(server.pid) - cpuBefore) * 1000) / one.requests, 2)
        one.drain_s = await waitIdle(server.pid, 3000)
        log(JSON.stringify(one))
        runs.push(one)
      }
    }
    const perRound = [...Array(ROUNDS).keys()].map((r) => {
      const get = (name) => runs.find((x) => x.round === r + 1 && x.target === `${name}_server_mode`)
      return get("notify_route").rps / get("medusa_webhook_route").rps
    })
    const of = (name, key) => median(runs.filter((x) => x.target === `${name}_server_mode`).map((x) => x[key]))
    return {
      runs,
      summary: Object.fromEntries(
        Object.keys(at).map((name) => [
          name,
          {
            rps_50: of(name, "rps"),
            p99_ms_50: of(name, "p99_ms"),
            cpu_ms_per_request_in_window_50: of(name, "cpu_ms_per_request_in_window"),
          },
        ])
      ),
      ratios_50: perRound.map((x) => round(x, 2)),
      ratio_rps_50: round(median(perRound), 2),
    }
  } finally {
    await stopGroup(server)
    await flushRedis(redisUrl)
  }
}

module.exports = { benchNotifyServerMode }
