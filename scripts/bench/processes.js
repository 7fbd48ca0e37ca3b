"use strict"
// The Medusa children of a bench run: `medusa <args>` in its own process group (so the group's CPU can be read and
// the whole group stopped), waiting for /health, stopping, and reading the group's CPU time until it is idle.
const { spawn } = require("node:child_process")
const fs = require("node:fs")
const path = require("node:path")
const { round, sleep } = require("./util")

const ROOT = path.resolve(__dirname, "..", "..")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [ROOT] })

/** `node medusa <args>` in its own process group, output to <logs>/<name>.log. */
function medusa(logs, name, args, env) {
  const out = fs.openSync(path.join(logs, `${name}.log`), "w")
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

async function medusaCommand(logs, name, args, env) {
  const code = await medusa(logs, name, args, env).exited
  if (code !== 0) throw new Error(`medusa ${args.join(" ")} failed (${code}); see ${path.join(logs, name + ".log")}`)
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

/** Waits until a `medusa start` child answers /health. */
async function healthy(url, child, logFile) {
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
      throw new Error(`Medusa did not start; see ${logFile}`)
    }
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

module.exports = { ROOT, medusa, medusaCommand, stopGroup, healthy, groupCpuSeconds, waitIdle }
