/**
 * What the sandbox's shopper pages say, in English, French and Simplified Chinese (page-locale.ts picks one). The
 * test-card list stays English: it is for the developer, not the shopper.
 */
import type { IncomingMessage } from "node:http"
import { CARD_PROBLEMS, type CardProblem } from "./cards"
import { pageLocale, type PageLocale } from "./page-locale"

export interface Notice {
  title: string
  text: string
}

export interface PageWords {
  /** The `<html lang>` of the page. */
  lang: string
  sandboxNote: string
  notFound: Notice
  orderGone: Notice
  pageUsed: Notice
  pageExpired: Notice
  orderPaid: Notice
  methodNotAllowed: Notice
  formTooLarge: Notice
  badRequest: string
  cardForm: {
    payHeading: string
    orderSummary: (mchOrderNo: string, amount: string) => string
    payButton: (amount: string) => string
    saveHeading: string
    saveSummary: string
    saveButton: string
    cardNum: string
    expiry: string
    cvv: string
    holder: string
    testCards: string
    problems: Record<CardProblem, string>
  }
  wallet: {
    names: { wechat: string; alipay: string; unionpay: string }
    heading: (wallet: string, kind: "wallet" | "cashier") => string
    orderIds: (mchOrderNo: string, payOrderId: string) => string
    pay: (amount: string) => string
    cancel: string
    leave: string
    left: string
    paid: string
    closed: string
    cancelled: string
    orderClosed: Notice
    unknownQr: Notice
  }
}

const EN: PageWords = {
  lang: "en",
  sandboxNote: "IOTPay sandbox — no real money moves",
  notFound: { title: "Page not found", text: "This payment page does not exist." },
  orderGone: { title: "Page not found", text: "The order no longer exists." },
  pageUsed: { title: "Page already used", text: "This payment page has already been used." },
  pageExpired: { title: "Page expired", text: "This payment page has expired. Please start again." },
  orderPaid: { title: "Order already paid", text: "This order has already been paid." },
  methodNotAllowed: { title: "Method not allowed", text: "Use GET or POST." },
  formTooLarge: { title: "Bad request", text: "The form is too large." },
  badRequest: "Bad request",
  cardForm: {
    payHeading: "Pay by card",
    orderSummary: (no, amount) => `Order ${no}: ${amount}`,
    payButton: (amount) => `Pay ${amount}`,
    saveHeading: "Save a card",
    saveSummary: "Your card is saved for later payments.",
    saveButton: "Save card",
    cardNum: "Card number",
    expiry: "Expiry (MMYY)",
    cvv: "CVV",
    holder: "Card holder",
    testCards: "Test cards (any future MMYY, any 3-digit CVV)",
    problems: CARD_PROBLEMS,
  },
  wallet: {
    names: { wechat: "WeChat Pay", alipay: "Alipay", unionpay: "UnionPay" },
    heading: (wallet, kind) => `${wallet} (sandbox ${kind})`,
    orderIds: (mch, pay) => `Merchant order ${mch}, IOTPay order ${pay}`,
    pay: (amount) => `Pay ${amount}`,
    cancel: "Cancel payment",
    leave: "Leave unpaid",
    left: "Left without paying",
    paid: "Paid",
    closed: "Closed by IOTPay",
    cancelled: "Cancelled by the shopper",
    orderClosed: { title: "Order closed", text: "This order can no longer be paid." },
    unknownQr: { title: "Unknown QR code", text: "This QR code was not issued by this sandbox." },
  },
}

