"use client"
// "Place order" for IOTPay in Medusa's Next.js starter: cards (IOTPay's hosted page), WeChat Pay (a QR code, then
// polling until the shopper paid on their phone), Alipay and UnionPay (their cashier). The payment opens at IOTPay
// only here, when the shopper commits: the session the payment step created holds the price only.
import { completeIotpayCart, iotpayLocale, startIotpayPayment, type IotpayStart } from "@lib/data/iotpay"
import { HttpTypes } from "@medusajs/types"
import { Button } from "@modules/common/components/ui"
import { failure, openV1Payment, shopperMessage, type ShopperLocale } from "medusa-payment-iotpay/storefront"
import { useParams, useRouter, useSearchParams } from "next/navigation"
import { useEffect, useState } from "react"
import ErrorMessage from "../error-message"

const POLL_MS = 2500

/**
 * A server action that rejects (the Next.js server unreachable, or an error a production build hides) is, for the
 * shopper, a store they could not reach: the kit's sentence for it, in their language when it can still be read.
 * The error itself goes to the console for the developer.
 */
async function unreachable(error: unknown) {
  console.error("IOTPay checkout:", error)
  const locale = await iotpayLocale().catch(() => null) // unreachable too: English
  return failure("network", (error as Error)?.message, locale)
}

export default function IotpayPaymentButton({
  cart,
  notReady,
  "data-testid": dataTestId,
}: {
  cart: HttpTypes.StoreCart
  notReady: boolean
  "data-testid"?: string
}) {
  const { countryCode } = useParams<{ countryCode: string }>()
  const router = useRouter()
  const [submitting, setSubmitting] = useState(false)
  // The return routes send a failed payment back here with the kit's sentence for the shopper.
  const [errorMessage, setErrorMessage] = useState<string | null>(useSearchParams().get("iotpay_error"))
  const [qr, setQr] = useState<{ codeUrl: string; locale: ShopperLocale } | null>(null)
  const providerId = cart.payment_collection?.payment_sessions?.[0]?.provider_id ?? ""

  // WeChat Pay QR: complete the cart every POLL_MS until IOTPay confirms; stop on a final failure or on leaving.
  useEffect(() => {
    if (!qr) return
    let stopped = false
    const check = async () => {
      if (stopped) return
      const outcome = await completeIotpayCart(cart.id).catch(unreachable) // network: polled again
      if (stopped) return
      if (outcome.ok) return router.push(`/${countryCode}/order/${outcome.order.id}/confirmed`)
      if (outcome.nextStep === "wait_and_retry" || outcome.nextStep === "retry") {
        timer = setTimeout(check, POLL_MS)
        return
      }
      setQr(null)
      setErrorMessage(outcome.message)
    }
    let timer = setTimeout(check, POLL_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [qr, cart.id, countryCode, router])

  const handlePayment = async () => {
    setSubmitting(true)
    setErrorMessage(null)
    let started: IotpayStart
    try {
      started = await startIotpayPayment({
        cartId: cart.id,
        providerId,
        countryCode,
        origin: window.location.origin,
        userAgent: navigator.userAgent,
      })
    } catch (error) {
      started = { error: (await unreachable(error)).message }
    }
    if ("error" in started) {
      setErrorMessage(started.error)
      return setSubmitting(false)
    }
    if (started.kind === "redirect") return window.location.assign(started.redirectUrl)
    if (started.payment.kind === "qr") {
      setQr({ codeUrl: started.payment.codeUrl, locale: started.locale })
      return setSubmitting(false)
    }
    try {
      openV1Payment(started.payment) // Alipay / UnionPay cashier: http(s) or a form to a known host only
    } catch (error) {
      setErrorMessage((error as Error).message)
      setSubmitting(false)
    }
  }

  return (
    <>
      {qr ? (
        <div className="flex flex-col gap-y-2" data-testid="iotpay-wechat-qr">
          {/* The kit's words, in the starter's locale like its messages (English, French, Simplified Chinese). */}
          <p className="txt-medium-plus">{shopperMessage("wechatScan", qr.locale)}</p>
          <p className="txt-small">{shopperMessage("wechatSteps", qr.locale)}</p>
          {/* Render qr.codeUrl with any QR code component (e.g. the `qrcode` package); the link opens it in WeChat. */}
          <a href={qr.codeUrl} className="txt-small break-all underline" data-testid="iotpay-wechat-code-url">
            {qr.codeUrl}
          </a>
          <p className="txt-small text-ui-fg-subtle">{shopperMessage("wechatWaiting", qr.locale)}</p>
        </div>
      ) : (
        <Button
          disabled={notReady}
          isLoading={submitting}
          onClick={handlePayment}
          size="large"
          data-testid={dataTestId}
        >
          Place order
        </Button>
      )}
      <ErrorMessage error={errorMessage} data-testid="iotpay-payment-error-message" />
    </>
  )
}
