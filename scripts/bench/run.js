#!/usr/bin/env node
"use strict"
// `npm run bench`: three side-by-side benchmarks on one stack, loopback only, results as JSON
// (test-artifacts/bench/bench.json, or --out FILE) and a summary on stdout. README "Benchmarks" has the numbers.
//
//   stack: PostgreSQL (scripts/postgres.js) with a fresh database medusa_iotpay_bench_<pid> (dropped at the end),
//          migrations, scripts/bench/seed.ts (the repo's store, with pp_system_default enabled next to IOTPay), the
//          IOTPay sandbox in this process behind a counting proxy (every /v3/<endpoint> call Medusa makes is counted),
//          and `medusa start` of this repo as a child (as integration-tests/helpers/child-medusa.ts starts it).
//   1. checkout: pp_iotpay_iotpay vs pp_system_default, alternating, --checkouts N each (default 10) after one warm-up
//      each. Timed: create payment collection + initiate session, and complete cart; the shopper on the hosted page
//      in between is not timed. Gateway calls are counted per checkout at the proxy.
//   2. notify: wrk against POST /hooks/iotpay/iotpay (ours: signature check + inbox write), Medusa's own
//      POST /hooks/payment/iotpay_iotpay with the same signed body (the notify of a paid checkout from part 1), and
//      GET /health; after a 2 s warm-up of each, --rounds R (default 5) of --seconds S (default 5) each at 50
//      connections (also at 4 in the first two rounds; and, in the first three, both routes with notifies that are each
//      sent once: every one a first delivery), the two notify routes back to back in ABBA order. After each
//      load the bench waits until Medusa's CPU is idle again (the events both routes leave behind) and records how
//      long, and Medusa's CPU time per request during the load and until idle.
//   3. reconcile: Medusa stopped, scripts/bench/reconcile.ts under `medusa exec` with cc_query delayed 50 ms at the
//      sandbox (--reconcile-sizes, default 100,1000,10000).
// Needs wrk (Debian: apt-get install -y wrk; installed here when missing and running as root with apt-get).
const { spawn, execFileSync } = require("node:child_process")
const fs = require("node:fs")
const http = require("node:http")
const net = require("node:net")
const os = require("node:os")
const path = require("node:path")
const { ensurePostgres, databaseUrl } = require("../postgres")
const { loadSandboxModule } = require("../../bin/iotpay-sandbox.js")

const ROOT = path.resolve(__dirname, "..", "..")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [ROOT] })
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : fallback
}
const OUT = path.resolve(arg("out", path.join(ROOT, "test-artifacts", "bench", "bench.json")))
const LOGS = path.join(path.dirname(OUT), "logs")
const CHECKOUTS = Number(arg("checkouts", 10))
const ROUNDS = Number(arg("rounds", 5))
const SECONDS = Number(arg("seconds", 5))
const SIZES = arg("reconcile-sizes", "100,1000,10000")
const MERCHANT = { merchantId: "10000701", loginName: "bench", secretKey: "bench-sandbox-key" }
const STOREFRONT = "http://storefront.bench"
const NO_NOTIFY_CARD = "4000000000000259" // approves, notify never sent: nothing races the timed cart completion

const log = (line) => console.log(`[bench] ${line}`)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round = (x, digits = 1) => Number(x.toFixed(digits))

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function ensureWrk() {
  const onPath = (cmd) =>
    (process.env.PATH || "").split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, cmd)))
  if (onPath("wrk")) return
  if (process.getuid?.() !== 0 || !onPath("apt-get")) {
    throw new Error("wrk is missing: install it (Debian: apt-get install -y wrk).")
  }
  log("wrk is missing: apt-get install -y wrk...")
  execFileSync("apt-get", ["install", "-y", "wrk"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  })
}

