// A paid payment that can never become an order is given back once; a "paid" report (a validly signed notify) for
// a payment IOTPay does not hold is a warning of its own, and nothing may claim money was returned.
import { IotpayClient } from "../../../iotpay"
import { CardGateway } from "../../gateway/card-gateway"
import { PaymentReversals } from "../reversals"
import {
  initiateAndPay,
  makeProvider,
  MERCHANT,
  startTestSandbox,
  closeProviders,
} from "../../../providers/iotpay/__tests__/helpers"
import type { RunningSandbox } from "../../../sandbox"
import { releaseStrandedPayment } from "../stranded-payment"

let sandbox: RunningSandbox
let client: IotpayClient
beforeAll(async () => {
  sandbox = await startTestSandbox()
  client = new IotpayClient({ ...MERCHANT, apiBase: sandbox.apiBase })
})
afterAll(async () => {
  await closeProviders()
  await sandbox.close()
})

/** The card reversal engine the notify subscriber hands a stranded card payment to. */
const reversals = (logger: any) => new PaymentReversals(new CardGateway(client, MERCHANT.merchantId), logger)

/** A logger that keeps every line with its level. */
function recordingLogger() {
  const lines: string[] = []
  const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`)
  return { lines, logger: { info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") } as any }
}

it("returns the money of a paid payment IOTPay holds, and says so", async () => {
  const data = await initiateAndPay(makeProvider(sandbox), "19.99")
  const record = await client.query({ mchOrderNo: data.mchOrderNo! })
  const { lines, logger } = recordingLogger()
  expect(await releaseStrandedPayment(reversals(logger), record, "its session was deleted", logger)).toBe("returned")
  expect(sandbox.order(record.payOrderId)!.refundable).toBe(0)
  expect(lines.some((l) => /returned the money/.test(l))).toBe(true)
})

it("a payment IOTPay does not hold: a warning that says so, nothing returned, nothing claimed", async () => {
  const record = {
    payOrderId: "PC20261206000000000000000001",
    mchOrderNo: "01JD8ZP3XG0B5Q2M7Y4T9K6WAE-1",
    amount: 2824,
    refundable: 2824,
    status: 2,
    currency: "CAD",
  } as any
  const { lines, logger } = recordingLogger()
  expect(await releaseStrandedPayment(reversals(logger), record, "its session was deleted", logger)).toBe(
    "unknown_at_iotpay"
  )
  expect(lines.filter((l) => l.startsWith("error:"))).toEqual([])
  expect(lines.some((l) => /returned the money|Returning the money/i.test(l))).toBe(false)
  expect(lines).toContainEqual(expect.stringMatching(/^warn: .*IOTPay holds no paid payment under that number/))
})
