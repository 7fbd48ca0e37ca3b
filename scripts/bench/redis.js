"use strict"
// The Redis of the server-mode notify runs: found (never started), and emptied before and after.
const net = require("node:net")

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

module.exports = { benchRedis, flushRedis }
