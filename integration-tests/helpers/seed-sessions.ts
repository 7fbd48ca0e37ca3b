import type { MedusaContainer } from "@medusajs/framework/types"
import { generateEntityId } from "@medusajs/framework/utils"
import { mchOrderNoForSession } from "../../src/iotpay"
import { sql } from "./inbox"

/**
 * `count` copies of a real IOTPay payment session, each with its own id and IOTPay number (never sent to IOTPay, so
 * IOTPay knows none of them: abandoned checkouts), created at `createdAt`. Straight into the table: thousands in a
 * second, where the store API would take minutes.
 */
export async function cloneSessions(container: MedusaContainer, templateId: string, count: number, createdAt: Date) {
  const { rows } = await sql(
    container,
    `select column_name from information_schema.columns where table_name = 'payment_session' and table_schema = current_schema()`
  )
  const columns = (rows as { column_name: string }[]).map((r) => r.column_name)
  const ids = Array.from({ length: count }, () => generateEntityId(undefined, "payses"))
  const numbers = ids.map((id) => mchOrderNoForSession(id, 1))
  const expr = (column: string) =>
    column === "id"
      ? "x.id"
      : column === "data"
        ? `s.data || jsonb_build_object('session_id', x.id, 'mchOrderNo', x.mch, 'attempt', 1)`
        : column === "created_at" || column === "updated_at"
          ? `'${createdAt.toISOString()}'::timestamptz`
          : `s."${column}"`
  await sql(
    container,
    `insert into payment_session (${columns.map((c) => `"${c}"`).join(", ")})
     select ${columns.map(expr).join(", ")} from payment_session s, unnest(?::text[], ?::text[]) as x(id, mch) where s.id = ?`,
    // knex binds a JS array as a Postgres array
    [ids as unknown as string, numbers as unknown as string, templateId]
  )
  return numbers
}
