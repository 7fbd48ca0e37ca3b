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
