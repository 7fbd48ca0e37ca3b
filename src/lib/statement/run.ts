import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { IotpayProviderOptions } from "../config/options"
import { iotpayProviderEntries } from "../config/config-lookup"
import { cardGatewayFor } from "../gateway/card-gateway"
import { optionalNotifyInbox } from "../notify/notify-inbox"
import { v1ProviderIdsOf, v3ProviderIdsOf } from "../config/provider-ids"
import { walletGatewayFor } from "../gateway/wallet-gateway"
import { collectDay, type Collected, type StatementDeps, type StatementSource } from "./collect"
import { comparePayment, medusaRefundedCents } from "./compare"
import { dayRange } from "./day"
import { importOutsideRefund } from "./outside-refund"
import type { Difference, Statement, StatementLine } from "./types"

const CONCURRENCY = 4

/** The two APIs of one provider entry, each asked the way it can be. */
function sourcesOf(configId: string, options: IotpayProviderOptions): StatementSource[] {
  const refundQuery = !!options.v1RefundQueryPath
  return [
    {
      providerIds: v3ProviderIdsOf(configId),
      gateway: cardGatewayFor(configId, options),
      api: "v3",
      refundQuery: true,
      channel: options.channel,
    },
    {
      providerIds: v1ProviderIdsOf(configId),
      gateway: walletGatewayFor(configId, options),
      api: "v1",
      refundQuery,
      channel: "v1",
    },
  ]
}

/**
 * Whether this run may record outside refunds in Medusa: false for a read (GET: it only reports them), true for the
 * POST and the scheduled job, which still import only where the entry's `importOutsideRefunds` option allows.
 */
export type StatementMode = { importOutsideRefunds: boolean }

/**
 * The statement of one day (UTC): every IOTPay payment attempt of the day's sessions asked about once, compared
 * with Medusa, the differences named; refunds made outside the store brought into Medusa when `mode` asks for it
 * and the entry's `importOutsideRefunds` is on (the only thing the check changes; it never moves money).
 */
export async function runStatement(container: MedusaContainer, date: string, mode: StatementMode): Promise<Statement> {
  const logger: Logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const deps: StatementDeps = {
    payment: container.resolve(Modules.PAYMENT),
    query: container.resolve(ContainerRegistrationKeys.QUERY),
    state: { locking: container.resolve(Modules.LOCKING), ledger: optionalNotifyInbox(container)?.ledger, logger },
    concurrency: CONCURRENCY,
  }
  const day = dayRange(date)
  const counter = { asked: 0 }
  const lines: StatementLine[] = []
  const differences: Difference[] = []
  const statement: Statement = {
    date,
    asked: 0,
    iotpay: { chargedCents: 0, refundedCents: 0, netCents: 0 },
    medusa: { chargedCents: 0, refundedCents: 0, netCents: 0 },
    iotpayRefundsPartial: false,
    lines,
    differences,
  }
  for (const [configId, options] of iotpayProviderEntries(container.resolve(ContainerRegistrationKeys.CONFIG_MODULE))) {
    for (const source of sourcesOf(configId, options)) {
      for (const facts of await collectDay(deps, source, day, counter)) {
        const compared = comparePayment(facts)
        let imported = 0
        if (compared.outsideCents > 0 && mode.importOutsideRefunds) {
          imported = await bringIn(container, deps, options, facts, compared, logger)
        } else if (compared.outsideCents > 0) {
          reportOnly(compared, options)
        }
        lines.push(...compared.lines)
        differences.push(...compared.differences)
        addTotals(statement, facts)
        statement.medusa.refundedCents += imported
      }
    }
  }
  statement.asked = counter.asked
  for (const t of [statement.iotpay, statement.medusa]) t.netCents = t.chargedCents - t.refundedCents
  return statement
}

function addTotals(statement: Statement, facts: Collected) {
  if (facts.iotpay.state === "paid") {
    statement.iotpay.chargedCents += facts.iotpay.amountCents ?? 0
    if (facts.iotpay.refundedCents === null) statement.iotpayRefundsPartial = true
    statement.iotpay.refundedCents += facts.iotpay.refundedCents ?? 0
  }
  if (facts.medusa) {
    statement.medusa.chargedCents += facts.medusa.amountCents
    statement.medusa.refundedCents += medusaRefundedCents(facts.medusa)
  }
}

/** A read: the outside refund is named as not yet recorded, and how to record it; nothing is changed or logged. */
function reportOnly(compared: ReturnType<typeof comparePayment>, options: IotpayProviderOptions) {
  const difference = compared.differences.find((d) => d.kind === "refunded_outside_store")!
  difference.imported = "not_imported"
  difference.recordable = options.importOutsideRefunds
  difference.importNote = options.importOutsideRefunds
    ? '"Record outside refunds in Medusa" (POST /admin/iotpay/statement) records it'
    : "importOutsideRefunds is off: reported only"
}

/**
 * Records the outside refund in Medusa (or says why not) and marks its difference and CSV line accordingly; the
 * cents it recorded.
 */
async function bringIn(
  container: MedusaContainer,
  deps: StatementDeps,
  options: IotpayProviderOptions,
  facts: Collected,
  compared: ReturnType<typeof comparePayment>,
  logger: Logger
): Promise<number> {
  const difference = compared.differences.find((d) => d.kind === "refunded_outside_store")!
  const outsideLine = compared.lines.find((l) => l.difference === "refunded_outside_store")!
  let result: { imported: boolean; note: string; entry?: { mchRefundNo: string; amountCents: number } }
  if (!options.importOutsideRefunds) {
    result = { imported: false, note: "importOutsideRefunds is off: reported only" }
  } else if (!facts.medusa || !facts.paymentData) {
    result = { imported: false, note: "Medusa has no payment to record it on" }
  } else if (!facts.medusa.capturedCents) {
    result = {
      imported: false,
      note: "the payment is not captured in Medusa, which refunds only captured money: capture it, then check again",
    }
  } else {
    try {
      result = await importOutsideRefund(container, deps.state, facts.gateway, {
        paymentId: facts.medusa.paymentId,
        data: facts.paymentData,
        mchOrderNo: facts.mchOrderNo,
        date: facts.date,
      })
    } catch (error) {
      result = { imported: false, note: `could not record it: ${(error as Error).message}` }
    }
  }
  difference.imported = result.imported ? "imported" : "not_imported"
  difference.recordable = options.importOutsideRefunds
  difference.importNote = result.note
  if (result.imported && result.entry) {
    difference.detail = "refunded outside the store, recorded in Medusa by this check"
    outsideLine.mchRefundNo = result.entry.mchRefundNo
    outsideLine.medusaCents = result.entry.amountCents
    outsideLine.status = "made outside the store; recorded in Medusa by this check"
    logger.info(`IOTPay statement ${facts.date}: ${facts.mchOrderNo}: ${result.note}`)
    return result.entry.amountCents
  }
  logger.warn(
    `IOTPay statement ${facts.date}: ${facts.mchOrderNo} has ${difference.cents} cents refunded outside the ` +
      `store, not recorded in Medusa: ${result.note}`
  )
  return 0
}
