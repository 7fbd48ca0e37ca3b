import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/** The reconcile job's last run (see ../models/reconcile-run.ts). */
export class Migration20261201120000 extends Migration {
  async up(): Promise<void> {
    this.addSql(
      `create table if not exists "iotpay_reconcile_run" ("id" text not null, "started_at" timestamptz not null, ` +
        `"finished_at" timestamptz not null, "skipped" boolean not null default false, "sessions" integer null, ` +
        `"due" integer null, "asked" integer null, "recovered" integer null, "ms" integer null, "error" text null, ` +
        `"created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), ` +
        `"deleted_at" timestamptz null, constraint "iotpay_reconcile_run_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_iotpay_reconcile_run_deleted_at" ON "iotpay_reconcile_run" (deleted_at) WHERE deleted_at IS NULL;`
    )
  }

  async down(): Promise<void> {
    this.addSql(`drop table if exists "iotpay_reconcile_run" cascade;`)
  }
}
