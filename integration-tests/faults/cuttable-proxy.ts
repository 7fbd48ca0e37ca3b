import net from "node:net"

/**
 * A TCP proxy in front of a server that a test can cut and restore, as a network outage looks from the client. Two
 * ways down: `cut` (nothing listens on the port: connections are refused at once) and `hang` (connections are
 * accepted and never answered, as when IOTPay or a firewall drops packets: only the client's timeouts end the call).
 * Both drop the connections already open, so a keep-alive pool cannot slip past the fault.
 */
export async function cuttableProxy(targetPort: number) {
  const sockets = new Set<net.Socket>()
  let hanging = false
  // Connections accepted while hanging: how many attempts a call made (each waits out the client's timeout).
  let hung = 0
  const track = (s: net.Socket) => {
    sockets.add(s)
    s.on("close", () => sockets.delete(s))
    s.on("error", () => s.destroy())
  }
  const server = net.createServer((client) => {
    track(client)
    if (hanging) {
      hung++
      return
    }
    const upstream = net.connect(targetPort, "127.0.0.1")
    track(upstream)
    client.pipe(upstream).pipe(client)
  })
  const dropAll = () => sockets.forEach((s) => s.destroy())
  const listen = (port: number) =>
    new Promise<number>((r) => server.listen(port, "127.0.0.1", () => r((server.address() as net.AddressInfo).port)))
  const stopListening = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))
  const port = await listen(0)
  const listening = async () => {
    if (!server.listening) await listen(port)
  }
  return {
    port,
    hungConnections: () => hung,
    cut: async () => {
      hanging = false
      const closed = stopListening()
      dropAll()
      await closed
    },
    hang: async () => {
      hanging = true
      dropAll()
      await listening()
    },
    restore: async () => {
      hanging = false
      dropAll()
      await listening()
    },
    close: async () => {
      const closed = stopListening()
      dropAll()
      await closed
    },
  }
}