const FR: PageWords = {
  lang: "fr",
  sandboxNote: "Bac à sable IOTPay — aucun argent réel n’est débité",
  notFound: { title: "Page introuvable", text: "Cette page de paiement n’existe pas." },
  orderGone: { title: "Page introuvable", text: "La commande n’existe plus." },
  pageUsed: { title: "Page déjà utilisée", text: "Cette page de paiement a déjà été utilisée." },
  pageExpired: { title: "Page expirée", text: "Cette page de paiement a expiré. Veuillez recommencer." },
  orderPaid: { title: "Commande déjà payée", text: "Cette commande a déjà été payée." },
  methodNotAllowed: { title: "Méthode non autorisée", text: "Utilisez GET ou POST." },
  formTooLarge: { title: "Requête invalide", text: "Le formulaire est trop volumineux." },
  badRequest: "Requête invalide",
  cardForm: {
    payHeading: "Payer par carte",
    orderSummary: (no, amount) => `Commande ${no} : ${amount}`,
    payButton: (amount) => `Payer ${amount}`,
    saveHeading: "Enregistrer une carte",
    saveSummary: "Votre carte est enregistrée pour vos prochains paiements.",
    saveButton: "Enregistrer la carte",
    cardNum: "Numéro de carte",
    expiry: "Expiration (MMAA)",
    cvv: "CVV",
    holder: "Titulaire de la carte",
    testCards: "Cartes de test (toute date MMAA future, tout CVV à 3 chiffres)",
    problems: {
      cardNum: "numéro de carte invalide",
      expiryFormat: "date d’expiration invalide (MMAA)",
      expired: "carte expirée",
      cvv: "CVV invalide",
      holderMissing: "le nom du titulaire est obligatoire",
      holderTooLong: "le nom du titulaire est trop long",
    },
  },
  wallet: {
    names: { wechat: "WeChat Pay", alipay: "Alipay", unionpay: "UnionPay" },
    heading: (wallet, kind) => `${wallet} (${kind === "wallet" ? "portefeuille" : "caisse"} du bac à sable)`,
    orderIds: (mch, pay) => `Commande marchand ${mch}, commande IOTPay ${pay}`,
    pay: (amount) => `Payer ${amount}`,
    cancel: "Annuler le paiement",
    leave: "Quitter sans payer",
    left: "Quitté sans payer",
    paid: "Payée",
    closed: "Fermée par IOTPay",
    cancelled: "Annulée par l’acheteur",
    orderClosed: { title: "Commande fermée", text: "Cette commande ne peut plus être payée." },
    unknownQr: { title: "Code QR inconnu", text: "Ce code QR n’a pas été émis par ce bac à sable." },
  },
}

const ZH: PageWords = {
  lang: "zh-Hans",
  sandboxNote: "IOTPay 沙箱 — 不涉及真实资金",
  notFound: { title: "页面不存在", text: "该支付页面不存在。" },
  orderGone: { title: "页面不存在", text: "该订单已不存在。" },
  pageUsed: { title: "页面已使用", text: "该支付页面已被使用。" },
  pageExpired: { title: "页面已过期", text: "该支付页面已过期，请重新开始。" },
  orderPaid: { title: "订单已支付", text: "该订单已支付。" },
  methodNotAllowed: { title: "不支持的请求方法", text: "请使用 GET 或 POST。" },
  formTooLarge: { title: "请求无效", text: "表单内容过大。" },
  badRequest: "请求无效",
  cardForm: {
    payHeading: "银行卡支付",
    orderSummary: (no, amount) => `订单 ${no}：${amount}`,
    payButton: (amount) => `支付 ${amount}`,
    saveHeading: "保存银行卡",
    saveSummary: "您的银行卡将被保存，用于以后付款。",
    saveButton: "保存银行卡",
    cardNum: "卡号",
    expiry: "有效期（MMYY）",
    cvv: "安全码（CVV）",
    holder: "持卡人姓名",
    testCards: "测试卡（任意未过期的 MMYY，任意 3 位安全码）",
    problems: {
      cardNum: "卡号无效",
      expiryFormat: "有效期无效（MMYY）",
      expired: "银行卡已过期",
      cvv: "安全码无效",
      holderMissing: "请填写持卡人姓名",
      holderTooLong: "持卡人姓名过长",
    },
  },
  wallet: {
    names: { wechat: "微信支付", alipay: "支付宝", unionpay: "银联" },
    heading: (wallet, kind) => `${wallet}（沙箱${kind === "wallet" ? "钱包" : "收银台"}）`,
    orderIds: (mch, pay) => `商户订单 ${mch}，IOTPay 订单 ${pay}`,
    pay: (amount) => `支付 ${amount}`,
    cancel: "取消支付",
    leave: "暂不支付",
    left: "已离开，未支付",
    paid: "已支付",
    closed: "已被 IOTPay 关闭",
    cancelled: "已被顾客取消",
    orderClosed: { title: "订单已关闭", text: "该订单已无法支付。" },
    unknownQr: { title: "无法识别的二维码", text: "该二维码并非由本沙箱生成。" },
  },
}

const WORDS: Record<PageLocale, PageWords> = { en: EN, fr: FR, zh: ZH }

export function pageWords(locale: PageLocale): PageWords {
  return WORDS[locale]
}

/** The words for the language this request's browser asks for (Accept-Language). */
export function wordsFor(req: IncomingMessage): PageWords {
  return WORDS[pageLocale(req)]
}
