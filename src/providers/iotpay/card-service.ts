import { PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentMethodInput,
  DeletePaymentMethodOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ListPaymentMethodsInput,
  ListPaymentMethodsOutput,
  SavePaymentMethodInput,
  SavePaymentMethodOutput,
  UpdateAccountHolderInput,
  UpdateAccountHolderOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
} from "@medusajs/framework/types"
import { IOTPAY_CURRENCY, formatCents, isNotFound, mchOrderNoForSession, newCardId } from "../../iotpay"
import { newHolderData, ownedCardId, readHolderData } from "../../lib/saved-cards/account-holder"
import { AbstractIotpayCardProvider } from "./card-base-service"
import { clientIpOf } from "../../lib/client-ip/client-ip"
import { toMedusaError } from "../../lib/gateway/medusa-errors"
import { readDirectCard, savedCardView } from "../../lib/saved-cards/saved-cards"
import { commitsNow, isNotStarted, openWhenCommitted } from "../../lib/money/payment-start"
import { ownedSessionData, readSessionData, type IotpaySessionData } from "../../lib/money/session-data"

/** A customer rarely has more; the bound keeps one listing from fanning out into hundreds of IOTPay calls. */
const MAX_LISTED_CARDS = 20

/**
 * Medusa payment provider for IOTPay's Credit Card V3 API (identifier "iotpay"): the hosted card page (or UnionPay
 * ExpressPay with channel UPI_EX), and a signed-in customer's saved cards through Medusa's account holders.
 */
