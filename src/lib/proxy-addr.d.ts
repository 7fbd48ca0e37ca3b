// proxy-addr 2.x ships no types (and @types/proxy-addr is not installed): the three functions this plugin calls.
declare module "proxy-addr" {
  type Trust = (address: string, index: number) => boolean
  type RequestLike = { socket?: { remoteAddress?: string }; headers: Record<string, string | string[] | undefined> }
  function proxyaddr(req: RequestLike, trust: Trust | string | string[]): string
  namespace proxyaddr {
    function all(req: RequestLike, trust?: Trust | string | string[]): string[]
    function compile(trust: string | string[]): Trust
  }
  export = proxyaddr
}
