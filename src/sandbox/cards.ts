/** Sandbox test cards and wallet tokens, and the card-input checks the hosted page and cc_directaddcard share. */

/** What a charge on a card does in the sandbox. */
export type ChargeBehaviour = { approve: true; notify: boolean } | { approve: false; reason: string }

export interface TestCard {
  number: string
  brand: string
  /** IOTPay's cardType letter. */
  cardType: string
  description: string
  behaviour: ChargeBehaviour
}

export const TEST_CARDS = {
  visa: {
    number: "4242424242424242",
    brand: "Visa",
    cardType: "V",
    description: "approves",
    behaviour: { approve: true, notify: true },
  },
  mastercard: {
    number: "5555555555554444",
    brand: "Mastercard",
    cardType: "M",
    description: "approves",
    behaviour: { approve: true, notify: true },
  },
  declined: {
    number: "4000000000000002",
    brand: "Visa",
    cardType: "V",
    description: 'declines: "card declined"',
    behaviour: { approve: false, reason: "card declined" },
  },
  insufficientFunds: {
    number: "4000000000009995",
    brand: "Visa",
    cardType: "V",
    description: 'declines: "insufficient funds" (can still be bound with cc_addcard)',
    behaviour: { approve: false, reason: "insufficient funds" },
  },
  noNotify: {
    number: "4000000000000259",
    brand: "Visa",
    cardType: "V",
    description: "approves, but the payment notify is never sent (recover with cc_query)",
    behaviour: { approve: true, notify: false },
  },
} as const satisfies Record<string, TestCard>

/** Any other Luhn-valid number is accepted as input but every charge on it declines with this reason. */
export const UNKNOWN_CARD_REASON = "card not supported in sandbox"

export type TestCardName = keyof typeof TEST_CARDS

const byNumber = new Map<string, TestCardName>(
  (Object.keys(TEST_CARDS) as TestCardName[]).map((name) => [TEST_CARDS[name].number, name])
)

/** Bound cards and payments keep the test-card name, never the number. */
export function testCardName(cardNum: string): TestCardName | undefined {
  return byNumber.get(cardNum)
}

export function behaviourOf(name: TestCardName | undefined): ChargeBehaviour {
  return name ? TEST_CARDS[name].behaviour : { approve: false, reason: UNKNOWN_CARD_REASON }
}

export function cardTypeOf(cardNum: string): string {
  if (cardNum.startsWith("4")) return "V"
  if (/^(5[1-5]|2[2-7])/.test(cardNum)) return "M"
  if (/^3[47]/.test(cardNum)) return "A"
  if (cardNum.startsWith("62")) return "U"
  return "D"
}

/** IOTPay's masking: first 6, six asterisks, last 4. Used everywhere a card number could leave memory. */
export function maskCardNum(cardNum: string): string {
  return `${cardNum.slice(0, 6)}******${cardNum.slice(-4)}`
}

export function luhnValid(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

export interface CardInput {
  cardNum: string
  expiryDate: string
  cvv: string
  holder: string
}

/** A usable card after input checks (CVV dropped: it is never stored). */
export interface CheckedCard {
  cardNum: string
  expiryDate: string
  holder: string
}

/** What can be wrong with typed card details, and IOTPay's (English) words for it: the API's retMsg. */
export const CARD_PROBLEMS = {
  cardNum: "invalid card number",
  expiryFormat: "invalid expiry date (MMYY)",
  expired: "card expired",
  cvv: "invalid cvv",
  holderMissing: "card holder name is required",
  holderTooLong: "card holder name too long",
} as const

export type CardProblem = keyof typeof CARD_PROBLEMS

/**
 * Returns the problem with the input (its key, for the hosted page's words in the shopper's language, and its
 * English message) or the normalised card.
 */
export function checkCardInput(
  input: Partial<CardInput>,
  opts: { expiryRequired: boolean },
  now = new Date()
): { ok: true; card: CheckedCard } | { ok: false; problem: CardProblem; message: string } {
  const refuse = (problem: CardProblem) => ({ ok: false as const, problem, message: CARD_PROBLEMS[problem] })
  const cardNum = (input.cardNum ?? "").replace(/[\s-]/g, "")
  if (!/^\d{12,19}$/.test(cardNum) || !luhnValid(cardNum)) return refuse("cardNum")
  const expiryDate = (input.expiryDate ?? "").replace(/\s|\//g, "")
  if (expiryDate !== "" || opts.expiryRequired) {
    const m = /^(0[1-9]|1[0-2])(\d{2})$/.exec(expiryDate)
    if (!m) return refuse("expiryFormat")
    // A card is valid through the last day of its expiry month.
    const endOfMonth = new Date(2000 + Number(m[2]), Number(m[1]), 1)
    if (endOfMonth.getTime() <= now.getTime()) return refuse("expired")
  }
  if (!/^\d{3}$/.test(input.cvv ?? "")) return refuse("cvv")
  const holder = (input.holder ?? "").trim()
  if (holder === "") return refuse("holderMissing")
  if (holder.length > 64) return refuse("holderTooLong")
  return { ok: true, card: { cardNum, expiryDate, holder } }
}

/** cc_purchasewithwallet test tokens: walletData (base64) → outcome. */
export const TEST_WALLET_TOKENS = {
  approve: { walletData: Buffer.from("approve").toString("base64"), description: "approves" },
  decline: { walletData: Buffer.from("decline").toString("base64"), description: 'declines: "card declined"' },
  insufficientFunds: {
    walletData: Buffer.from("insufficient_funds").toString("base64"),
    description: 'declines: "insufficient funds"',
  },
} as const

/** Any other valid base64 walletData declines with this reason. */
export const UNKNOWN_WALLET_REASON = "wallet token not supported in sandbox"

const walletOutcomes = new Map<string, ChargeBehaviour>([
  ["approve", { approve: true, notify: true }],
  ["decline", { approve: false, reason: "card declined" }],
  ["insufficient_funds", { approve: false, reason: "insufficient funds" }],
])

/** undefined when walletData is not base64. */
export function walletBehaviour(walletData: string): ChargeBehaviour | undefined {
  if (walletData.length === 0 || walletData.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(walletData)) {
    return undefined
  }
  const decoded = Buffer.from(walletData, "base64").toString("utf8")
  return walletOutcomes.get(decoded) ?? { approve: false, reason: UNKNOWN_WALLET_REASON }
}
