import { z } from "zod"

/**
 * What the plugin keeps in Medusa's payment session / payment `data`. Medusa replaces `data` with whatever a
 * provider method returns, so every method returns the whole object: the payment's own ids must survive refunds.
 * Never holds secrets or full card numbers (IOTPay only ever returns masked ones).
 */
export const reversalSchema = z.object({
  kind: z.enum(["refund", "void"]),
  mchRefundNo: z.string(),
  amountCents: z.number().int(),
  payOrderId: z.string().optional(),
  status: z.number().int(),
  medusaId: z.string().optional(),
  at: z.string(),
})
export type Reversal = z.infer<typeof reversalSchema>

const sessionDataSchema = z
  .object({
    session_id: z.string().optional(),
    /** How the purchase started: hosted card page (default), saved card (cc_purchasewithtoken) or wallet. */
    mode: z.enum(["hosted", "saved_card", "wallet"]).optional(),
    cardId: z.string().optional(),
    walletType: z.string().optional(),
    mchOrderNo: z.string().optional(),
    attempt: z.number().int().optional(),
    amountCents: z.number().int().optional(),
    currency: z.string().optional(),
    redirectUrl: z.string().optional(),
    secureId: z.string().optional(),
    returnUrl: z.string().optional(),
    payOrderId: z.string().optional(),
    iotpayStatus: z.number().int().optional(),
    refundable: z.number().int().optional(),
    cardNum: z.string().optional(),
    cardType: z.string().optional(),
    authNum: z.string().optional(),
    paySuccTime: z.string().optional(),
    channel: z.string().optional(),
    captured: z.boolean().optional(),
    canceled: z.boolean().optional(),
    reversals: z.array(reversalSchema).optional(),
  })
  .loose()

export type IotpaySessionData = z.infer<typeof sessionDataSchema>

/** Lenient read: Medusa may hand us partial data (deletePayment after a failed initiate), which must never throw. */
export function readSessionData(data: unknown): IotpaySessionData {
  const parsed = sessionDataSchema.safeParse(data ?? {})
  if (parsed.success) return parsed.data
  return { ...(typeof data === "object" && data ? (data as Record<string, unknown>) : {}) } as IotpaySessionData
}

export function reversedCents(data: IotpaySessionData): number {
  return (data.reversals ?? []).filter((r) => r.status === 2 || r.status === 3).reduce((s, r) => s + r.amountCents, 0)
}

export function findReversal(data: IotpaySessionData, mchRefundNo: string): Reversal | undefined {
  return (data.reversals ?? []).find((r) => r.mchRefundNo === mchRefundNo)
}

/** Appends (or replaces, for a retried number) one reversal; the payment's own fields stay as they were. */
export function withReversal(data: IotpaySessionData, reversal: Reversal): IotpaySessionData {
  const others = (data.reversals ?? []).filter((r) => r.mchRefundNo !== reversal.mchRefundNo)
  return { ...data, reversals: [...others, reversal] }
}
