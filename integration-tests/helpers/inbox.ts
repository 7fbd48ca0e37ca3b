import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { notifyInbox } from "../../src/lib/notify/notify-inbox"
import { waitFor } from "./stack"

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

/**
 * The payment's inbox row once the subscriber has written its outcome (after `since`, when given: the processed_at
 * of an earlier outcome, so a second delivery's verdict is awaited, not the first one's).
 */
export async function processedRow(container: MedusaContainer, payOrderId: string, since?: Date | null) {
  return waitFor(async () => {
    const rows = await inboxRows(container, payOrderId)
    return rows.find((r) => r.processed_at && (!since || new Date(r.processed_at) > new Date(since)))
  }, `the outcome on the inbox row of ${payOrderId}`)
}
