/**
 * WeChat Pay, Alipay and UnionPay online through IOTPay's v1 API (`pp_iotpay-wechat_<id>`, `pp_iotpay-alipay_<id>`,
 * `pp_iotpay-unionpay_<id>`). Starting a payment answers what to show: a QR code (WeChat Pay on a computer or a phone
 * browser other than WeChat's), a page to send the shopper to (Alipay, UnionPay, WeChat Pay inside WeChat), or an
 * auto-submitting form (when IOTPay hands back the wallet's own HTML). A QR payment has no return step: the shopper
 * pays on their phone, and {@link pollUntilPaid} completes the cart once IOTPay confirms.
 */
import { completeCart } from "./complete"
import { v1ProviderId, v1WalletOf, type V1Wallet } from "./ids"
import { httpUrl, payFormOf } from "./navigation"
import { failure, type CheckoutOutcome, type OutcomeOptions } from "./outcome"
import { initiateSession, sessionOf, type PaymentCollection, type PaymentSession } from "./session"
import type { Transport } from "./transport"

/** What {@link startV1Payment} answers: what the page shows or where it sends the shopper next. */
export type V1Payment = {
  wallet: V1Wallet
  providerId: string
  /** IOTPay's number of this payment attempt (also on IOTPay's and the wallet's receipts). */
  mchOrderNo?: string
  /** The cents IOTPay charges (Medusa's total rounded half-up once). */
  amountCents?: number
  /** IOTPay's channel, e.g. "WX_NATIVE", "WX_JSAPI", "ALIPAY_PC", "ALIPAY_WAP", "UPI_SEQ". */
  channel?: string
} & (
  | {
      /** Show `codeUrl` as a QR code (the shopper scans it with WeChat), then {@link pollUntilPaid}. */
      kind: "qr"
      codeUrl: string
    }
  | {
      /** Send the browser to `redirectUrl` (the wallet's cashier, or IOTPay's page inside WeChat). */
      kind: "redirect"
      redirectUrl: string
    }
  | {
      /**
       * The wallet's own HTML form (as IOTPay handed it over): {@link openV1Payment} posts its fields to its action,
       * when that is a known payment host, as a new page. Never render `formHtml` yourself.
       */
      kind: "form"
      formHtml: string
    }
)

export type V1PaymentInput = {
  cartId: string
  wallet: V1Wallet
  /**
   * Where the wallet's cashier sends the shopper back (Alipay, UnionPay, WeChat inside WeChat); an allowed origin
   * (`allowedReturnUrls`), at most 200 characters, and **no query string**: IOTPay v1 appends its own. Keep the cart
   * id where the return page finds it (the path, e.g. `/checkout/iotpay-return/<cartId>`, or the browser's storage).
   */
  returnUrl: string
  /** Alipay: "mobile" (ALIPAY_WAP) or "desktop" (ALIPAY_PC); else the user agent decides. */
  device?: "mobile" | "desktop"
  /** WeChat: true when the page runs inside WeChat's own browser (see {@link isInWechat}): WX_JSAPI instead of a QR. */
  inWechat?: boolean
  /** The shopper's user agent (e.g. `navigator.userAgent`), for the provider's mobile / WeChat detection. */
  userAgent?: string
  /** Another medusa-config entry than "iotpay": its provider id, e.g. `v1ProviderId("wechat", "iotpay-eu")`. */
  providerId?: string
}

/** True inside WeChat's own browser (its user agent says MicroMessenger). @example isInWechat(navigator.userAgent) */
export const isInWechat = (userAgent?: string | null) => /MicroMessenger/i.test(userAgent ?? "")

/**
 * Creates the cart's payment collection if needed and starts a WeChat Pay, Alipay or UnionPay payment; answers what
 * to show. Calling it again (another wallet, a retry after a cancelled payment) starts a new payment and replaces the
 * earlier one: a QR code shown before can no longer place the order (if the shopper still pays it, the plugin gives
 * the money back). A `returnUrl` with a query string throws before anything is sent; errors of the session step (the
 * shopper's IP not known, a return URL not allowed, a currency the entry or channel does not take) reject with
 * Medusa's StoreApiError (status 400). The shopper's IP, which IOTPay v1 requires, is not the storefront's to send:
 * the plugin reads it from the request Medusa receives (docs/wallets-v1.md "The shopper's IP"); a browser calling Medusa directly
 * needs nothing more.
 *
 * @example
 * ```ts
 * const payment = await startV1Payment(store, {
 *   cartId: cart.id,
 *   wallet: "wechat", // or "alipay" | "unionpay"
 *   returnUrl: `${location.origin}/checkout/iotpay-return/${cart.id}`, // no query string at IOTPay v1
 *   inWechat: isInWechat(navigator.userAgent),
 * })
 * if (payment.kind === "qr") {
 *   showQrCode(payment.codeUrl) // any QR library
 *   const outcome = await pollUntilPaid(store, { cartId: cart.id, signal: leftThePage.signal })
 *   if (outcome.ok) showOrder(outcome.order)
 *   else showError(outcome.message, outcome.nextStep)
 * } else openV1Payment(payment) // redirect or the wallet's form; the return page completes the cart
 * ```
 */
