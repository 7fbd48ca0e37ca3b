/**
 * The kit's words for the shopper, in English, French and Simplified Chinese: Canadian stores serve Quebec in French,
 * and WeChat Pay and Alipay shoppers read Chinese. Every outcome the kit reports has its sentence in each language;
 * nothing a shopper reads comes from Medusa, IOTPay or the return URL.
 */

/** The languages the kit speaks. */
export type ShopperLocale = "en" | "fr" | "zh"

export const SHOPPER_LOCALES: readonly ShopperLocale[] = ["en", "fr", "zh"]

/**
 * The kit's language for a locale tag, e.g. the storefront's `<html lang>`, `navigator.language`, a Next.js locale or
 * Medusa's `sdk.client.locale`: `fr`, `fr-CA` → "fr"; `zh`, `zh-CN`, `zh-Hans`, `zh_TW` → "zh" (Simplified Chinese is
 * what the kit has); anything else, or nothing → "en".
 *
 * @example shopperLocale("fr-CA") // "fr"
 */
export function shopperLocale(tag?: string | null): ShopperLocale {
  const language = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0]
  return language === "fr" || language === "zh" ? language : "en"
}

/** The outcomes the kit reports a sentence for (the failure reasons of `CheckoutOutcome`). */
export type MessageKey = "declined" | "cancelled" | "closed" | "expired" | "pending" | "network" | "failed"

/** What the return page may show while the cart completes: never IOTPay's unsigned words, only that it is checking. */
export type HintKey = "returnedApproved" | "returnedNotCompleted"

/** What a WeChat Pay QR code shows beside it: the heading, how to pay, and that the page is waiting. */
export type QrKey = "wechatScan" | "wechatSteps" | "wechatWaiting"

type Catalog = Record<MessageKey | HintKey | QrKey, string>

const EN_NOT_PLACED = "Your payment did not go through, so the order was not placed."
const FR_NOT_PLACED = "Votre paiement n’a pas abouti : la commande n’a pas été passée."
const ZH_NOT_PLACED = "您的付款未成功，订单未提交。"

const CATALOGS: Record<ShopperLocale, Catalog> = {
  en: {
    declined: `${EN_NOT_PLACED} Your card was declined and nothing was charged: try another card or another way to pay.`,
    cancelled: `${EN_NOT_PLACED} The payment was cancelled in your wallet app and nothing was charged: pay again or choose another way to pay.`,
    closed: `${EN_NOT_PLACED} The payment was closed before it was paid (for example, the QR code expired) and nothing was charged: pay again.`,
    expired: `${EN_NOT_PLACED} This payment expired or was replaced by a newer one: start the payment again.`,
    pending:
      "Your payment is still being confirmed, so the order is not placed yet. Wait a moment and check again: you will not be charged twice.",
    network:
      "We could not reach the store to confirm your order. Check your connection and try again: you will not be charged twice.",
    failed: `${EN_NOT_PLACED} Start the payment again; if it keeps failing, contact the store.`,
    returnedApproved: "Welcome back. We are confirming your payment…",
    returnedNotCompleted: "Welcome back. We are checking what happened to your payment…",
    wechatScan: "Scan with WeChat to pay",
    wechatSteps: "Open WeChat on your phone, tap Scan, and confirm the payment there. This page moves on by itself.",
    wechatWaiting: "Waiting for your payment…",
  },
  fr: {
    declined: `${FR_NOT_PLACED} Votre carte a été refusée et rien n’a été débité : essayez une autre carte ou un autre moyen de paiement.`,
    cancelled: `${FR_NOT_PLACED} Le paiement a été annulé dans votre application de portefeuille et rien n’a été débité : payez de nouveau ou choisissez un autre moyen de paiement.`,
    closed: `${FR_NOT_PLACED} Le paiement a été fermé avant d’être réglé (par exemple, le code QR a expiré) et rien n’a été débité : payez de nouveau.`,
    expired: `${FR_NOT_PLACED} Ce paiement a expiré ou a été remplacé par un plus récent : recommencez le paiement.`,
    pending:
      "Votre paiement est en cours de confirmation : la commande n’est pas encore passée. Patientez un instant et vérifiez de nouveau : vous ne serez pas débité deux fois.",
    network:
      "Nous n’avons pas pu joindre la boutique pour confirmer votre commande. Vérifiez votre connexion et réessayez : vous ne serez pas débité deux fois.",
    failed: `${FR_NOT_PLACED} Recommencez le paiement ; si l’échec persiste, contactez la boutique.`,
    returnedApproved: "Bon retour. Nous confirmons votre paiement…",
    returnedNotCompleted: "Bon retour. Nous vérifions ce qu’il est advenu de votre paiement…",
    wechatScan: "Scannez avec WeChat pour payer",
    wechatSteps:
      "Ouvrez WeChat sur votre téléphone, touchez Scan et confirmez le paiement. Cette page avancera d’elle-même.",
    wechatWaiting: "En attente de votre paiement…",
  },
  zh: {
    declined: `${ZH_NOT_PLACED}您的银行卡被拒绝，未产生任何扣款：请换一张卡或选择其他付款方式。`,
    cancelled: `${ZH_NOT_PLACED}您已在钱包应用中取消付款，未产生任何扣款：请重新付款或选择其他付款方式。`,
    closed: `${ZH_NOT_PLACED}该笔付款在支付前已关闭（例如二维码已过期），未产生任何扣款：请重新付款。`,
    expired: `${ZH_NOT_PLACED}该笔付款已过期或已被新的付款取代：请重新发起付款。`,
    pending: "您的付款正在确认中，订单尚未提交。请稍候再查看：您不会被重复扣款。",
    network: "暂时无法连接商店以确认您的订单。请检查网络后重试：您不会被重复扣款。",
    failed: `${ZH_NOT_PLACED}请重新发起付款；如果仍然失败，请联系商家。`,
    returnedApproved: "欢迎回来，正在确认您的付款…",
    returnedNotCompleted: "欢迎回来，正在核实您的付款状态…",
    wechatScan: "请使用微信扫码支付",
    wechatSteps: "请打开手机微信，点击“扫一扫”，并在微信中确认付款。本页面会自动继续。",
    wechatWaiting: "正在等待您付款…",
  },
}

/**
 * The kit's sentence for `key` in `locale` (any tag {@link shopperLocale} reads; English by default).
 *
 * @example shopperMessage("declined", "fr-CA") // "Votre paiement n’a pas abouti : … Votre carte a été refusée …"
 */
export function shopperMessage(key: MessageKey | HintKey | QrKey, locale?: string | null): string {
  return CATALOGS[shopperLocale(locale)][key]
}
