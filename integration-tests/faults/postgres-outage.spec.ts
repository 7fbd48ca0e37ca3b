import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore, type SeededStore } from "../../scripts/seed-store"
import { inboxRows, sql } from "../helpers/inbox"
import { notifyFields, postNotify, signed } from "../helpers/notify"
import { MERCHANT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { Storefront, errorOf } from "../helpers/storefront"
import { theTestsPostgres } from "./own-postgres"
import { heapKeptMb } from "./heap"
import { paidCartsAwaitingNotify, type PaidCart } from "./paid-carts"
import { recordFault } from "./report"

jest.setTimeout(10 * 60_000)

// Issue 23's figures: 20 paid carts whose notify IOTPay resends every second while each shopper also tries to complete
// the checkout, plus 200 distinct notifies (payments of no cart here: the inbox keeps them all the same) arriving in
// two waves during the outage. Then a second outage of the same length with 200 new distinct notifies: the same
// answers, every row kept, and no heap kept on repeat.
const CARTS = 20
const DISTINCT = 200
const OUTAGE_MS = 20_000
const RESEND_MS = 1000
const DEADLINE_MS = 5000
/**
 * The deadline, plus room: the test's client shares one event loop with the Medusa it calls, with ~300 requests in
 * flight on a loaded 2-core machine (a run measured 8.9 s). Without the deadline each answer took knex's 60 s pool
 * timeout or more, so this still tells the two apart.
 */
const ANSWERED_WITHIN_MS = DEADLINE_MS + 7000
/**
 * How much more heap the process may keep (after a full GC) after the second outage than after the first. Four runs
 * on the shared 2-core machine measured -3.4 to +0.1 MB (the collector's and Medusa's caches move a few MB either
 * way); a leak of 8 KB per failed delivery put in the notify route on purpose measured +8.7 MB (about 1,100 answers
 * 503 in the second outage). 5 MB stays clear of the noise and fails a leak of about 5 KB or more per failed delivery.
 */
const REPEAT_MARGIN_MB = 5

// Small enough that the first wave overflows it: the bounded queue must answer 503 at once, not after the deadline.
process.env.IOTPAY_NOTIFY_MAX_WAITING = "100"
process.env.IOTPAY_NOTIFY_DEADLINE_MS = String(DEADLINE_MS)
const stack = useIotpayStack()
type Notify = { payOrderId: string; body: Record<string, unknown> }
type Answer = { payOrderId: string; sentAt: number; answeredAt: number; status: number; body: string }
type Outage = { answers: Answer[]; duringOutage: Answer[]; atOnce: number; slowest: number; heapPeakMb: number }

/**
 * Postgres stopped for 20 s while notifies and checkouts arrive, then started again (issue 23); then stopped and
 * started once more. The inbox must answer 503 within its deadline while the database is gone (never SUCCESS without
 * a row, never a socket held for knex's 60 s pool timeout), memory stays bounded and is given back (the heap kept after
 * the second outage is the first's, within a small margin), and once Postgres is back IOTPay's next copy is kept and
 * every paid cart has exactly one order.
 */
medusaIntegrationTestRunner({
  dbName: `iotpay_faults_pg_${process.pid}`,
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    const pg = theTestsPostgres()

    beforeAll(async () => {
      store = await seedStore(getContainer())
    })
    afterAll(() => {
      if (!pg.running()) pg.start()
    })

    /** `DISTINCT` signed notifies of payments no cart here has (`FAULTPG<wave>…`): the inbox keeps each the same. */
    const distinctWave = (wave: number, like: PaidCart): Notify[] => {
      const template = notifyFields(stack.sandbox, like.payOrderId)
      return Array.from({ length: DISTINCT }, (_, i) => {
        const payOrderId = `FAULTPG${wave}${String(i).padStart(7, "0")}`
        return {
          payOrderId,
          body: signed({ ...template, payOrderId, mchOrderNo: `faultpg${wave}-${i}` }, MERCHANT.secretKey),
        }
      })
    }

    /**
     * Stops Postgres for OUTAGE_MS while IOTPay sends `resent` at once and `distinct` in two halves (the second half
     * midway), each resent every RESEND_MS until answered SUCCESS; `meanwhile` runs as the outage begins. Starts
     * Postgres again and returns once every notify was answered SUCCESS (or IOTPay gave up after 4 minutes).
     */
    async function outage(resent: Notify[], distinct: Notify[], meanwhile: () => void = () => undefined) {
      const heapBefore = process.memoryUsage().heapUsed
      let heapPeak = heapBefore
      const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 250)
      pg.stop()
      const outageFrom = Date.now()

      const answers: Answer[] = []
      const deliver = async ({ payOrderId, body }: Notify) => {
        const sentAt = Date.now()
        const answer = await postNotify(stack.medusaUrl, body).catch((e: Error) => ({ status: 0, body: e.message }))
        answers.push({ payOrderId, sentAt, answeredAt: Date.now(), ...answer })
        return answer.body === "SUCCESS"
      }
      // IOTPay: resend every RESEND_MS until the answer is SUCCESS.
      const resend = async (notify: Notify, startAt = Date.now()) => {
        await new Promise((r) => setTimeout(r, startAt - Date.now()))
        for (const until = Date.now() + 4 * 60_000; Date.now() < until;) {
          if (await deliver(notify)) return
          await new Promise((r) => setTimeout(r, RESEND_MS))
        }
      }
      const half = distinct.length / 2
      const deliveries = Promise.all([
        ...resent.map((n) => resend(n)),
        ...distinct.map((d, i) => resend(d, Date.now() + (i < half ? 0 : OUTAGE_MS / 2))),
      ])
      meanwhile()
      await new Promise((r) => setTimeout(r, OUTAGE_MS))
      const outageTo = Date.now()
      pg.start()

      await deliveries
      clearInterval(sampler)
      const duringOutage = answers.filter((a) => a.sentAt >= outageFrom && a.answeredAt <= outageTo)
      // Each resender waits for its answer (up to the deadline), then RESEND_MS: at least two answers each in 20 s.
      expect(duringOutage.length).toBeGreaterThanOrEqual(resent.length * 2 + distinct.length)
      for (const a of duringOutage) {
        expect({ status: a.status, body: a.body }).toEqual({
          status: 503,
          body: "FAIL: the notify could not be stored, send it again",
        })
        expect(a.answeredAt - a.sentAt).toBeLessThanOrEqual(ANSWERED_WITHIN_MS)
      }
      // The queue is bounded: with 100 waiting, the rest of the first wave was answered at once.
      const atOnce = duringOutage.filter((a) => a.answeredAt - a.sentAt < 1000).length
      expect(atOnce).toBeGreaterThan(0)

      // Every notify was answered SUCCESS in the end, and each has its row.
      const success = new Set(answers.filter((a) => a.body === "SUCCESS").map((a) => a.payOrderId))
      expect(success.size).toBe(resent.length + distinct.length)
      for (const { payOrderId } of resent) {
        expect(await inboxRows(getContainer(), payOrderId)).toHaveLength(1)
      }
      const wave = distinct[0].payOrderId.slice(0, "FAULTPG".length + 1)
      const kept = await sql(
        getContainer(),
        "SELECT count(*)::int AS n FROM iotpay_notify WHERE pay_order_id LIKE ? || '%'",
        [wave]
      )
      expect(kept.rows[0].n).toBe(distinct.length)
      // The heap is measured with the inbox at rest: every row of the wave processed by the subscriber.
      await waitFor(
        async () =>
          (
            await sql(
              getContainer(),
              "SELECT count(*)::int AS n FROM iotpay_notify WHERE pay_order_id LIKE ? || '%' AND processed_at IS NULL",
              [wave]
            )
          ).rows[0].n === 0,
        `every ${wave} row processed`,
        120_000,
        500
      )

      const heapPeakMb = Math.round((heapPeak - heapBefore) / 2 ** 20)
      // Bounded while it lasts: ~1,300 deliveries in 20 s must not pile up (the unbounded inbox held every socket for
      // minutes). The peak counts garbage not yet collected, so it is only a loose ceiling.
      expect(heapPeakMb).toBeLessThan(256)
      const slowest = Math.max(...duringOutage.map((a) => a.answeredAt - a.sentAt))
      return { answers, duringOutage, atOnce, slowest, heapPeakMb }
    }

    it("answers 503 within the deadline while Postgres is down, makes one order per paid cart once it is back, and does the same in a second outage without keeping more heap", async () => {
      const sf = new Storefront(api, store)
      const paid = await paidCartsAwaitingNotify(sf, stack.sandbox, CARTS)

      const keptBeforeMb = heapKeptMb()
      // The shoppers come back from the hosted page while the database is gone.
      let checkoutsDuringOutage: Promise<{ status: number }[]> = Promise.resolve([])
      const result = await outage(paid, distinctWave(1, paid[0]), () => {
        checkoutsDuringOutage = Promise.all(paid.map(({ cartId }) => errorOf(sf.complete(cartId))))
      })

      // The shoppers try once more after the outage; whichever of them and the notify gets there first, one order.
      const checkouts = await checkoutsDuringOutage
      for (const { cartId } of paid) {
        await errorOf(sf.complete(cartId))
      }
      for (const { cartId } of paid) {
        await waitFor(
          async () => (await ordersOfCart(getContainer(), cartId)).length > 0,
          `an order for ${cartId}`,
          120_000,
          500
        )
      }
      const orders = await Promise.all(paid.map(({ cartId }) => ordersOfCart(getContainer(), cartId)))
      expect(orders.map((o) => o.length)).toEqual(paid.map(() => 1))

      const payments = stack.sandbox.orders().filter((o) => o.sandbox.kind === "payment")
      const reversals = stack.sandbox.orders().filter((o) => o.sandbox.kind !== "payment")
      expect(payments).toHaveLength(CARTS)
      expect(reversals).toHaveLength(0)
      // Given back: after the outage and a full collection the process keeps little more than before (the 220 inbox
      // rows' processing, 20 orders, Medusa's caches); a leak per failed delivery would keep far more.
      const keptAfterMb = heapKeptMb()
      const keptGrowthMb = Math.round(keptAfterMb - keptBeforeMb)
      expect(keptGrowthMb).toBeLessThan(64)
      const first = { ...result, keptGrowthMb, keptAfterMb, checkouts: checkouts.map((c) => c.status) }

      // The second outage, same length, 200 new notifies (Medusa's test runner restores the database before each
      // test, so it runs in this one). The same answers, every new row kept, and nothing more kept in the heap.
      const chargesBefore = stack.sandbox.orders().length
      const second = await outage([], distinctWave(2, paid[0]))

      // The carts of the first outage still have exactly one order each; nothing moved at the sandbox.
      const ordersAfter = await Promise.all(paid.map(({ cartId }) => ordersOfCart(getContainer(), cartId)))
      expect(ordersAfter.map((o) => o.length)).toEqual(paid.map(() => 1))
      expect(stack.sandbox.orders()).toHaveLength(chargesBefore)

      // No growth on repeat: what the process keeps after the second outage and a full collection is what it kept
      // after the first, within REPEAT_MARGIN_MB.
      const repeatGrowthMb = Math.round((heapKeptMb() - first.keptAfterMb) * 10) / 10
      expect(repeatGrowthMb).toBeLessThan(REPEAT_MARGIN_MB)

      const kept = await sql(
        getContainer(),
        "SELECT count(*)::int AS n FROM iotpay_notify WHERE pay_order_id LIKE 'FAULTPG%'"
      )
      const oneOrder = ordersAfter.filter((o) => o.length === 1).length
      const figures = (o: Outage) =>
        `${o.answers.length} deliveries (${o.duringOutage.length} in the outage: all 503, ${o.atOnce} at once from the ` +
        `full queue, slowest ${o.slowest} ms; then each SUCCESS with its row), heap peak +${o.heapPeakMb} MB`
      recordFault({
        fault: "Postgres stopped 20 s, twice",
        done:
          `first: ${CARTS + DISTINCT} notifies, ${figures(first)}, ${CARTS} checkouts started in the outage ` +
          `(HTTP ${[...new Set(first.checkouts)].join("/")}), kept after the outage and a full GC ` +
          `+${first.keptGrowthMb} MB; second: ${DISTINCT} new notifies, ${figures(second)}, kept after it ` +
          `${repeatGrowthMb >= 0 ? "+" : ""}${repeatGrowthMb} MB against the first (margin ${REPEAT_MARGIN_MB} MB)`,
        orders: `${oneOrder}/${CARTS} paid carts, one order each`,
        moneyMoves: `${payments.length} charges, ${reversals.length} reversals`,
        lost: CARTS - oneOrder + (2 * DISTINCT - kept.rows[0].n),
      })
    })
  },
})
