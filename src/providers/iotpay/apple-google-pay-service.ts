import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  InitiatePaymentInput,
  InitiatePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
} from "@medusajs/framework/types"
import { z } from "zod"
import { IOTPAY_CURRENCY, WALLET_TYPES, mchOrderNoForSession } from "../../iotpay"
import { ownedSessionData, type IotpaySessionData } from "../../lib/money/session-data"
import { AbstractIotpayCardProvider } from "./card-base-service"

// The wallet token is checked here so a bad one is refused with a storefront-readable message and nothing is sent.
const walletInputSchema = z.object({
  walletType: z.enum(WALLET_TYPES, { error: 'must be "ApplePay" or "GooglePay"' }),
  walletData: z
    .string({ error: "is required: the wallet's payment token, base64-encoded" })
    .min(1, "must not be empty")
    .max(20_000, "is too long for a wallet token")
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64 (A-Z a-z 0-9 + / =)")
    .refine((s) => s.length % 4 === 0, "must be padded base64 (length a multiple of 4)"),
})

/**
 * Apple Pay and Google Pay through IOTPay (identifier "iotpay-wallet"): the storefront gets a payment token from
 * the wallet sheet and creates the payment session with { walletType, walletData }; the token is checked here and
 * charged when the cart is completed (authorize → cc_purchasewithwallet), never when the session is created. The
 * single-use token stays in the session only until that charge, then it is erased.
 */
export class IotpayAppleGooglePayProviderService extends AbstractIotpayCardProvider {
  static identifier = "iotpay-wallet"

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = this.sessionIdOf(input)
    const parsed = walletInputSchema.safeParse(input.data ?? {})
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `data.${i.path.join(".")} ${i.message}`).join("; ")
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `IOTPay wallet payment: ${fields}. Nothing was charged.`)
    }
    const { walletType, walletData } = parsed.data
    const priced = this.priced(input.amount, input.currency_code, `paying with ${walletType}`)
    const mchOrderNo = mchOrderNoForSession(sessionId, 1)
    const state = {
      session_id: sessionId,
      mode: "wallet" as const,
      walletType,
      walletData,
      mchOrderNo,
      attempt: 1,
      ...priced,
    }
    return { id: mchOrderNo, data: ownedSessionData(input.data, state), status: PaymentSessionStatus.PENDING }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    return this.updateImmediatePurchase(input)
  }

  protected sendImmediatePurchase(data: IotpaySessionData, mchOrderNo: string) {
    if (!data.walletData || !data.walletType) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `IOTPay wallet payment ${mchOrderNo}: the wallet token was already used; ask the shopper to pay again.`
      )
    }
    return this.client_.purchaseWithWallet({
      mchOrderNo,
      amount: data.amountCents!,
      currency: IOTPAY_CURRENCY,
      walletType: data.walletType as (typeof WALLET_TYPES)[number],
      walletData: data.walletData,
      subject: this.options_.subject,
    })
  }
}
