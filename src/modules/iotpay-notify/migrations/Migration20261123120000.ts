import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/** The notify inbox and the reconcile job's per-attempt back-off state (see ../models). */
export class Migration20261123120000 extends Migration {
  async up(): Promise<void> {
    this.addSql(
      `create table if not exists "iotpay_notify" ("id" text not null, "provider_config_id" text not null, ` +
        `"pay_order_id" text not null, "mch_order_no" text null, "pay_type" text null, "status" integer not null, ` +
        `"amount" integer not null, "currency" text null, "record" jsonb not null, "deliveries" integer not null default 1, ` +
        `"first_received_at" timestamptz not null, "last_received_at" timestamptz not null, ` +
        `"outcome" text check ("outcome" in ('order_created', 'already_applied', 'ignored', 'not_applied', 'failed')) null, ` +
        `"outcome_detail" text null, "processed_at" timestamptz null, "redrives" integer not null default 0, ` +
        `"created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), ` +
        `"deleted_at" timestamptz null, constraint "iotpay_notify_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_iotpay_notify_deleted_at" ON "iotpay_notify" (deleted_at) WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_iotpay_notify_provider_config_id_pay_order_id_status_unique" ON "iotpay_notify" ` +
        `(provider_config_id, pay_order_id, status) WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_iotpay_notify_processed_at_last_received_at" ON "iotpay_notify" ` +
        `(processed_at, last_received_at) WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `create table if not exists "iotpay_reconcile_check" ("id" text not null, "provider_config_id" text not null, ` +
        `"mch_order_no" text not null, "session_id" text not null, "first_seen_at" timestamptz not null, ` +
        `"checks" integer not null default 0, "last_checked_at" timestamptz null, "next_check_at" timestamptz null, ` +
        `"last_result" text null, "created_at" timestamptz not null default now(), ` +
        `"updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, ` +
        `constraint "iotpay_reconcile_check_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_iotpay_reconcile_check_deleted_at" ON "iotpay_reconcile_check" (deleted_at) WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_iotpay_reconcile_check_provider_config_id_mch_order_no_unique" ON ` +
        `"iotpay_reconcile_check" (provider_config_id, mch_order_no) WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_iotpay_reconcile_check_next_check_at" ON "iotpay_reconcile_check" (next_check_at) WHERE deleted_at IS NULL;`
    )
  }

  async down(): Promise<void> {
    this.addSql(`drop table if exists "iotpay_notify" cascade;`)
    this.addSql(`drop table if exists "iotpay_reconcile_check" cascade;`)
  }
}
