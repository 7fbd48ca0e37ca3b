import { MedusaError } from "@medusajs/framework/utils"
import {
  IotpayBadResponseError,
  IotpayOutcomeUnknownError,
  IotpayRejectedError,
  IotpayUnreachableError,
} from "../../../iotpay"
import { derivedOrderNo, locatePayment, type PaymentGateway } from "../payment-gateway"

const failingQuery = (error: Error) =>
  ({ api: "v3", merchantId: "10000701", findPayment: () => Promise.reject(error) }) as unknown as PaymentGateway
const data = { session_id: "payses_01", attempt: 1, attempts: 1 } as never

describe("locatePayment when IOTPay cannot be asked", () => {
  it.each([
    ["could not be reached", new IotpayUnreachableError("cc_query", "connect ECONNREFUSED 127.0.0.1:443")],
    ["did not answer in time", new IotpayOutcomeUnknownError("cc_query", "timed out after 3000 ms")],
    ["answered with something unusable", new IotpayBadResponseError("cc_query", "HTTP status 502", { status: 502 })],
  ])("%s: a MedusaError saying no refund or void was sent", async (why, error) => {
    const thrown = await locatePayment(failingQuery(error), data).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(MedusaError)
    expect((thrown as MedusaError).type).toBe(MedusaError.Types.UNEXPECTED_STATE)
    expect((thrown as MedusaError).message).toBe(
      `IOTPay ${why} when asked about payment ${derivedOrderNo(data)} (cc_query), so no refund or void was sent and nothing was ` +
        `recorded. Try again once IOTPay answers (check apiBase and the network if it persists).`
    )
  })

  it("a refusal is thrown as it is (callers read IOTPay's own words)", async () => {
    const refusal = new IotpayRejectedError("cc_query", "system busy")
    await expect(locatePayment(failingQuery(refusal), data)).rejects.toBe(refusal)
  })
})
