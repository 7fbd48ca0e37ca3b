/**
 * What a checkout attempt ended in, in words for the shopper, with the one next step that makes sense. Medusa's own
 * error texts are written for the merchant ("ask the shopper to..."): they go in `detail`, never in `message`.
 */

/** The parts of Medusa's store order the kit passes on (the whole order object is returned). */
export type StoreOrder = {
  id: string
  display_id?: number
  email?: string
  total?: number
  currency_code?: string
  [key: string]: unknown
}

/**
 * - `declined`: the card (or wallet token) was refused; nothing was charged.
 * - `cancelled`: the shopper cancelled in their wallet app (WeChat Pay, Alipay, UnionPay); nothing was charged.
 * - `pending`: IOTPay has not confirmed yet (or the notify is completing the cart right now); completing again is safe.
 * - `expired`: the payment session or cart is gone, replaced or was returned; a new payment must be started.
 * - `network`: the store could not be reached or failed on its side; retrying is safe.
 * - `failed`: anything else the shopper can't fix by waiting (details in `detail`).
 */
export type FailureReason = "declined" | "cancelled" | "pending" | "expired" | "network" | "failed"

/** What the page should offer: a button to pay with another card, to check again, to start over, or to retry. */
export type NextStep = "try_another_card" | "wait_and_retry" | "start_again" | "retry"

export type CheckoutOutcome =
  | { ok: true; order: StoreOrder }
  | { ok: false; reason: FailureReason; nextStep: NextStep; message: string; detail?: string }

export type CheckoutFailure = Extract<CheckoutOutcome, { ok: false }>

const NOT_PLACED = "Your payment did not go through, so the order was not placed."

/** The shopper's words and next step for each failure reason. */
export const FAILURES: Record<FailureReason, { nextStep: NextStep; message: string }> = {
  declined: {
    nextStep: "try_another_card",
    message: `${NOT_PLACED} Your card was declined and nothing was charged: try another card or another way to pay.`,
  },
  cancelled: {
    nextStep: "start_again",
    message: `${NOT_PLACED} The payment was cancelled in your wallet app and nothing was charged: pay again or choose another way to pay.`,
  },
  pending: {
    nextStep: "wait_and_retry",
    message:
      "Your payment is still being confirmed, so the order is not placed yet. Wait a moment and check again: you will not be charged twice.",
  },
  expired: {
    nextStep: "start_again",
    message: `${NOT_PLACED} This payment expired or was replaced by a newer one: start the payment again.`,
  },
  network: {
    nextStep: "retry",
    message:
      "We could not reach the store to confirm your order. Check your connection and try again: you will not be charged twice.",
  },
  failed: {
    nextStep: "start_again",
    message: `${NOT_PLACED} Start the payment again; if it keeps failing, contact the store.`,
  },
}

/** A failure outcome for `reason`, with Medusa's or IOTPay's own text as `detail`. */
export function failure(reason: FailureReason, detail?: string): CheckoutFailure {
  return { ok: false, reason, ...FAILURES[reason], ...(detail ? { detail } : {}) }
}