export async function startV1Payment(store: Transport, input: V1PaymentInput): Promise<V1Payment> {
  if (input.returnUrl.includes("?")) {
    throw new Error(
      `IOTPay v1 refuses a return URL with a query string (it appends its own): ${input.returnUrl}. ` +
        `Carry the cart id in the path (e.g. /checkout/iotpay-return/<cartId>) or in the browser's storage.`
    )
  }
  const providerId = input.providerId ?? v1ProviderId(input.wallet)
  const data: Record<string, unknown> = { return_url: input.returnUrl }
  if (input.device) data.device = input.device
  if (input.inWechat !== undefined) data.in_wechat = input.inWechat
  if (input.userAgent) data.user_agent = input.userAgent
  const { collection } = await initiateSession(store, { cartId: input.cartId, providerId, data })
  return v1PaymentOf(collection, providerId, input.wallet)
}

/**
 * What to show for a v1 payment collection you already have (e.g. from `sdk.store.payment.initiatePaymentSession`).
 * Throws when the collection holds no session of `providerId` with a QR code, page or form.
 *
 * @example
 * ```ts
 * const { payment_collection } = await sdk.store.payment.initiatePaymentSession(cart, {
 *   provider_id: "pp_iotpay-wechat_iotpay", data: { return_url },
 * })
 * const payment = v1PaymentOf(payment_collection, "pp_iotpay-wechat_iotpay")
 * ```
 */
export function v1PaymentOf(
  collection: PaymentCollection | null | undefined,
  providerId: string,
  wallet: V1Wallet = walletOfProvider(providerId)
): V1Payment {
  const session: PaymentSession | undefined = sessionOf(collection, providerId)
  const data = session?.data ?? {}
  const base = {
    wallet,
    providerId,
    mchOrderNo: data.mchOrderNo,
    amountCents: data.amountCents,
    channel: typeof data.channel === "string" ? data.channel : undefined,
  }
  if (typeof data.codeUrl === "string" && data.codeUrl) return { ...base, kind: "qr", codeUrl: data.codeUrl }
  if (data.redirectUrl) {
    // v1 accepts any string here (V3 requires http(s)), and its answers are usually unsigned: never `javascript:`.
    const redirectUrl = httpUrl(data.redirectUrl)
    if (!redirectUrl) throw new Error(`IOTPay returned a payment page that is not an http(s) URL for ${providerId}.`)
    return { ...base, kind: "redirect", redirectUrl }
  }
  if (typeof data.payForm === "string" && data.payForm) return { ...base, kind: "form", formHtml: data.payForm }
  throw new Error(
    session
      ? `IOTPay returned no QR code, payment page or form for ${providerId}: start the payment again.`
      : `The payment collection holds no ${providerId} session: start the payment with that provider first.`
  )
}

function walletOfProvider(providerId: string): V1Wallet {
  const wallet = v1WalletOf(providerId)
  if (!wallet) throw new Error(`${providerId} is not an IOTPay WeChat Pay, Alipay or UnionPay provider id.`)
  return wallet
}

/** Where {@link openV1Payment} sends the browser: `window` by default. */
export type BrowserTarget = {
  location: { assign(url: string): void }
  document: Pick<Document, "createElement" | "body">
}

export type OpenV1Options = {
  /** `window` by default. */
  target?: BrowserTarget
  /**
   * Origins besides IOTPay's, Alipay's and UnionPay's https hosts ({@link PAY_FORM_HOSTS}) a wallet's form may post
   * to, e.g. `["http://localhost:4848"]` for the IOTPay sandbox.
   */
  payFormOrigins?: readonly string[]
}

