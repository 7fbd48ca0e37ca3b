import { Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createPaymentAccountHolderStep, createRemoteLinkStep } from "@medusajs/medusa/core-flows"

export type CreateCustomerAccountHolderInput = {
  provider_id: string
  customer: { id: string; email: string; first_name?: string | null; last_name?: string | null; phone?: string | null }
}

/**
 * A customer's account holder for one IOTPay card provider: create it, then link it to the customer, the two steps
 * createPaymentSessionsWorkflow takes at checkout, with Medusa's own steps. Each has its compensation: when the link
 * (or anything after it in a parent workflow) fails, the link is dismissed and the holder deleted. Without that, a
 * holder left unlinked would make every later save fail on the payment module's unique (provider_id, external_id).
 */
export const createCustomerAccountHolderWorkflow = createWorkflow(
  "iotpay-create-customer-account-holder",
  (input: CreateCustomerAccountHolderInput) => {
    const holder = createPaymentAccountHolderStep({
      provider_id: input.provider_id,
      context: { customer: input.customer },
    })
    const link = transform({ input, holder }, ({ input, holder }) => [
      { [Modules.CUSTOMER]: { customer_id: input.customer.id }, [Modules.PAYMENT]: { account_holder_id: holder.id } },
    ])
    createRemoteLinkStep(link)
    return new WorkflowResponse(holder)
  }
)
