// Provider options as medusa-config passes them: validateOptions runs at startup, so its message must say what to fix.
import { IotpayCardProviderService } from "../card-service"
import { notifyUrlFor, parseProviderOptions } from "../../../lib/config/options"

const SECRET = "s3cr3t-NEVER-ECHO-42"
const valid = {
  merchantId: "10000888",
  loginName: "shopdemo",
  secretKey: SECRET,
  backendUrl: "https://api.shop.example",
}

function messageOf(options: Record<string, unknown>): string {
  try {
    IotpayCardProviderService.validateOptions(options)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error("validateOptions accepted invalid options")
}

describe("validateOptions / parseProviderOptions", () => {
  it("accepts a minimal configuration and fills in the defaults", () => {
    expect(() => IotpayCardProviderService.validateOptions(valid)).not.toThrow()
    expect(parseProviderOptions(valid)).toMatchObject({
      apiBase: "https://ccapi.iotpaycloud.com/v3",
      channel: "PF_CC",
      channelField: "channel",
      autoCapture: false,
      allowedReturnUrls: [],
    })
  })

  it.each([
    ["merchantId", /is required/, /mchId IOTPay issued you/],
    ["secretKey", /is required/, /secret key from IOTPay's merchant portal/],
    ["loginName", /is required/, /login name/],
    ["backendUrl", /is required/, /public URL of this Medusa server/],
  ])("missing %s: names the option and says what to set it to", (name, problem, hint) => {
    const { [name]: _dropped, ...rest } = valid as Record<string, unknown>
    const message = messageOf(rest)
    expect(message).toContain("medusa-payment-iotpay")
    expect(message).toContain(`option "${name}"`)
    expect(message).toMatch(problem)
    expect(message).toMatch(hint)
    expect(message).not.toContain(SECRET)
  })

  it("an empty merchantId counts as missing", () => {
    expect(messageOf({ ...valid, merchantId: "  " })).toMatch(/option "merchantId" is required/)
  })

  it("lists every problem at once", () => {
    const message = messageOf({ loginName: "shopdemo" })
    for (const name of ["merchantId", "secretKey", "backendUrl"]) expect(message).toContain(`option "${name}"`)
  })

  it("never echoes the secret key, whatever else is wrong", () => {
    const bad = [
      { ...valid, backendUrl: `https://x.example/?k=${SECRET}` },
      { ...valid, merchantId: "x".repeat(31) },
      { ...valid, apiBase: "ftp://nope" },
      { ...valid, channel: SECRET },
      { ...valid, autoCapture: SECRET },
      { ...valid, headersTimeoutMs: SECRET },
    ]
    for (const options of bad) expect(messageOf(options)).not.toContain(SECRET)
  })

  it("refuses a backendUrl with a query string (IOTPay refuses such notify URLs)", () => {
    const message = messageOf({ ...valid, backendUrl: "https://api.shop.example/?store=1" })
    expect(message).toContain('option "backendUrl"')
    expect(message).toContain("must not contain '?'")
  })

  it("refuses a backendUrl that is not an http(s) URL", () => {
    expect(messageOf({ ...valid, backendUrl: "api.shop.example" })).toMatch(
      /option "backendUrl" must be an http\(s\) URL/
    )
  })

  it("refuses an unknown channel and names the valid ones", () => {
    const message = messageOf({ ...valid, channel: "VISA" })
    expect(message).toContain('option "channel"')
    expect(message).toContain('"PF_CC"')
    expect(message).toContain('"UPI_EX"')
  })

  it("refuses an allowedReturnUrls entry that is not a URL, naming its index", () => {
    expect(messageOf({ ...valid, allowedReturnUrls: ["https://ok.example", "shop"] })).toContain(
      'option "allowedReturnUrls.1"'
    )
  })

  it("currencies: CAD by default; a list or an env-var string; anything IOTPay v1 does not take is refused", () => {
    expect(parseProviderOptions(valid).currencies).toEqual(["CAD"])
    expect(parseProviderOptions({ ...valid, currencies: "usd, CNY,usd" }).currencies).toEqual(["USD", "CNY"])
    expect(messageOf({ ...valid, currencies: ["CAD", "EUR"] })).toContain(
      '- option "currencies.1" must be one of CAD, USD, CNY: list what your IOTPay merchant account settles'
    )
    expect(messageOf({ ...valid, currencies: [] })).toContain('option "currencies" must name at least one currency')
  })

  it("accepts the strings environment variables produce", () => {
    const parsed = parseProviderOptions({
      ...valid,
      autoCapture: "true",
      headersTimeoutMs: "5000",
      bodyTimeoutMs: "7000",
      connectTimeoutMs: "2500",
    })
    expect(parsed.autoCapture).toBe(true)
    expect(parsed.headersTimeoutMs).toBe(5000)
    expect(parsed.bodyTimeoutMs).toBe(7000)
    expect(parsed.connectTimeoutMs).toBe(2500)
    expect(parseProviderOptions({ ...valid, autoCapture: "false" }).autoCapture).toBe(false)
  })

  it('importOutsideRefunds (the daily statement): on by default, off by false or "false", anything else refused', () => {
    expect(parseProviderOptions(valid).importOutsideRefunds).toBe(true)
    expect(parseProviderOptions({ ...valid, importOutsideRefunds: "false" }).importOutsideRefunds).toBe(false)
    expect(parseProviderOptions({ ...valid, importOutsideRefunds: false }).importOutsideRefunds).toBe(false)
    const message = messageOf({ ...valid, importOutsideRefunds: "sometimes" })
    expect(message).toContain('option "importOutsideRefunds"')
    expect(message).toMatch(/records refunds made in IOTPay's portal in Medusa/)
  })

  it("refuses timeouts that are not positive whole milliseconds", () => {
    expect(messageOf({ ...valid, headersTimeoutMs: "0" })).toContain('option "headersTimeoutMs"')
    expect(messageOf({ ...valid, bodyTimeoutMs: "soon" })).toContain('option "bodyTimeoutMs"')
  })

  it("refuses undefined/null options as a whole with the required ones named", () => {
    expect(() => parseProviderOptions(undefined)).toThrow(/option "merchantId" is required/)
    expect(() => parseProviderOptions(null)).toThrow(/option "secretKey" is required/)
  })

  it("the notify URL is <backendUrl>/hooks/iotpay/<config id>, trailing slashes dropped", () => {
    expect(notifyUrlFor("https://api.shop.example/", "iotpay")).toBe("https://api.shop.example/hooks/iotpay/iotpay")
    expect(notifyUrlFor("https://api.shop.example", "iotpay-ca")).toBe(
      "https://api.shop.example/hooks/iotpay/iotpay-ca"
    )
  })

  it("the constructor validates too", () => {
    expect(
      () => new IotpayCardProviderService({ configModule: undefined }, { ...valid, backendUrl: undefined })
    ).toThrow(/option "backendUrl"/)
  })
})
