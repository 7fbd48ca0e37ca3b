// Shared by the reconcile benchmark (scripts/bench/reconcile.ts) and its integration test
// (integration-tests/http/reconcile-scale.spec.ts): scripts never import from integration-tests/.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateEntityId } from "@medusajs/framework/utils"
import { mchOrderNoForSession } from "../src/iotpay"

function sql(container: MedusaContainer, text: string, params: (string | string[])[] = []) {
  return container.resolve(ContainerRegistrationKeys.PG_CONNECTION).raw(text, params)
}

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
    [ids, numbers, templateId]
  )
  return numbers
}