/**
 * Sends the shopper on for a redirect or form payment: `location.assign(redirectUrl)` (http(s) only), or a fresh form
 * with the wallet form's fields, posted to its action (a known payment host only) so the cashier opens as a new page.
 * The wallet's HTML is never written into the storefront's page: its scripts never run on your origin. A QR payment
 * has nothing to open: throws (show `codeUrl` and poll instead); so does a redirect or form that fails the checks.
 *
 * @example openV1Payment(await startV1Payment(store, { cartId, wallet: "alipay", returnUrl }))
 */
export function openV1Payment(payment: V1Payment, options: OpenV1Options = {}): void {
  const target = options.target ?? window
  if (payment.kind === "redirect") {
    const url = httpUrl(payment.redirectUrl)
    if (!url) throw new Error("The payment page is not an http(s) URL: nothing was opened.")
    return target.location.assign(url)
  }
  if (payment.kind === "form") {
    const { action, method, fields } = payFormOf(payment.formHtml, options.payFormOrigins)
    const form = target.document.createElement("form")
    form.method = method
    form.action = action
    form.style.display = "none"
    for (const [name, value] of fields) {
      const input = target.document.createElement("input")
      input.type = "hidden"
      input.name = name
      input.value = value
      form.appendChild(input)
    }
    target.document.body.appendChild(form)
    return form.submit()
  }
  throw new Error("A QR payment is not opened: show its codeUrl as a QR code and poll with pollUntilPaid.")
}

export type PollOptions = OutcomeOptions & {
  cartId: string
  /** Time between two checks, in ms (default 2500). Each check asks IOTPay once (query_order). */
  intervalMs?: number
  /**
   * Give up after this many ms (default 10 minutes) with `reason: "pending"` (`nextStep: "wait_and_retry"`): the QR
   * code is still valid at IOTPay until it expires there, so polling again later is safe.
   */
  timeoutMs?: number
  /**
   * Stops polling (the shopper left the page, chose another way to pay): the promise rejects with the signal's reason.
   */
  signal?: AbortSignal
  /** Called after each check that is not final yet (still unpaid, or the store was unreachable). */
  onPending?: (outcome: Extract<CheckoutOutcome, { ok: false }>) => void
  /** For tests: how to wait (default setTimeout) and what time it is (default Date.now). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  now?: () => number
}

/**
 * Waits for a QR payment (WeChat Pay `kind: "qr"`) by completing the cart every `intervalMs`: while IOTPay has not
 * confirmed, completing fails harmlessly (the cart stays open); once the shopper paid it answers the order. If
 * IOTPay's notify completed the cart first, completing answers that same order. Never charges twice.
 *
 * Answers the order, or a failure for the shopper as {@link completeCart} maps it: the shopper cancelled in WeChat
 * or IOTPay closed the unpaid order (`failed` / `expired`, `nextStep: "start_again"`: start a new payment), the
 * payment session was replaced (`expired`), or still unpaid at `timeoutMs` (`pending`). Network errors and 5xx
 * answers are retried until the timeout. Rejects only when `signal` aborts.
 *
 * @example
 * ```ts
 * const stop = new AbortController() // stop.abort() when the shopper picks another way to pay
 * const outcome = await pollUntilPaid(store, { cartId: cart.id, signal: stop.signal, intervalMs: 2000 })
 * if (outcome.ok) location.assign(`/order/${outcome.order.id}/confirmed`)
 * else showError(outcome.message, outcome.nextStep)
 * ```
 */
export async function pollUntilPaid(store: Transport, options: PollOptions): Promise<CheckoutOutcome> {
  const interval = options.intervalMs ?? 2500
  const timeout = options.timeoutMs ?? 10 * 60_000
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? abortableSleep
  const { signal } = options
  const until = now() + timeout
  for (;;) {
    throwIfAborted(signal)
    const outcome = await completeCart(store, options.cartId, options)
    throwIfAborted(signal)
    if (outcome.ok || (outcome.reason !== "pending" && outcome.reason !== "network")) return outcome
    if (now() + interval > until) {
      const detail = `not paid within ${Math.round(timeout / 1000)} s (${outcome.detail ?? outcome.reason})`
      return failure("pending", detail, options.locale)
    }
    options.onPending?.(outcome)
    await sleep(interval, signal)
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The polling was aborted.", "AbortError")
}

function throwIfAborted(signal?: AbortSignal) {
  if (signal?.aborted) throw abortReason(signal)
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal))
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortReason(signal!))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort)
      resolve()
    }, ms)
    signal?.addEventListener("abort", onAbort, { once: true })
  })
}