export class IotpayCardProviderService extends AbstractIotpayCardProvider {
  static identifier = "iotpay"

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = this.sessionIdOf(input)
    const state =
      input.data?.payment_method_id !== undefined
        ? this.savedCardPurchase(input, sessionId)
        : await openWhenCommitted(
            input.data,
            { session_id: sessionId, mode: "hosted" },
            () => this.startPurchase(input, { session_id: sessionId }, 1),
            () => this.priced(input.amount, input.currency_code, "pricing the payment session")
          )
    const id = state.mchOrderNo ?? sessionId
    return { id, data: ownedSessionData(input.data, state), status: PaymentSessionStatus.PENDING }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const current = readSessionData(input.data)
    if (current.mode === "saved_card") return this.updateImmediatePurchase(input)
    const priced = this.priced(input.amount, input.currency_code, "updating the payment session")
    if (isNotStarted(current) && !commitsNow(input.data)) return { data: { ...current, ...priced } }
    if (current.mchOrderNo && current.amountCents === priced.amountCents) return { data: current }
    // An IOTPay purchase's amount is fixed, so a new amount needs a new purchase under a new attempt number. If the
    // shopper already paid the old one, that money no longer matches the cart: give it back first.
    await this.releasePaidAttempt(current, "the cart amount changed after it was paid")
    const sessionId = current.session_id ?? String(input.context?.idempotency_key ?? "")
    const base = { session_id: sessionId, returnUrl: current.returnUrl }
    const data = await this.startPurchase(input, base, (current.attempt ?? 0) + 1)
    return { data, status: PaymentSessionStatus.PENDING }
  }

  // ---------- saved cards (Medusa account holders) ----------

  /** IOTPay has no customer object: the holder is the Medusa customer, and its data lists their cardIds. */
  async createAccountHolder(input: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    const customerId = input.context.customer.id
    return { id: customerId, data: newHolderData(customerId) }
  }

  /** Validates the data the plugin's store routes computed (a cardId added or removed) before Medusa stores it. */
  async updateAccountHolder(input: UpdateAccountHolderInput): Promise<UpdateAccountHolderOutput> {
    return { data: readHolderData(input.context.account_holder.data) }
  }

  /** Nothing to delete at IOTPay (it has no delete-card call); forgetting the cardIds is what stops their use. */
  async deleteAccountHolder(_input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    return {}
  }

  /**
   * Asks IOTPay for each of the holder's newest cards (cc_querycard, at most MAX_LISTED_CARDS). A card IOTPay says is
   * not bound (add-card page never completed) is left out; one IOTPay could not be asked about (network, signature)
   * is still listed, marked unavailable, so a hiccup never makes a saved card disappear.
   */
  async listPaymentMethods(input: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    const { cards } = readHolderData(input.context?.account_holder?.data)
    const newest = cards.slice(-MAX_LISTED_CARDS).reverse()
    const found = await Promise.all(
      newest.map(async ({ cardId }) => {
        try {
          return { id: cardId, data: { ...savedCardView(await this.client_.queryCard({ cardId })) } }
        } catch (error) {
          if (isNotFound(error)) return null
          const reason = toMedusaError(error, "reading the saved card").message
          this.logger_?.warn(`IOTPay: saved card ${cardId} could not be read: ${reason}`)
          return { id: cardId, data: { unavailable: true, error: reason } }
        }
      })
    )
    return found.filter((m) => m !== null)
  }

  /**
   * Starts saving a card under a fresh cardId: IOTPay's hosted add-card page (default), or direct entry
   * (cc_directaddcard) when the storefront sends `card` and the merchant declared PCI DSS compliance. The caller
   * records the returned id in the customer's account holder.
   */
  async savePaymentMethod(input: SavePaymentMethodInput): Promise<SavePaymentMethodOutput> {
    const cardId = newCardId()
    if (input.data?.card !== undefined) {
      const card = readDirectCard(input.data.card, this.options_.pciCompliant)
      try {
        const info = await this.client_.directAddCard({
          cardId,
          cardNum: card.number,
          expiryDate: card.expiry,
          cvv: card.cvv,
          holder: card.holder,
        })
        return { id: cardId, data: { ...savedCardView(info) } }
      } catch (error) {
        throw toMedusaError(error, "saving the card")
      }
    }
    const returnUrl = this.returnUrlFor(input.data?.return_url)
    try {
      const page = await this.client_.addCard({ cardId, returnUrl })
      return { id: cardId, data: { redirect_url: page.redirectUrl, secure_id: page.secureId } }
    } catch (error) {
      throw toMedusaError(error, "opening IOTPay's add-card page")
    }
  }

  /** Nothing to do at IOTPay; the store route removes the cardId from the account holder, which stops its use. */
  async deletePaymentMethod(_input: DeletePaymentMethodInput): Promise<DeletePaymentMethodOutput> {
    return {}
  }

  // ---------- purchases ----------

  /**
   * A saved-card purchase: the card must be one the signed-in customer's account holder lists. Nothing is charged
   * here; authorize charges it (cc_purchasewithtoken) when the cart is completed.
   */
  private savedCardPurchase(input: InitiatePaymentInput, sessionId: string): IotpaySessionData {
    const cardId = ownedCardId(input.data?.payment_method_id, input.context?.account_holder)
    const clientIp = clientIpOf(input.data?.client_ip)
    const priced = this.priced(input.amount, input.currency_code, "paying with a saved card")
    const state = { session_id: sessionId, mode: "saved_card" as const, cardId, clientIp, attempt: 1, ...priced }
    return { ...state, mchOrderNo: mchOrderNoForSession(sessionId, 1), mchUserId: this.mchUserIdOf(input) }
  }

  protected sendImmediatePurchase(data: IotpaySessionData, mchOrderNo: string) {
    return this.client_.purchaseWithToken({
      mchOrderNo,
      mchUserId: data.mchUserId ?? "guest",
      cardId: data.cardId!,
      amount: data.amountCents!,
      currency: IOTPAY_CURRENCY,
      subject: this.options_.subject,
      clientIp: data.clientIp,
    })
  }

  private async startPurchase(
    input: InitiatePaymentInput | UpdatePaymentInput,
    base: IotpaySessionData & { session_id: string },
    attempt: number
  ): Promise<IotpaySessionData> {
    const priced = this.priced(input.amount, input.currency_code, "starting an IOTPay payment")
    const mchOrderNo = mchOrderNoForSession(base.session_id, attempt)
    const returnUrl = this.returnUrlFor(input.data?.return_url ?? base.returnUrl)
    try {
      const redirect = await this.client_.purchase({
        mchOrderNo,
        mchUserId: this.mchUserIdOf(input),
        amount: priced.amountCents,
        currency: IOTPAY_CURRENCY,
        channel: this.options_.channel,
        subject: this.options_.subject,
        notifyUrl: this.notifyUrl_,
        returnUrl,
      })
      return {
        ...base,
        mode: "hosted",
        mchOrderNo,
        attempt,
        ...priced,
        redirectUrl: redirect.redirectUrl,
        secureId: redirect.secureId,
        returnUrl,
      }
    } catch (error) {
      throw toMedusaError(error, `starting payment ${mchOrderNo} of ${formatCents(priced.amountCents)} CAD`)
    }
  }
}