/** The sandbox's port behind a proxy that counts each /v3/<endpoint> call; GET /_bench/counts answers the counts. */
function countingProxy(sandboxPort) {
  const counts = {}
  const agent = new http.Agent({ keepAlive: true })
  const server = http.createServer((req, res) => {
    if (req.url === "/_bench/counts") return res.end(JSON.stringify(counts))
    const endpoint = /^\/v3\/([^/?]+)/.exec(req.url)?.[1]
    if (endpoint) counts[endpoint] = (counts[endpoint] || 0) + 1
    const upstream = http.request(
      { host: "127.0.0.1", port: sandboxPort, path: req.url, method: req.method, headers: req.headers, agent },
      (r) => {
        res.writeHead(r.statusCode, r.headers)
        r.pipe(res)
      }
    )
    upstream.on("error", (e) => res.writeHead(502).end(String(e)))
    req.pipe(upstream)
  })
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, agent, counts, port: server.address().port }))
  )
}

/** `node medusa <args>` in its own process group, output to LOGS/<name>.log. */
function medusa(name, args, env) {
  const out = fs.openSync(path.join(LOGS, `${name}.log`), "w")
  const child = spawn(process.execPath, [MEDUSA_CLI, ...args], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", out, out],
  })
  fs.closeSync(out)
  child.exited = new Promise((r) => child.once("exit", (code, signal) => r(code ?? signal)))
  return child
}
async function medusaCommand(name, args, env) {
  const code = await medusa(name, args, env).exited
  if (code !== 0) throw new Error(`medusa ${args.join(" ")} failed (${code}); see ${path.join(LOGS, name + ".log")}`)
}
async function stopGroup(child) {
  for (const [signal, waitMs] of [
    ["SIGTERM", 15_000],
    ["SIGKILL", 5_000],
  ]) {
    try {
      process.kill(-child.pid, signal)
    } catch {
      return
    }
    if ((await Promise.race([child.exited, sleep(waitMs).then(() => "timeout")])) !== "timeout") return
  }
}

/** CPU seconds used so far by every process in a process group (Linux /proc). */
function groupCpuSeconds(pgid) {
  let ticks = 0
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12])
    } catch {}
  }
  return ticks / 100
}
/**
 * Waits until the group uses under 5 % of a core over a second (at most 300 s), but never less than `minMs`: Medusa's
 * own webhook route queues its event with a 5 s delay, so idle before then means nothing. Returns the seconds waited.
 */
async function waitIdle(pgid, minMs = 0) {
  const started = Date.now()
  await sleep(minMs)
  while (Date.now() - started < 300_000) {
    const before = groupCpuSeconds(pgid)
    await sleep(1000)
    if (groupCpuSeconds(pgid) - before < 0.05) break
  }
  return round((Date.now() - started) / 1000)
}

/**
 * wrk's Lua for a POST: one body for every request, or (an array) a different body for each request, the threads
 * taking turns through the list so no body is sent twice.
 */
function wrkScript(body, threads) {
  const head = `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json;charset=UTF-8"\n`
  if (typeof body === "string") return `${head}wrk.body = [==[${body}]==]\n`
  return (
    `${head}local bodies = {\n${body.map((b) => `[==[${b}]==]`).join(",\n")}\n}\n` +
    `local started, i = 0, 0\n` +
    `function setup(thread) thread:set("tid", started); started = started + 1 end\n` +
    `function request() i = i + 1; return wrk.format(nil, nil, nil, bodies[((i - 1) * ${threads} + tid) % #bodies + 1]) end\n`
  )
}

/** Waits until a `medusa start` child answers /health. */
async function healthy(url, child, name) {
  for (const until = Date.now() + 5 * 60_000; ; await sleep(500)) {
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false
      )
    ) {
      return
    }
    if (Date.now() > until || child.exitCode !== null) {
      throw new Error(`Medusa did not start; see ${LOGS}/${name}.log`)
    }
  }
}

/** A Redis for the server-mode part: REDIS_URL, else the machine's own on 6379, else null (that part is skipped). */
async function benchRedis() {
  if (process.env.REDIS_URL) return process.env.REDIS_URL
  const answers = await new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 6379 }, () => socket.write("PING\r\n"))
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)))
    socket.on("data", (d) => (socket.destroy(), resolve(d.toString().startsWith("+PONG"))))
    socket.on("error", () => resolve(false))
  })
  // A database of its own (15), emptied afterwards: the events queued there are never processed (no worker runs).
  return answers ? "redis://127.0.0.1:6379/15" : null
}

