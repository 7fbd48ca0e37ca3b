import { startSandbox } from "../../../sandbox"
import { parseProviderOptions } from "../../config/options"
import { checkV1Connection, v1ModeOf, v1Summary } from "../v1-settings"

const MERCHANT = { merchantId: "10000701", loginName: "unit", secretKey: "unit-v1-secret-key" }
const options = (over: Record<string, unknown>) =>
  parseProviderOptions({ ...MERCHANT, backendUrl: "https://api.shop.example", ...over })

it("v1 mode: LIVE only for https://api.iotpaycloud.com (IOTPay has no v1 test host), SANDBOX otherwise", () => {
  expect(v1ModeOf("https://api.iotpaycloud.com/v1")).toBe("live")
  expect(v1ModeOf("http://api.iotpaycloud.com/v1")).toBe("sandbox")
  expect(v1ModeOf("https://api.iotpaycloud.com:8443/v1")).toBe("sandbox")
  expect(v1ModeOf("https://api.iotpaycloud.com.evil.example/v1")).toBe("sandbox")
  expect(v1ModeOf("not a url")).toBe("sandbox")
})

it("summarises the v1 part: production by default, the three services and their channels, no secret", () => {
  const summary = v1Summary("iotpay-ca", options({}))
  expect(summary).toMatchObject({
    id: "iotpay-ca",
    v1ApiBase: "https://api.iotpaycloud.com/v1",
    mode: "live",
    refundQueryPath: null,
    refundClientIp: null,
  })
  expect(summary.services.map((s) => [s.providerId, s.channels])).toEqual([
    ["pp_iotpay-wechat_iotpay-ca", ["WX_NATIVE", "WX_JSAPI"]],
    ["pp_iotpay-alipay_iotpay-ca", ["ALIPAY_PC", "ALIPAY_WAP"]],
    ["pp_iotpay-unionpay_iotpay-ca", ["UPI_SEQ"]],
  ])
  expect(JSON.stringify(summary)).not.toContain(MERCHANT.secretKey)
})

it("checkV1Connection: accepted, signature refused (wrong key), unreachable with the URL", async () => {
  const sandbox = await startSandbox(MERCHANT)
  try {
    const accepted = await checkV1Connection("iotpay", options({ v1ApiBase: sandbox.v1.apiBase }))
    expect(accepted).toMatchObject({ outcome: "accepted", errorCode: "0112", url: `${sandbox.v1.apiBase}/query_order` })
    const refused = await checkV1Connection("iotpay", options({ v1ApiBase: sandbox.v1.apiBase, secretKey: "wrong" }))
    expect(refused).toMatchObject({ outcome: "signature_refused", errorCode: "0013" })
    expect(sandbox.v1.orders()).toEqual([])
  } finally {
    await sandbox.close()
  }
  const offline = await checkV1Connection("iotpay", options({ v1ApiBase: "http://127.0.0.1:9/v1" }))
  expect(offline).toMatchObject({ outcome: "unreachable", url: "http://127.0.0.1:9/v1/query_order" })
})
