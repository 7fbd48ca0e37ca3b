import { spawn, type ChildProcess } from "node:child_process"
import net from "node:net"

/** A redis-server of the test's own on a free port (no persistence), which the test may kill and start again. */
export async function ownRedis() {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port: p } = s.address() as net.AddressInfo
      s.close(() => resolve(p))
    })
  })
  let server: ChildProcess | undefined
  const answers = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.write("PING\r\n"))
      socket.on("data", (d) => (socket.destroy(), resolve(d.toString().startsWith("+PONG"))))
      socket.on("error", () => resolve(false))
    })
  const start = async () => {
    server = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], { stdio: "ignore" })
    while (!(await answers())) await new Promise((r) => setTimeout(r, 100))
  }
  /** SIGKILL: what Redis holds in memory (queued events, locks) is gone, as after a crash. */
  const kill = async () => {
    const dying = server
    if (!dying || dying.exitCode !== null) return
    await new Promise((r) => (dying.once("exit", r), dying.kill("SIGKILL")))
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, start, kill }
}
