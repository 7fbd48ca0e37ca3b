import type { IPaymentModuleService, Logger } from "@medusajs/framework/types"
import { mchOrderNoForSession } from "../../iotpay"
import { owedAttempts } from "../money/ledger"
import type { PaymentGateway } from "../gateway/payment-gateway"
import type { PaymentLedger, StateDeps } from "../money/payment-state"
import type { ReversalEngine } from "../money/reversal-engine"
import { readSessionData } from "../money/session-data"
import { releaseStrandedPayment, STRANDED_RELEASE_TEXT } from "../money/stranded-payment"

const PAGE = 500

export type OwedCtx = {
  providerIds: string[]
  logger: Logger
  payment: IPaymentModuleService
  ledger?: PaymentLedger & { openSessions(limit: number, after?: string): Promise<string[]> }
  state: StateDeps
  gateway: PaymentGateway
  reversals: ReversalEngine
}

/**
 * Give-backs of stranded payments that failed and are still owed. A paid attempt that can never become an order
 * (its session was deleted or canceled, or a later attempt replaced it) has no Medusa payment to carry an `owed`
 * mark: the give-back records it in the ledger only (its attempt's state row, open). The payment-based settling
 * never reads those rows, so each run asks IOTPay about every such attempt again and gives it back through the
 * same path a notify takes (`releaseStrandedPayment`: same lock, same ledger, same deterministic number).
 */
export async function retryOwedGiveBacks(ctx: OwedCtx) {
  const ledger = ctx.ledger
  if (!ledger) return
  for (let after = ""; ;) {
    const sessions = await ledger.openSessions(PAGE, after)
    if (!sessions.length) return
    after = sessions[sessions.length - 1]
    // Attempts a Medusa payment carries are settled by the payment (src/lib/reconcile/reconcile-payments.ts).
    const payments = (await ctx.payment.listPayments({ payment_session_id: sessions } as Record<string, unknown>, {
      select: ["id", "data", "payment_session_id"],
      take: sessions.length * 4,
    })) as { data?: Record<string, unknown> | null; payment_session_id?: string }[]
    const carried = new Set(payments.map((p) => `${p.payment_session_id}:${readSessionData(p.data).attempt ?? 1}`))
    const ours = (await ctx.payment.listPaymentSessions(
      { id: sessions, provider_id: ctx.providerIds } as Record<string, unknown>,
      { select: ["id"], withDeleted: true, take: sessions.length }
    )) as { id: string }[]
    for (const { id } of ours) {
      for (const attempt of owedAttempts(await ledger.read(id))) {
        if (!carried.has(`${id}:${attempt}`)) await retryOne(ctx, mchOrderNoForSession(id, attempt))
      }
    }
    if (sessions.length < PAGE) return
  }
}

async function retryOne(ctx: OwedCtx, mchOrderNo: string) {
  try {
    const record = await ctx.gateway.findPayment({ mchOrderNo })
    if (!record) {
      ctx.logger.warn(`IOTPay reconcile: money owed on ${mchOrderNo}, but IOTPay holds no payment under it.`)
      return
    }
    const why = "its earlier give-back failed and is retried"
    const released = await releaseStrandedPayment(ctx.reversals, record, why, ctx.logger, ctx.state)
    ctx.logger.info(`IOTPay reconcile: stranded payment ${mchOrderNo}: ${STRANDED_RELEASE_TEXT[released]}.`)
  } catch (error) {
    ctx.logger.error(`IOTPay reconcile: could not give back stranded ${mchOrderNo}: ${(error as Error).message}`)
  }
}
