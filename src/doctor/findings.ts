/** What the doctor hands back: one finding per open question, with the evidence that settled it. */

/** One exchange with IOTPay as the doctor saw it, secrets removed. */
export interface Evidence {
  endpoint: string
  /** The request body as sent, `sign` redacted. */
  request: Record<string, unknown>
  httpStatus?: number
  /** The parsed answer (or its first characters when it was not JSON), `sign` redacted, cards masked. */
  response?: unknown
  /** Why there was no usable answer (network error, timeout). */
  error?: string
}

/** ok: the plugin works with this answer; warning: works, read the note; problem: fix before going live. */
export type FindingStatus = "ok" | "warning" | "problem" | "unanswered"

export type QuestionId =
  | "reachable"
  | "credentials"
  | "query-signature-checked"
  | "login-name"
  | "not-found-answer"
  | "response-signing"
  | "test-payment"
  | "refund-before-settlement"
  | "reversal-lookup"
  | "repeated-refund-no"
  | "void-after-refund"
  | "settlement-flag"
  | "money-returned"
  | "notify-delivery"
  | "v1-reachable"
  | "v1-credentials"
  | "v1-query-signature-checked"
  | "v1-response-signing"
  | "v1-test-payment"
  | "v1-refund"
  | "v1-repeated-refund-no"
  | "v1-refund-query"
  | "v1-money-returned"
  | "v1-notify-delivery"

export interface Finding {
  id: QuestionId
  question: string
  answer: string
  status: FindingStatus
  /** The provider options that match this answer (option name → value). */
  options?: Record<string, string>
  evidence: Evidence[]
}

export interface DoctorReport {
  apiBase: string
  merchantId: string
  live: boolean
  /** true when every probe that was asked for ran to its end. */
  completed: boolean
  /** 0 completed; 2 credentials refused; 3 unreachable or not an IOTPay answer; 4 test payment not completed. */
  exitCode: number
  findings: Finding[]
  /** Every matching option in one object, ready to paste into the provider's options. */
  options: Record<string, string>
  testPayment?: { mchOrderNo: string; payOrderId?: string; amountCents: number; paymentPageUrl?: string }
  /** The v1 API asked (absent when no v1 API base was given). */
  v1ApiBase?: string
  /** The v1 WX_NATIVE test payment: its QR content and, on a sandbox, the wallet page to pay it on. */
  v1TestPayment?: {
    mchOrderNo: string
    payOrderId?: string
    amountCents: number
    codeUrl?: string
    walletPage?: string
  }
}

export const EXIT = { completed: 0, usage: 1, credentials: 2, unreachable: 3, testPayment: 4 } as const
