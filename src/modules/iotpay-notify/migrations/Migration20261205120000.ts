import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * What lets a reconcile run read only what changed: the watermark (the `now` up to which a completed run looked at new
 * and changed sessions and payments), an index for the due back-off rows, and the payments with a reversal still open
 * (see ../models/open-payment.ts).
 */
export class Migration20261205120000 extends Migration {
  async up(): Promise<void> {
    this.addSql(
      `alter table if exists "iotpay_reconcile_run" add column if not exists "scanned_until" timestamptz null;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_iotpay_reconcile_check_due" ON "iotpay_reconcile_check" ` +
        `(provider_config_id, next_check_at, id) WHERE deleted_at IS NULL AND next_check_at IS NOT NULL;`
    )
    this.addSql(
      `create table if not exists "iotpay_open_payment" ("id" text not null, "provider_config_id" text not null, ` +
        `"provider_id" text not null, "created_at" timestamptz not null default now(), ` +
        `"updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, ` +
        `constraint "iotpay_open_payment_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_iotpay_open_payment_deleted_at" ON "iotpay_open_payment" (deleted_at) WHERE deleted_at IS NULL;`
    )
  }

  async down(): Promise<void> {
    this.addSql(`drop table if exists "iotpay_open_payment" cascade;`)
    this.addSql(`drop index if exists "IDX_iotpay_reconcile_check_due";`)
    this.addSql(`alter table if exists "iotpay_reconcile_run" drop column if exists "scanned_until";`)
  }
}
