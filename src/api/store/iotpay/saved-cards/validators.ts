import { z } from "@medusajs/framework/zod"

/**
 * POST /store/iotpay/saved-cards: `return_url` for IOTPay's hosted add-card page (the provider's returnUrl when
 * left out), or `card` for direct entry. `card` is only `unknown` here on purpose: the provider refuses it first for
 * a merchant that is not PCI DSS compliant, then checks its fields, and Medusa's validator would echo a wrong value
 * (a card number) in its message. Medusa's validateAndTransformBody makes the object strict: unknown fields are
 * refused.
 */
export const StoreStartSavedCard = z
  .object({
    provider_id: z.string().optional(),
    return_url: z.string().optional(),
    card: z.unknown().optional(),
  })
  .refine((body) => body.card === undefined || body.return_url === undefined, {
    message:
      "Send return_url (IOTPay's hosted add-card page) or card (direct entry, PCI DSS merchants only), not both; " +
      "nothing was saved.",
  })

export type StoreStartSavedCardType = z.infer<typeof StoreStartSavedCard>
