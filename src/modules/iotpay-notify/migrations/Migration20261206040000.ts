import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The reversal ledger (see ../ledger-store.ts): one row per refund/void number and one `state` row per payment
 * session, written under the payment's lock with INSERT … ON CONFLICT, so an entry survives Medusa writing back a
 * stale copy of payment.data.
 */
export class Migration20261206040000 extends Migration {
  async up(): Promise<void> {
    this.addSql(
      `create table if not exists "iotpay_ledger" ("session_id" text not null, "entry_key" text not null, ` +
        `"value" jsonb not null, "open" boolean not null default false, ` +
        `"created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), ` +
        `constraint "iotpay_ledger_pkey" primary key ("session_id", "entry_key"));`
    )
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_iotpay_ledger_open" ON "iotpay_ledger" (session_id) WHERE open;`)
  }

  async down(): Promise<void> {
    this.addSql(`drop table if exists "iotpay_ledger" cascade;`)
  }
}