/** FLUSHDB on the Redis database of `url`. */
function flushRedis(url) {
  const { hostname, port, pathname } = new URL(url)
  const db = Number(pathname.slice(1) || 0)
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) }, () =>
      socket.write(`SELECT ${db}\r\nFLUSHDB\r\n`)
    )
    let seen = ""
    socket.setTimeout(5000, () => (socket.destroy(), resolve()))
    socket.on("data", (d) => {
      seen += d
      if (seen.split("\r\n").filter(Boolean).length >= 2) {
        socket.destroy()
        resolve()
      }
    })
    socket.on("error", () => resolve())
  })
}

/** One wrk run: req/s, p99 (ms), non-2xx count. `body`: a string, or an array of distinct bodies (see wrkScript). */
function wrk(url, connections, seconds, body) {
  const threads = Math.min(2, connections)
  const args = ["-t", String(threads), "-c", String(connections), "-d", `${seconds}s`, "--latency", url]
  if (body) {
    const script = path.join(os.tmpdir(), `bench-wrk-${process.pid}.lua`)
    fs.writeFileSync(script, wrkScript(body, threads))
    args.unshift("-s", script)
  }
  const out = execFileSync("wrk", args, { encoding: "utf8" })
  const ms = (text) => {
    const [, n, unit] = /([\d.]+)(us|ms|s)\b/.exec(text)
    return round(Number(n) * { us: 0.001, ms: 1, s: 1000 }[unit], 2)
  }
  return {
    rps: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1])),
    p99_ms: ms(/\s99%\s+(\S+)/.exec(out)[1]),
    requests: Number(/(\d+) requests in/.exec(out)[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    errors: /Socket errors: (.*)/.exec(out)?.[1] ?? null,
  }
}

