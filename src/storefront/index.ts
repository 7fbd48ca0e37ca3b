/**
 * `medusa-payment-iotpay/storefront`: IOTPay checkout helpers for any storefront (browser or server, no framework),
 * over `@medusajs/js-sdk` or plain fetch.
 *
 * @example
 * ```ts
 * import {
 *   fromFetch, startHostedPayment, returnUrlFor, readReturn, completeAfterReturn,
 * } from "medusa-payment-iotpay/storefront"
 * const store = fromFetch({ baseUrl: "https://api.shop.example", publishableKey: "pk_..." })
 * // checkout page
 * const returnUrl = returnUrlFor(`${location.origin}/iotpay-return`, cartId)
 * const { redirectUrl } = await startHostedPayment(store, { cartId, returnUrl })
 * location.assign(redirectUrl)
 * // return page
 * const { cartId: returned, hint } = readReturn(location.search)
 * const outcome = await completeAfterReturn(store, { cartId: returned! })
 * // WeChat Pay: a QR code, then wait until the shopper paid on their phone
 * const payment = await startV1Payment(store, { cartId, wallet: "wechat", returnUrl })
 * if (payment.kind === "qr") showQrCode(payment.codeUrl)
 * const paid = await pollUntilPaid(store, { cartId })
 * ```
 */
export { fromFetch, fromSdk, NetworkError, StoreApiError } from "./transport"
export type { FetchLike, SdkLike, StoreRequest, Transport } from "./transport"
export { cardProviderId, walletProviderId, isIotpayProvider, v1ProviderId, v1WalletOf, V1_WALLETS } from "./ids"
export type { V1Wallet } from "./ids"
export { initiateSession, sessionOf } from "./session"
export type { PaymentCollection, PaymentSession } from "./session"
export { startHostedPayment, hostedPaymentOf } from "./hosted"
export type { HostedPayment } from "./hosted"
export { completeCart } from "./complete"
export { FAILURES, failure } from "./outcome"
export type { CheckoutFailure, CheckoutOutcome, FailureReason, NextStep, OutcomeOptions, StoreOrder } from "./outcome"
export { completeAfterReturn, readReturn, returnUrlFor } from "./return-page"
export type { ReturnHint, ReturnQuery } from "./return-page"
export { addSavedCard, listSavedCards, payWithSavedCard, removeSavedCard } from "./saved-cards"
export type { SavedCard } from "./saved-cards"
export { encodeWalletToken, payWithWallet } from "./wallets"
export type { WalletType } from "./wallets"
export { isInWechat, openV1Payment, pollUntilPaid, startV1Payment, v1PaymentOf } from "./wechat-alipay-unionpay"
export type { BrowserTarget, OpenV1Options, PollOptions, V1Payment, V1PaymentInput } from "./wechat-alipay-unionpay"
export { httpUrl, payFormOf, PAY_FORM_HOSTS } from "./navigation"
export type { PayForm } from "./navigation"
export { shopperLocale, shopperMessage, SHOPPER_LOCALES } from "./messages"
export type { HintKey, MessageKey, QrKey, ShopperLocale } from "./messages"
