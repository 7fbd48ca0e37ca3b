import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  InitiatePaymentInput,
  InitiatePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
} from "@medusajs/framework/types"
import { z } from "zod"
import { WALLET_TYPES } from "../../iotpay"
import { IotpayBaseProviderService } from "./base-service"

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
 * the wallet sheet and creates the payment session with { walletType, walletData }; initiatePayment charges it at
 * once (cc_purchasewithwallet), authorize confirms it, void/refund/status work as for cards. The token is
 * single-use and never stored.
 */
export class IotpayWalletProviderService extends IotpayBaseProviderService {
  static identifier = "iotpay-wallet"

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = this.sessionIdOf(input)
    const parsed = walletInputSchema.safeParse(input.data ?? {})
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `data.${i.path.join(".")} ${i.message}`).join("; ")
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `IOTPay wallet payment: ${fields}. Nothing was charged.`)
    }
    const { walletType, walletData } = parsed.data
    const cents = this.cents(input.amount, input.currency_code, `paying with ${walletType}`)
    // walletData: undefined overrides the storefront's copy, which Medusa would otherwise store with the session.
    const base = { session_id: sessionId, mode: "wallet" as const, walletType, walletData: undefined }
    const data = await this.purchaseNow(base, cents, walletType, (mchOrderNo) =>
      this.client_.purchaseWithWallet({
        mchOrderNo,
        amount: cents,
        currency: "CAD",
        walletType,
        walletData,
        subject: this.options_.subject,
      })
    )
    return { id: data.mchOrderNo!, data, status: PaymentSessionStatus.PENDING }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    return this.updateImmediatePurchase(input)
  }
}
