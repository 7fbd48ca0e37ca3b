// The wallet service (cc_purchasewithwallet) and UnionPay ExpressPay's late completion in authorize.
import { MedusaError } from "@medusajs/framework/utils"
import { TEST_WALLET_TOKENS } from "../../../sandbox"
import type { IotpaySessionData } from "../../../lib/money/session-data"
import { IotpayAppleGooglePayProviderService } from "../apple-google-pay-service"
import {
  failure,
  initiateAndPay,
  initiateInput,
  makeProvider,
  makeWalletProvider,
  paymentId,
  useProviderSandbox,
} from "./helpers"
import { waitFor } from "../../../__tests__/support"

const { sandbox } = useProviderSandbox({ upiDelayMs: 400 })
let wallet: IotpayAppleGooglePayProviderService
beforeAll(() => {
  wallet = makeWalletProvider(sandbox)
})

const payByWallet = (walletType: unknown, walletData: unknown) =>
  wallet.initiatePayment(initiateInput(19.99, { data: { walletType, walletData } }))

describe("wallet provider", () => {
  it('is registered as "iotpay-wallet"', () => {
    expect(IotpayAppleGooglePayProviderService.identifier).toBe("iotpay-wallet")
  })

  it.each(["ApplePay", "GooglePay"])(
    "%s: charged at authorize (not initiate), authorized, voided; the token is then erased",
    async (walletType) => {
      const before = sandbox.orders().length
      const { data, status } = await payByWallet(walletType, TEST_WALLET_TOKENS.approve.walletData)
      const session = data as IotpaySessionData
      expect(status).toBe("pending")
      expect(session).toMatchObject({
        mode: "wallet",
        walletType,
        amountCents: 1999,
        walletData: TEST_WALLET_TOKENS.approve.walletData,
      })
      expect(session.payOrderId).toBeUndefined()
      expect(sandbox.orders()).toHaveLength(before) // nothing charged at initiate

      const authorized = await wallet.authorizePayment({ data: session } as any)
      expect(authorized.status).toBe("authorized")
      const out = authorized.data as IotpaySessionData
      expect(out.walletData).toBeUndefined()
      expect(sandbox.order(out.payOrderId!)).toMatchObject({ amount: 1999, status: 2 })

      // Authorize twice (with the data still holding the token): one charge.
      expect((await wallet.authorizePayment({ data: session } as any)).status).toBe("authorized")
      expect(sandbox.orders().filter((o) => o.mchOrderNo === session.mchOrderNo)).toHaveLength(1)

      const canceled = await wallet.cancelPayment({ data: out, context: { idempotency_key: paymentId() } } as any)
      expect(canceled.data).toMatchObject({ canceled: true, refundable: 0 })
      expect(sandbox.order(out.payOrderId!)!.sandbox.voided).toBe(true)
    }
  )

  it("a declined token: authorize throws an authorization error, nothing charged", async () => {
    const { data } = await payByWallet("GooglePay", TEST_WALLET_TOKENS.decline.walletData)
    const error = await failure(wallet.authorizePayment({ data } as any))
    expect((error as MedusaError).type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    expect(error.message).toMatch(/declined/)
    const records = sandbox.orders().filter((o) => o.mchOrderNo === (data as IotpaySessionData).mchOrderNo)
    expect(records.every((o) => o.status === 9 && o.refundable === 0)).toBe(true)
  })

  it("a new amount before authorize: a new attempt (new mchOrderNo), pending, nothing charged", async () => {
    const input = initiateInput(19.99, {
      data: { walletType: "ApplePay", walletData: TEST_WALLET_TOKENS.approve.walletData },
    })
    const { data } = await wallet.initiatePayment(input)
    const updated = await wallet.updatePayment({ ...input, data, amount: 21, currency_code: "cad" } as any)
    expect(updated.status).toBe("pending")
    expect(updated.data).toMatchObject({ attempt: 2, amountCents: 2100 })
    expect((updated.data as IotpaySessionData).mchOrderNo).not.toBe((data as IotpaySessionData).mchOrderNo)
    expect(sandbox.orders().filter((o) => o.mchOrderNo?.startsWith(input.data.session_id.slice(7)))).toHaveLength(0)
  })

  it("bad or missing wallet data: a clear error, nothing sent", async () => {
    const before = sandbox.orders().length
    for (const [type, data, message] of [
      [undefined, TEST_WALLET_TOKENS.approve.walletData, /data\.walletType/],
      ["ApplePay", undefined, /data\.walletData is required/],
      ["ApplePay", "abc", /padded base64/],
      ["ApplePay", "YW*=", /must be base64/],
    ] as const) {
      const error = await failure(payByWallet(type, data))
      expect((error as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toMatch(message)
      expect(error.message).toMatch(/Nothing was charged/)
    }
    expect(sandbox.orders()).toHaveLength(before)
  })

  it("has no saved-card or account-holder hooks (those belong to the card provider)", () => {
    expect((wallet as any).createAccountHolder).toBeUndefined()
    expect((wallet as any).listPaymentMethods).toBeUndefined()
  })
})

describe("UnionPay ExpressPay (channel UPI_EX)", () => {
  it("authorize waits for a pending UPI_EX order to complete (within upiPollMs)", async () => {
    const upi = makeProvider(sandbox, { channel: "UPI_EX", upiPollMs: 5_000 })
    const data = await initiateAndPay(upi, 19.99)
    expect(sandbox.order(data.mchOrderNo!)).toMatchObject({ channel: "UPI_EX", status: 0 })
    const started = Date.now()
    const result = await upi.authorizePayment({ data } as any)
    expect(result.status).toBe("authorized")
    expect(Date.now() - started).toBeGreaterThanOrEqual(500)
  })

  it("still pending after upiPollMs: pending (not an error), and a later authorize completes it", async () => {
    const upi = makeProvider(sandbox, { channel: "UPI_EX", upiPollMs: 100 })
    const data = await initiateAndPay(upi, 5)
    const first = await upi.authorizePayment({ data } as any)
    expect(first.status).toBe("pending")
    await waitFor(() => sandbox.order(data.mchOrderNo!)?.status === 2, "UnionPay's confirmation at IOTPay")
    expect((await upi.authorizePayment({ data: first.data } as any)).status).toBe("authorized")
  })
})
