import { randomUUID } from "node:crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { utcDay } from "../lib/statement/day"
import { runStatement } from "../lib/statement/run"
import type { Statement } from "../lib/statement/types"

/** One run at a time, cluster-wide when the locking module is Redis-backed; a stuck run's lock expires. */
const RUN_LOCK = "iotpay-statement-run"
const RUN_LOCK_EXPIRE_S = 60 * 60

/**
 * The daily statement (docs/statement.md) of `date` (yesterday, UTC, by default): a run that finds another still
 * going does nothing. Scheduled jobs run on the worker (MEDUSA_WORKER_MODE worker or shared), and with the Redis
 * workflow engine once per schedule across instances; the run lock keeps two overlapping runs apart too.
 */
export async function runIotpayStatement(
  container: MedusaContainer,
  date = utcDay(new Date(), 1)
): Promise<Statement | { skipped: true }> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const locking = container.resolve(Modules.LOCKING)
  const ownerId = `iotpay-statement-${randomUUID()}`
  try {
    await locking.acquire(RUN_LOCK, { ownerId, expire: RUN_LOCK_EXPIRE_S })
  } catch {
    logger.info("IOTPay statement: the previous run is still going; this one does nothing.")
    return { skipped: true }
  }
  try {
    const statement = await runStatement(container, date, { importOutsideRefunds: true })
    const log = statement.differences.length ? logger.warn.bind(logger) : logger.info.bind(logger)
    log(
      `IOTPay statement ${date}: ${statement.lines.filter((l) => l.type === "payment").length} payments, IOTPay ` +
        `asked ${statement.asked} times, ${statement.differences.length} differences ` +
        `(${[...new Set(statement.differences.map((d) => d.kind))].join(", ") || "none"}); Settings → IOTPay → Statement.`
    )
    return statement
  } finally {
    await locking.release(RUN_LOCK, { ownerId }).catch(() => undefined)
  }
}

/** The scheduled run; IOTPAY_STATEMENT=off turns it off (the tests call runIotpayStatement themselves). */
export default async function iotpayStatementJob(container: MedusaContainer) {
  if (process.env.IOTPAY_STATEMENT === "off") return
  await runIotpayStatement(container)
}

export const config = {
  name: "iotpay-daily-statement",
  // 00:30 UTC every day, for the day before. IOTPAY_STATEMENT_SCHEDULE: another cron.
  schedule: process.env.IOTPAY_STATEMENT_SCHEDULE || "30 0 * * *",
}
