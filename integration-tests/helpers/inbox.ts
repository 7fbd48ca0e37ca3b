import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { notifyInbox } from "../../src/lib/notify-inbox"

type Row = {
  id: string
  pay_order_id: string
  status: number
  deliveries: number
  outcome: string | null
  outcome_detail: string | null
  processed_at: Date | null
  record: Record<string, unknown>
  redrives: number
}

/** The inbox rows of one IOTPay payment (all statuses). */
export async function inboxRows(container: MedusaContainer, payOrderId: string): Promise<Row[]> {
  return (await notifyInbox(container).listIotpayNotifies({ pay_order_id: payOrderId })) as unknown as Row[]
}

/** Raw SQL against the test database (ages rows, breaks the table on purpose). */
export async function sql(container: MedusaContainer, text: string, params: (string | number)[] = []) {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  return knex.raw(text, params)
}
