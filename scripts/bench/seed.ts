// `medusa exec ./scripts/bench/seed.ts` (run by scripts/bench/run.js on its own fresh database): the repo's store
// (seedStore) with Medusa's system provider enabled next to IOTPay on the Canada region, so both checkouts run on the
// same cart. Writes what the bench needs (region, publishable key, shipping option, variant) to BENCH_INFO_FILE.
import fs from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { seedStore } from "../seed-store"

export default async function seedBench({ container }: ExecArgs) {
  const store = await seedStore(container, "pp_iotpay_iotpay", ["pp_system_default"])
  fs.writeFileSync(process.env.BENCH_INFO_FILE!, JSON.stringify(store, null, 2))
}