async function main() {
  fs.mkdirSync(LOGS, { recursive: true })
  ensureWrk()
  const pg = await ensurePostgres({ log })
  const dbName = `medusa_iotpay_bench_${process.pid}`
  const { Client } = require("pg")
  const admin = new Client({ ...pg.conn, port: Number(pg.conn.port), database: "postgres" })
  await admin.connect()
  await admin.query(`create database ${dbName}`)
  const { startSandbox } = loadSandboxModule("index")
  const { withSignature } = loadSandboxModule("../iotpay/sign")
  const sandbox = await startSandbox({ ...MERCHANT, port: 0 })
  const proxy = await countingProxy(sandbox.port)
  const calls = () => ({ ...proxy.counts })
  const port = await freePort()
  const medusaUrl = `http://localhost:${port}`
  const infoFile = path.join(LOGS, "store.json")
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(pg.conn, dbName),
    PORT: String(port),
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_ADMIN_DISABLED: "true",
    IOTPAY_MERCHANT_ID: MERCHANT.merchantId,
    IOTPAY_LOGIN_NAME: MERCHANT.loginName,
    IOTPAY_SECRET_KEY: MERCHANT.secretKey,
    IOTPAY_API_BASE: `http://127.0.0.1:${proxy.port}/v3`,
    IOTPAY_BACKEND_URL: medusaUrl,
    IOTPAY_RETURN_URL: `${STOREFRONT}/return`,
    IOTPAY_ALLOWED_RETURN_URLS: STOREFRONT,
    IOTPAY_RECONCILE: "off", // the bench runs the job itself, in part 3
    IOTPAY_INBOX_REDRIVE: "off",
    BENCH_INFO_FILE: infoFile,
  }
  delete env.REDIS_URL // the default (shared, in-memory event bus) topology
  let server
  const results = {
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      note: "shared, noisy machine: compare ratios",
    },
  }
  try {
    log(`database ${dbName} on ${pg.source}: migrating...`)
    await medusaCommand("migrate", ["db:migrate"], env)
    log("seeding...")
    await medusaCommand("seed", ["exec", "./scripts/bench/seed.ts"], env)
    const store = JSON.parse(fs.readFileSync(infoFile, "utf8"))
    log(`starting Medusa on ${medusaUrl}...`)
    server = medusa("medusa", ["start"], env)
    await healthy(medusaUrl, server, "medusa")

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
    const address = {
      first_name: "Jane",
      last_name: "Bench",
      address_1: "100 King St W",
      city: "Toronto",
      province: "ON",
      postal_code: "M5X 1A9",
      country_code: "ca",
    }
    const newCart = async () => {
      const { cart } = await call("POST", "/store/carts", {
        region_id: store.regionId,
        email: "bench@shopper.test",
        items: [{ variant_id: store.variants[0].id, quantity: 1 }],
        shipping_address: address,
        billing_address: address,
      })
      await call("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: store.shippingOptionId })
      return cart.id
    }
    const initiate = async (cartId, providerId) => {
      const { payment_collection: pc } = await call("POST", "/store/payment-collections", { cart_id: cartId })
      const data = providerId === "pp_iotpay_iotpay" ? { return_url: `${STOREFRONT}/return` } : {}
      const { payment_collection: withSession } = await call(
        "POST",
        `/store/payment-collections/${pc.id}/payment-sessions`,
        { provider_id: providerId, data }
      )
      return withSession.payment_sessions.find((s) => s.provider_id === providerId)
    }
    const diff = (after, before) =>
      Object.fromEntries(
        Object.entries(after)
          .map(([k, v]) => [k, v - (before[k] || 0)])
          .filter(([, v]) => v)
      )

    /** One checkout; only the store API calls are timed, the shopper on the hosted page is not. */
    async function checkout(providerId) {
      const cartId = await newCart()
      const before = calls()
      let t = process.hrtime.bigint()
      const session = await initiate(cartId, providerId)
      const initiateMs = Number(process.hrtime.bigint() - t) / 1e6
      const afterInitiate = calls()
      if (providerId === "pp_iotpay_iotpay") {
        await loadSandboxModule("index").payOnHostedPage(session.data.redirectUrl, NO_NOTIFY_CARD)
      }
      const beforeComplete = calls()
      t = process.hrtime.bigint()
      const done = await call("POST", `/store/carts/${cartId}/complete`)
      const completeMs = Number(process.hrtime.bigint() - t) / 1e6
      if (done.type !== "order") throw new Error(`${providerId}: cart not completed: ${JSON.stringify(done.error)}`)
      const gateway = { ...diff(afterInitiate, before), ...diff(calls(), beforeComplete) }
      return { initiateMs, completeMs, ms: initiateMs + completeMs, gateway, session }
    }

    // 1. Checkout
    log(`checkout: ${CHECKOUTS} each, alternating (one warm-up each)...`)
    const providers = ["pp_iotpay_iotpay", "pp_system_default"]
    const samples = { pp_iotpay_iotpay: [], pp_system_default: [] }
    for (let i = -1; i < CHECKOUTS; i++) {
      for (const p of i % 2 ? providers : [...providers].reverse()) {
        const one = await checkout(p)
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
    results.checkout = {
      pp_iotpay_iotpay: summary("pp_iotpay_iotpay"),
      pp_system_default: summary("pp_system_default"),
      ratio_of_medians: round(
        median(samples.pp_iotpay_iotpay.map((s) => s.ms)) / median(samples.pp_system_default.map((s) => s.ms)),
        2
      ),
      median_pair_ratio: round(median(pairRatios), 2),
      target: "≤ 1.15×; 2 gateway calls (cc_purchase + cc_query)",
    }
    log(`checkout: ${JSON.stringify(results.checkout)}`)

    // 2. Notify: the signed notify of a paid checkout, as IOTPay sends it (sandbox-only fields dropped), repeated.
    const paid = samples.pp_iotpay_iotpay[0].session.data
    const { sandbox: _extra, sign: _sign, ...record } = sandbox.order(paid.mchOrderNo)
    const body = JSON.stringify(withSignature(record, MERCHANT.secretKey))
    // Notifies IOTPay never sent twice: each its own payOrderId and a mchOrderNo that is no session of this store, so
    // every one is a first delivery (our route: an inbox INSERT and an event; the subscriber then ignores it).
    let distinctCount = 0
    const distinct = () =>
      Array.from({ length: 12_000 }, () => {
        const n = ++distinctCount
        const fields = { ...record, payOrderId: `BENCH${process.pid}N${n}`, mchOrderNo: `bench-${process.pid}-${n}` }
        return JSON.stringify(withSignature(fields, MERCHANT.secretKey))
      })
    const ours = `${medusaUrl}/hooks/iotpay/iotpay`
    const medusas = `${medusaUrl}/hooks/payment/iotpay_iotpay`
    const targets = {
      notify_route: { url: ours, body: () => body },
      medusa_webhook_route: { url: medusas, body: () => body },
      notify_route_distinct: { url: ours, body: distinct },
      medusa_webhook_route_distinct: { url: medusas, body: distinct },
      health: { url: `${medusaUrl}/health`, body: () => undefined },
    }
    for (const [name, t] of Object.entries(targets)) {
      const one = t.body()
      const res = await fetch(t.url, {
        method: one ? "POST" : "GET",
        headers: { "content-type": "application/json;charset=UTF-8" },
        body: Array.isArray(one) ? one[0] : one,
      })
      log(`${name}: HTTP ${res.status} ${(await res.text()).slice(0, 40)}`)
    }
    log(`notify: ${ROUNDS} rounds of ${SECONDS} s per target (see the header for which targets run in which rounds)...`)
    const runs = []
    // One untimed warm-up per target (JIT, pools, the first write of the notify), so round 1 does not measure
    // whichever route happens to run first while it is still cold.
    for (const t of Object.values(targets)) {
      wrk(t.url, 50, 2, t.body())
      await waitIdle(server.pid, 6000)
    }
    const measure = async (r, name, connections) => {
      const t = targets[name]
      const cpuBefore = groupCpuSeconds(server.pid)
      const one = { round: r + 1, target: name, connections, ...wrk(t.url, connections, SECONDS, t.body()) }
      // Medusa's CPU per request while the load runs: what answering costs (Medusa's route defers its work by 5 s).
      // Unlike req/s it does not move with how fast the shared machine happens to be in that window.
      const perRequest = (cpuSeconds) => round((cpuSeconds * 1000) / one.requests, 2)
      one.cpu_ms_per_request_in_window = perRequest(groupCpuSeconds(server.pid) - cpuBefore)
      one.drain_s = await waitIdle(server.pid, 6000)
      // From the start of the load until idle again: the work each route leaves behind (our subscriber on each
      // delivery, Medusa's delayed webhook processing) included.
      one.cpu_ms_per_request = perRequest(groupCpuSeconds(server.pid) - cpuBefore)
      log(JSON.stringify(one))
      runs.push(one)
    }
    for (let r = 0; r < ROUNDS; r++) {
      // The two notify routes back to back, the order swapped every round (ABBA), so the drift of a shared machine
      // falls on both; the ratio is taken per round.
      const pair = r % 2 ? ["medusa_webhook_route", "notify_route"] : ["notify_route", "medusa_webhook_route"]
      for (const name of [...pair, "health"]) await measure(r, name, 50)
      if (r < 2) for (const name of [...pair, "health"]) await measure(r, name, 4)
      if (r < 3) for (const name of pair) await measure(r, `${name}_distinct`, 50)
    }
    const of = (name, c, key) => median(runs.filter((x) => x.target === name && x.connections === c).map((x) => x[key]))
    results.notify = { seconds: SECONDS, rounds: ROUNDS, runs, summary: {} }
    for (const name of Object.keys(targets)) {
      results.notify.summary[name] = {
        rps_50: of(name, 50, "rps"),
        p99_ms_50: of(name, 50, "p99_ms"),
        p99_ms_4: of(name, 4, "p99_ms"),
        drain_s_50: of(name, 50, "drain_s"),
        cpu_ms_per_request_50: of(name, 50, "cpu_ms_per_request"),
        cpu_ms_per_request_in_window_50: of(name, 50, "cpu_ms_per_request_in_window"),
      }
    }
    const ratios = (suffix) =>
      [...Array(ROUNDS).keys()].flatMap((r) => {
        const get = (name) => runs.find((x) => x.round === r + 1 && x.target === name + suffix && x.connections === 50)
        const [a, b] = [get("notify_route"), get("medusa_webhook_route")]
        return a && b ? [a.rps / b.rps] : []
      })
    results.notify.ratios_50 = ratios("").map((x) => round(x, 2))
    results.notify.ratio_rps_50 = round(median(ratios("")), 2)
    results.notify.ratios_50_distinct = ratios("_distinct").map((x) => round(x, 2))
    results.notify.ratio_rps_50_distinct = round(median(ratios("_distinct")), 2)
    results.notify.target = "notify_route ≥ 1.0× medusa_webhook_route req/s at 50 connections"
    // 2b. The same first deliveries on a server-mode instance on Redis (production: servers answer, a worker
    // processes): our route writes its inbox row and queues the event; Medusa's queues its event. Nothing processes
    // either here (no worker), so the comparison is what a server instance does per notify.
    const redisUrl = await benchRedis()
    if (!redisUrl) {
      log("server mode: skipped (no Redis: set REDIS_URL, or run one on 127.0.0.1:6379)")
    } else {
      const port2 = await freePort()
      const url2 = `http://localhost:${port2}`
      log(`server mode: a second Medusa on ${url2}, MEDUSA_WORKER_MODE=server, Redis ${redisUrl}...`)
      await flushRedis(redisUrl)
      const server2 = medusa("medusa-server-mode", ["start"], {
        ...env,
        PORT: String(port2),
        REDIS_URL: redisUrl,
        MEDUSA_WORKER_MODE: "server",
      })
      try {
        await healthy(url2, server2, "medusa-server-mode")
        const at2 = {
          notify_route: `${url2}/hooks/iotpay/iotpay`,
          medusa_webhook_route: `${url2}/hooks/payment/iotpay_iotpay`,
        }
        for (const url of Object.values(at2)) wrk(url, 50, 2, distinct())
        await waitIdle(server2.pid, 3000)
        const serverRuns = []
        for (let r = 0; r < 3; r++) {
          for (const name of r % 2
            ? ["medusa_webhook_route", "notify_route"]
            : ["notify_route", "medusa_webhook_route"]) {
            const cpuBefore = groupCpuSeconds(server2.pid)
            const one = {
              round: r + 1,
              target: `${name}_server_mode`,
              connections: 50,
              ...wrk(at2[name], 50, SECONDS, distinct()),
            }
            one.cpu_ms_per_request_in_window = round(
              ((groupCpuSeconds(server2.pid) - cpuBefore) * 1000) / one.requests,
              2
            )
            one.drain_s = await waitIdle(server2.pid, 3000)
            log(JSON.stringify(one))
            serverRuns.push(one)
          }
        }
        const perRound = [0, 1, 2].map((r) => {
          const get = (name) => serverRuns.find((x) => x.round === r + 1 && x.target === `${name}_server_mode`)
          return get("notify_route").rps / get("medusa_webhook_route").rps
        })
        const of2 = (name, key) =>
          median(serverRuns.filter((x) => x.target === `${name}_server_mode`).map((x) => x[key]))
        results.notify.server_mode = {
          runs: serverRuns,
          summary: Object.fromEntries(
            Object.keys(at2).map((name) => [
              name,
              {
                rps_50: of2(name, "rps"),
                p99_ms_50: of2(name, "p99_ms"),
                cpu_ms_per_request_in_window_50: of2(name, "cpu_ms_per_request_in_window"),
              },
            ])
          ),
          ratios_50: perRound.map((x) => round(x, 2)),
          ratio_rps_50: round(median(perRound), 2),
        }
      } finally {
        await stopGroup(server2)
        await flushRedis(redisUrl)
      }
    }
    // A pending IOTPay session (initiated, never paid) for part 3 to copy.
    const template = await initiate(await newCart(), "pp_iotpay_iotpay")
    await stopGroup(server)
    server = undefined

    // 3. Reconcile, with Medusa stopped: the job alone against the database and the sandbox.
    log(`reconcile: ${SIZES} abandoned sessions, cc_query delayed 50 ms at the sandbox...`)
    const reconcileOut = path.join(LOGS, "reconcile.json")
    sandbox.addFault({ endpoint: "cc_query", latencyMs: 50, times: 0 })
    await medusaCommand("reconcile", ["exec", "./scripts/bench/reconcile.ts"], {
      ...env,
      BENCH_TEMPLATE_SESSION: template.id,
      BENCH_RECONCILE_SIZES: SIZES,
      BENCH_COUNTER_URL: `http://127.0.0.1:${proxy.port}/_bench/counts`,
      BENCH_OUT_FILE: reconcileOut,
    })
    sandbox.clearFaults()
    results.reconcile = {
      ...JSON.parse(fs.readFileSync(reconcileOut, "utf8")),
      concurrency: 4,
      cc_query_latency_ms: 50,
      target: "cost grows with due sessions only; ≤ ~12 cc_query per abandoned session per day",
    }
  } finally {
    if (server) await stopGroup(server)
    await sandbox.close()
    proxy.server.close()
    proxy.agent.destroy()
    await admin
      .query(`drop database if exists ${dbName} with (force)`)
      .catch((e) => log(`could not drop ${dbName}: ${e.message}`))
    await admin.end()
    await pg.stop()
  }
  fs.writeFileSync(OUT, JSON.stringify(results, null, 2))
  return results
}

function printSummary(r) {
  const n = r.notify.summary
  const c = r.checkout
  console.log(`\nBenchmarks (${r.machine.cpus} cores, ${r.machine.note}); JSON: ${path.relative(process.cwd(), OUT)}`)
  console.log(
    "notify (req/s @50 · p99 @50 · p99 @4 · Medusa CPU per request @50 during the load, and until idle · seconds to idle after @50):"
  )
  for (const [name, x] of Object.entries(n)) {
    console.log(
      `  ${name.padEnd(22)} ${x.rps_50} req/s · ${x.p99_ms_50} ms · ${x.p99_ms_4} ms · ${x.cpu_ms_per_request_in_window_50} ms, ${x.cpu_ms_per_request_50} ms · ${x.drain_s_50} s`
    )
  }
  console.log(
    `  ours / Medusa's webhook route: ${r.notify.ratio_rps_50}× (per round ${r.notify.ratios_50.join(" / ")}; target ≥ 1.0×)`
  )
  console.log(
    `  distinct notifies, ours / Medusa's: ${r.notify.ratio_rps_50_distinct}× (per round ${r.notify.ratios_50_distinct.join(" / ")})`
  )
  const sm = r.notify.server_mode
  if (sm) {
    for (const [name, x] of Object.entries(sm.summary)) {
      console.log(
        `  server mode, distinct: ${name.padEnd(20)} ${x.rps_50} req/s · p99 ${x.p99_ms_50} ms · ${x.cpu_ms_per_request_in_window_50} ms CPU per request`
      )
    }
    console.log(`  server mode, distinct, ours / Medusa's: ${sm.ratio_rps_50}× (per round ${sm.ratios_50.join(" / ")})`)
  }
  console.log("checkout (median of " + c.pp_iotpay_iotpay.checkouts + ", initiate + complete):")
  for (const p of ["pp_iotpay_iotpay", "pp_system_default"]) {
    console.log(
      `  ${p.padEnd(18)} ${c[p].median_ms} ms (initiate ${c[p].median_initiate_ms} + complete ${c[p].median_complete_ms}); gateway calls ${JSON.stringify(c[p].gateway_calls_first)}`
    )
  }
  console.log(`  ratio ${c.ratio_of_medians}× (median of pair ratios ${c.median_pair_ratio}×; target ≤ 1.15×)`)
  console.log("reconcile (cc_query +50 ms, concurrency 4):")
  for (const x of r.reconcile.runs) {
    console.log(`  ${x.label.padEnd(38)} due ${x.due}, cc_query ${x.cc_query_at_sandbox}, ${x.ms} ms`)
  }
  const d = r.reconcile.day
  console.log(
    `  a day: ${d.sessions} abandoned sessions, ${d.runs} runs over ${d.simulated_hours} h → ${d.per_session} cc_query per session`
  )
}

if (require.main === module) {
  main().then(printSummary, (error) => {
    console.error(`[bench] failed: ${error.stack || error.message}`)
    process.exit(1)
  })
}
