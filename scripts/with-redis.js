#!/usr/bin/env node
// Runs a command (the cluster tests) with a Redis in REDIS_URL: the machine's own at 127.0.0.1:6379 when one answers,
// else a throw-away `redis-server` started here (Debian's package, installed when missing and running as root).
const { spawn, spawnSync, execFileSync } = require("node:child_process")
const net = require("node:net")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")

const log = (line) => console.log(`[with-redis] ${line}`)

function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => socket.write("PING\r\n"))
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)))
    socket.on("data", (d) => (socket.destroy(), resolve(d.toString().startsWith("+PONG"))))
    socket.on("error", () => resolve(false))
  })
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on("error", reject)
  })
}

function redisServerBinary() {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim()
  if (found) return found
  if (process.getuid?.() !== 0 || !fs.existsSync("/usr/bin/apt-get")) {
    console.error(
      "[with-redis] no Redis answers on 127.0.0.1:6379 and redis-server is missing: install it (Debian/Ubuntu: apt-get install -y redis-server) or start a Redis there."
    )
    process.exit(1)
  }
  log("installing Debian's redis-server...")
  execFileSync("apt-get", ["update"], { stdio: "inherit" })
  execFileSync("apt-get", ["install", "-y", "redis-server"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  })
  return "redis-server"
}

async function ensureRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} }
  // A database index of our own, so parallel runs on the machine's Redis keep their queues apart.
  if (await ping(6379)) return { url: `redis://127.0.0.1:6379/${1 + (process.pid % 14)}`, stop: async () => {} }
  const port = await freePort()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iotpay-redis-"))
  const child = spawn(
    redisServerBinary(),
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: "ignore" }
  )
  for (let i = 0; i < 50 && !(await ping(port)); i++) await new Promise((r) => setTimeout(r, 100))
  if (!(await ping(port))) throw new Error("the throw-away redis-server did not answer")
  log(`started a throw-away redis-server on 127.0.0.1:${port}`)
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => (child.kill("SIGTERM"), fs.rmSync(dir, { recursive: true, force: true })),
  }
}

async function main() {
  const [command, ...args] = process.argv.slice(2)
  if (!command) throw new Error("usage: with-redis.js <command> [args...]")
  const redis = await ensureRedis()
  log(`using Redis at ${redis.url}`)
  const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, REDIS_URL: redis.url } })
  const forward = (signal) => child.kill(signal)
  process.on("SIGINT", forward)
  process.on("SIGTERM", forward)
  const code = await new Promise((resolve) => child.on("exit", (c, s) => resolve(c ?? (s ? 1 : 0))))
  await redis.stop()
  process.exit(code)
}

main().catch((error) => {
  console.error(`[with-redis] ${error.message}`)
  process.exit(1)
})
