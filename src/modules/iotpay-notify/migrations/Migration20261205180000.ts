import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The service each reconcile back-off row belongs to, so each pass of an entry (cards, then the v1 wallets) reads only
 * its own due rows, and a row whose session is gone can be retired by its own pass. Rows made before stay null and
 * are read by both passes, as before; a run that sees their session changed fills it in.
 */
export class Migration20261205180000 extends Migration {
  async up(): Promise<void> {
    this.addSql(`alter table if exists "iotpay_reconcile_check" add column if not exists "provider_id" text null;`)
  }

  async down(): Promise<void> {
    this.addSql(`alter table if exists "iotpay_reconcile_check" drop column if exists "provider_id";`)
  }
}
