import net from "node:net"

/**
 * A TCP proxy in front of a server that a test can cut and restore, as a network outage looks from the client: while
 * cut, nothing listens on the port (connections are refused) and open connections are dropped.
 */
export async function cuttableProxy(targetPort: number) {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1")
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on("close", () => sockets.delete(s))
      s.on("error", () => s.destroy())
    }
    client.pipe(upstream).pipe(client)
  })
  const listen = (port: number) =>
    new Promise<number>((r) => server.listen(port, "127.0.0.1", () => r((server.address() as net.AddressInfo).port)))
  const port = await listen(0)
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        sockets.forEach((s) => s.destroy())
      }),
    restore: () => listen(port).then(() => undefined),
    close: () =>
      new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())).then(() =>
        sockets.forEach((s) => s.destroy())
      ),
  }
}
