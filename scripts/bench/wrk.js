"use strict"
// wrk, the HTTP load generator of the notify phase: installing it when missing, its Lua script, one parsed run.
const { execFileSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const { log, round } = require("./util")

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

module.exports = { ensureWrk, wrk }
