/**
 * What a checkout attempt ended in, in words for the shopper, with the one next step that makes sense. Medusa's own
 * error texts are written for the merchant ("ask the shopper to..."): they go in `detail`, never in `message`.
 */
import { shopperMessage } from "./messages"

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
 * - `closed`: IOTPay closed an unpaid WeChat Pay, Alipay or UnionPay payment (e.g. the QR code expired); nothing was
 *   charged.
 * - `pending`: IOTPay has not confirmed yet (or the notify is completing the cart right now); completing again is safe.
 * - `expired`: the payment session or cart is gone, replaced or was returned; a new payment must be started.
 * - `network`: the store could not be reached or failed on its side; retrying is safe.
 * - `failed`: anything else the shopper can't fix by waiting (details in `detail`).
 */
export type FailureReason = "declined" | "cancelled" | "closed" | "pending" | "expired" | "network" | "failed"

/** What the page should offer: a button to pay with another card, to check again, to start over, or to retry. */
export type NextStep = "try_another_card" | "wait_and_retry" | "start_again" | "retry"

export type CheckoutOutcome =
  | { ok: true; order: StoreOrder }
  | { ok: false; reason: FailureReason; nextStep: NextStep; message: string; detail?: string }

export type CheckoutFailure = Extract<CheckoutOutcome, { ok: false }>

const NEXT_STEPS: Record<FailureReason, NextStep> = {
  declined: "try_another_card",
  cancelled: "start_again",
  closed: "start_again",
  pending: "wait_and_retry",
  expired: "start_again",
  network: "retry",
  failed: "start_again",
}

/** Each failure reason's next step and shopper message in English (other languages: {@link shopperMessage}). */
export const FAILURES = Object.fromEntries(
  Object.entries(NEXT_STEPS).map(([reason, nextStep]) => [
    reason,
    { nextStep, message: shopperMessage(reason as FailureReason, "en") },
  ])
) as Record<FailureReason, { nextStep: NextStep; message: string }>

/**
 * A failure outcome for `reason`, its message in `locale` (e.g. "fr-CA", "zh-CN"; English by default), with Medusa's
 * or IOTPay's own text as `detail` (merchant-facing, never for the shopper).
 */
export function failure(reason: FailureReason, detail?: string, locale?: string | null): CheckoutFailure {
  return {
    ok: false,
    reason,
    nextStep: NEXT_STEPS[reason],
    message: shopperMessage(reason, locale),
    ...(detail ? { detail } : {}),
  }
}

/** The options every function reporting a {@link CheckoutOutcome} takes. */
export type OutcomeOptions = {
  /** The shopper's language for `message`: "en" (default), "fr", "zh", or a tag such as "fr-CA" / "zh-CN". */
  locale?: string | null
}
