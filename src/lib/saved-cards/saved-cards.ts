import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import type { CardInfo } from "../../iotpay"

/** IOTPay's cardType letters; anything else is shown as "card". */
const BRANDS: Record<string, string> = { V: "visa", M: "mastercard", A: "amex", U: "unionpay", D: "discover" }

/** A saved card as a storefront shows it: masked number (IOTPay's own masking), brand, expiry, holder. */
export type SavedCardView = {
  card_num: string | null
  last4: string | null
  brand: string
  card_type: string | null
  expiry: string | null
  holder: string | null
}

export function savedCardView(card: CardInfo): SavedCardView {
  const masked = card.cardNum ?? null
  const expiry =
    card.expiryDate && /^\d{4}$/.test(card.expiryDate)
      ? `${card.expiryDate.slice(0, 2)}/${card.expiryDate.slice(2)}`
      : null
  return {
    card_num: masked,
    last4: masked && /\d{4}$/.test(masked) ? masked.slice(-4) : null,
    brand: BRANDS[card.cardType ?? ""] ?? "card",
    card_type: card.cardType ?? null,
    expiry,
    holder: card.holder ?? null,
  }
}

/** Card fields for direct add-card (PCI DSS merchants only). Messages name fields, never echo their values. */
const directCardSchema = z.object({
  number: z.string().regex(/^\d{12,19}$/, "must be 12 to 19 digits"),
  expiry: z.string().regex(/^(0[1-9]|1[0-2])\d{2}$/, "must be MMYY, e.g. 0727"),
  cvv: z.string().regex(/^\d{3,4}$/, "must be 3 or 4 digits"),
  holder: z.string().trim().min(1, "is required").max(64, "is at most 64 characters"),
})
export type DirectCard = z.infer<typeof directCardSchema>

export function readDirectCard(input: unknown, pciCompliant: boolean): DirectCard {
  if (!pciCompliant) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "IOTPay: direct card entry (cc_directaddcard) sends card numbers through this server and is only allowed " +
        'for PCI DSS compliant merchants (provider option "pciCompliant": true). Nothing was sent; save the card ' +
        "on IOTPay's hosted add-card page instead (send return_url, not card)."
    )
  }
  const parsed = directCardSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const fields = parsed.error.issues.map((i) => `card.${i.path.join(".")} ${i.message}`).join("; ")
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `IOTPay: invalid card (${fields}); nothing was sent.`)
}
