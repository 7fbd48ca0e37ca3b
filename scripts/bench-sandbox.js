#!/usr/bin/env node
"use strict"
// cc_query throughput of the sandbox: the sandbox runs in a worker thread (its own event loop, like a separate
// server), the load generator here drives it with N keep-alive connections (undici Pool) for a bounded time.
// Usage: node scripts/bench-sandbox.js [--connections 32] [--seconds 5]
const { Worker, isMainThread, parentPort } = require("node:worker_threads")
const { loadSandboxModule } = require("../bin/iotpay-sandbox.js")

const CREDS = { merchantId: "10000701", loginName: "demo", secretKey: "BENCHKEY" }

// Worker side: run the sandbox until the main thread says stop. (A top-level return is fine in a CommonJS file.)
if (!isMainThread) {
  loadSandboxModule("index")
    .startSandbox({ ...CREDS, port: 0 })
    .then((sb) => {
      parentPort.postMessage({ url: sb.url })
      parentPort.once("message", () => sb.close().then(() => process.exit(0)))
    })
  return
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}

async function run() {
  const { Pool } = require("undici")
  const { withSignature } = loadSandboxModule("../iotpay/sign") // src/iotpay/sign, next to src/sandbox
  const connections = arg("connections", 32)
  const seconds = arg("seconds", 5)

  const worker = new Worker(__filename, { workerData: {} })
  const { url } = await new Promise((resolve) => worker.once("message", resolve))
  const pool = new Pool(url, { connections, pipelining: 1 })
  const call = async (endpoint, params) => {
    const res = await pool.request({
      path: `/v3/${endpoint}`,
      method: "POST",
      headers: { "content-type": "application/json;charset=UTF-8" },
      body: JSON.stringify(withSignature(params, CREDS.secretKey)),
    })
    const json = await res.body.json()
    if (json.retCode !== "SUCCESS") throw new Error(`${endpoint}: ${json.retMsg}`)
    return json.retData
  }

  // One paid order to query: bind a test card, buy with the token.
  const base = { mchId: CREDS.merchantId, loginName: CREDS.loginName }
  await call("cc_directaddcard", {
    ...base,
    channel: "PF_CC",
    cardId: "bench",
    cardNum: "4242424242424242",
    holder: "Bench",
    cvv: "123",
  })
  const order = await call("cc_purchasewithtoken", {
    ...base,
    mchOrderNo: "bench-1",
    mchUserId: "u",
    cardId: "bench",
    amount: 1500,
    currency: "CAD",
  })
  const query = JSON.stringify(
    withSignature({ mchId: CREDS.merchantId, payOrderId: order.payOrderId }, CREDS.secretKey)
  )

  let done = 0
  let failed = 0
  const until = Date.now() + seconds * 1000
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const res = await pool.request({
          path: "/v3/cc_query",
          method: "POST",
          headers: { "content-type": "application/json;charset=UTF-8" },
          body: query,
        })
        const json = await res.body.json()
        if (json.retCode === "SUCCESS" && json.retData.status === 2) done++
        else failed++
      }
    })
  )
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9
  console.log(
    `cc_query: ${done} ok, ${failed} failed in ${elapsed.toFixed(2)} s with ${connections} keep-alive connections ` +
      `→ ${Math.round(done / elapsed)} req/s`
  )
  await pool.close()
  worker.postMessage("stop")
  await new Promise((resolve) => worker.once("exit", resolve))
  if (failed > 0) process.exitCode = 1
}

run().catch((err) => {
  console.error(err)
  process.exit(1)
})
