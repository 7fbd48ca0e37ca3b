import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createCustomerAccountHolderWorkflow } from "../../workflows/create-customer-account-holder"
import { holdsCard, withCard, withoutCard } from "./account-holder"
import { parseProviderId, providerIdOf } from "../config/provider-ids"

export const DEFAULT_CARD_PROVIDER = providerIdOf("iotpay", "iotpay")

type Holder = {
  id: string
  provider_id: string
  external_id: string
  email: string | null
  data: Record<string, unknown>
}
type Customer = {
  id: string
  email: string
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
}

/**
 * A signed-in customer's saved IOTPay cards, through their account holder for one IOTPay card provider. The store
 * routes act only on the customer of the request's own token, so nobody reaches another customer's holder.
 */
export class CustomerCards {
  constructor(
    private readonly scope: MedusaContainer,
    private readonly customerId: string,
    readonly providerId: string
  ) {
    if (parseProviderId(providerId)?.identifier !== "iotpay") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `provider_id ${providerId} is not an IOTPay card provider (pp_iotpay_<id>).`
      )
    }
  }

  private get payment() {
    return this.scope.resolve(Modules.PAYMENT)
  }

  /** The customer and their holder for this provider (undefined until they save a card or check out with IOTPay). */
  async load(): Promise<{ customer: Customer; holder?: Holder }> {
    const query = this.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "customer",
      fields: ["id", "email", "first_name", "last_name", "phone", "account_holders.*"],
      filters: { id: this.customerId },
    })
    const customer = data[0] as (Customer & { account_holders?: (Holder | null)[] }) | undefined
    if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, "The signed-in customer no longer exists.")
    const holder = (customer.account_holders ?? []).find((h) => h?.provider_id === this.providerId) ?? undefined
    return { customer, holder }
  }

  async list() {
    const { holder } = await this.load()
    if (!holder) return []
    return this.payment.listPaymentMethods({ provider_id: this.providerId, context: { account_holder: holder } })
  }

  /** Opens IOTPay's add-card page (or adds directly) and records the new cardId in the customer's holder. */
  async save(data: Record<string, unknown>) {
    return this.locked(async () => {
      const { customer, holder: existing } = await this.load()
      const holder = existing ?? (await this.createHolder(customer))
      const method = await this.payment
        .createPaymentMethods({ provider_id: this.providerId, context: { account_holder: holder, customer }, data })
        .catch(asMedusaError)
      await this.writeHolder(holder, withCard(holder.data, method.id))
      return method
    })
  }

  /** Forgets a card; false when it is not one of this customer's. */
  async remove(cardId: string): Promise<boolean> {
    return this.locked(async () => {
      const { holder } = await this.load()
      if (!holder || !holdsCard(holder.data, cardId)) return false
      await this.payment.deletePaymentMethods([
        { provider_id: this.providerId, id: cardId, context: { account_holder: holder } },
      ])
      await this.writeHolder(holder, withoutCard(holder.data, cardId))
      return true
    })
  }

  private async createHolder(customer: Customer): Promise<Holder> {
    const { result } = await createCustomerAccountHolderWorkflow(this.scope).run({
      input: { provider_id: this.providerId, customer },
    })
    return result as unknown as Holder
  }

  private async writeHolder(holder: Holder, data: Record<string, unknown>) {
    await this.payment.updateAccountHolder({
      id: holder.id,
      provider_id: this.providerId,
      context: { account_holder: { ...holder, data } },
    })
  }

  // Saving and removing read, change and write the holder's card list: one at a time per customer and provider.
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.scope.resolve(Modules.LOCKING).execute(`iotpay-cards:${this.customerId}:${this.providerId}`, fn)
  }
}

/**
 * The request's own customer's cards for one IOTPay card provider (a store may register several); pp_iotpay_iotpay by
 * default.
 */
export function customerCards(req: AuthenticatedMedusaRequest, providerId: unknown): CustomerCards {
  const provider = providerId === undefined || providerId === "" ? DEFAULT_CARD_PROVIDER : String(providerId)
  return new CustomerCards(req.scope, req.auth_context.actor_id, provider)
}

/**
 * The payment module aggregates provider errors into a plain Error (losing the MedusaError type, so a refusal would
 * answer 500); the provider's message is already written for the storefront, so keep it and answer 400.
 */
function asMedusaError(error: unknown): never {
  if (error instanceof MedusaError) throw error
  throw new MedusaError(MedusaError.Types.INVALID_DATA, (error as Error).message)
}
