// The command line: flags and environment, the live-host guard, --json, and what reaches stdout/stderr.
import { main } from "../cli"
import { parseDoctorArgs } from "../config"
import { MERCHANT, withSandbox } from "./helpers"

const capture = () => {
  const io = {
    stdout: "",
    stderr: "",
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  }
  return io
}
const flags = (apiBase: string) => [
  "--merchant-id",
  MERCHANT.merchantId,
  "--login-name",
  MERCHANT.loginName,
  "--secret-key",
  MERCHANT.secretKey,
  "--api-base",
  apiBase,
]

it("refuses IOTPay's live host unless --live is given", async () => {
  const io = capture()
  expect(await main(flags("https://ccapi.iotpaycloud.com/v3"), {}, io)).toBe(1)
  expect(io.stderr).toMatch(/LIVE host: add --live/)
  expect(io.stderr).not.toContain(MERCHANT.secretKey)
  expect(parseDoctorArgs([...flags("https://ccapi.iotpaycloud.com/v3"), "--live"], {})).toMatchObject({ live: true })
})

it("reads the provider's environment variables, defaulting to IOTPay's test host", () => {
  const config = parseDoctorArgs([], { IOTPAY_MERCHANT_ID: "1", IOTPAY_LOGIN_NAME: "l", IOTPAY_SECRET_KEY: "k" })
  expect(config).toMatchObject({
    merchantId: "1",
    loginName: "l",
    secretKey: "k",
    apiBase: "https://ccdev.iotpaycloud.com/v3",
  })
  expect(() => parseDoctorArgs([], {})).toThrow(/--merchant-id \(or IOTPAY_MERCHANT_ID\) is required/)
  expect(() =>
    parseDoctorArgs(["--amount", "1"], { IOTPAY_MERCHANT_ID: "1", IOTPAY_LOGIN_NAME: "l", IOTPAY_SECRET_KEY: "k" })
  ).toThrow(/--amount/)
})

it("--v1-currency: CAD by default, the first of IOTPAY_CURRENCIES, a flag; a currency WX_NATIVE refuses is a usage error", () => {
  const env = { IOTPAY_MERCHANT_ID: "1", IOTPAY_LOGIN_NAME: "l", IOTPAY_SECRET_KEY: "k" }
  expect(parseDoctorArgs([], env)).toMatchObject({ v1Currency: "CAD" })
  expect(parseDoctorArgs([], { ...env, IOTPAY_CURRENCIES: "usd,CNY" })).toMatchObject({ v1Currency: "USD" })
  expect(parseDoctorArgs(["--v1-currency", "cny"], env)).toMatchObject({ v1Currency: "CNY" })
  expect(() => parseDoctorArgs(["--v1-currency", "EUR"], env)).toThrow(
    '--v1-currency is "EUR"; IOTPay\'s WX_NATIVE takes CAD, USD, CNY: set the one your merchant account settles'
  )
})

it("--json prints one JSON report on stdout, without the secret key", async () => {
  await withSandbox({}, async (sandbox) => {
    const io = capture()
    expect(await main([...flags(sandbox.apiBase), "--json"], {}, io)).toBe(0)
    const report = JSON.parse(io.stdout)
    expect(report.completed).toBe(true)
    expect(io.stdout + io.stderr).not.toContain(MERCHANT.secretKey)
  })
})

it("the text report lists each question with its answer and evidence", async () => {
  await withSandbox({}, async (sandbox) => {
    const io = capture()
    expect(await main(flags(sandbox.apiBase), {}, io)).toBe(0)
    expect(io.stdout).toMatch(/\[ok {5}\] Does IOTPay accept the merchant id and secret key\?/)
    expect(io.stdout).toMatch(/cc_query \{.*"sign":"\[redacted\]"\} → 200/)
    expect(io.stdout).not.toContain(MERCHANT.secretKey)
  })
})

it("v1 and notify flags: the v1 base follows the live-host guard; --notify-listen needs a public --notify-url", () => {
  const base = flags("http://127.0.0.1:1/v3")
  expect(() => parseDoctorArgs([...base, "--v1-api-base", "https://api.iotpaycloud.com/v1"], {})).toThrow(
    /LIVE host: add --live/
  )
  expect(parseDoctorArgs([...base, "--v1-api-base", "http://127.0.0.1:1/v1"], {})).toMatchObject({
    v1ApiBase: "http://127.0.0.1:1/v1",
    v1RefundQueryPath: "query_refund_order",
    v1AmountCents: 2,
  })
  expect(parseDoctorArgs(base, { IOTPAY_V1_API_BASE: "http://sandbox:1/v1" })).toMatchObject({
    v1ApiBase: "http://sandbox:1/v1",
  })
  expect(() => parseDoctorArgs([...base, "--notify-listen", "8099"], {})).toThrow(/--notify-listen needs --notify-url/)
  expect(() => parseDoctorArgs([...base, "--notify-listen", "x", "--notify-url", "https://a.example/n"], {})).toThrow(
    /port number/
  )
  expect(() => parseDoctorArgs([...base, "--notify-url", "https://a.example/n?x=1"], {})).toThrow(/must not contain/)
  expect(
    parseDoctorArgs([...base, "--notify-listen", "8099", "--notify-url", "https://a.example/n"], {})
  ).toMatchObject({ notifyListenPort: 8099, notifyUrl: "https://a.example/n" })
})
