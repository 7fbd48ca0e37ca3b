import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { mchOrderNoForSession } from "../../src/iotpay"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { SESSION_PAGE } from "../../src/lib/reconcile/reconcile-attempts"
import { useCountingProxy } from "../helpers/counting-proxy"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { sql } from "../helpers/inbox"
import { cloneSessions } from "../../scripts/seed-sessions"
import { ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"

jest.setTimeout(300_000)

const stack = useIotpayStack()
/** Every cc_query the job makes, counted on the wire in front of the sandbox, with how many were in flight at once. */
const gateway = useCountingProxy(() => stack.sandbox.apiBase)
const MINUTE = 60_000
const HOUR = 60 * MINUTE

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf } = useSeededStore({ api, getContainer })
    beforeAll(() => {
      process.env.IOTPAY_INBOX_REDRIVE = "off"
    })
    /** The cc_query calls IOTPay received since the last gateway.reset(), by mchOrderNo. */
    const asked = () => gateway.asked("cc_query")
    beforeEach(() => gateway.reset())
    const run = (at: Date) => reconcileIotpayPayments(getContainer(), at)
    const countOf = (numbers: string[]) => asked().filter((n) => numbers.includes(n)).length

    /** A real pending IOTPay session, to clone. */
    async function template() {
      const cart = await sf.cart()
      return sf.payWithIotpay(cart.id)
    }

    it("asks about an abandoned session at most 12 times in its life, then never again", async () => {
      const start = new Date()
      const numbers = await cloneSessions(getContainer(), (await template()).id, 20, start)
      for (let t = 0; t <= 30 * HOUR; t += 20 * MINUTE) await run(new Date(start.getTime() + t))
      const perSession = numbers.map((n) => asked().filter((a) => a === n).length)
      expect(Math.max(...perSession)).toBeLessThanOrEqual(12)
      expect(Math.min(...perSession)).toBeGreaterThanOrEqual(9) // the schedule's checks at a 20-minute run interval
      gateway.reset()
      await run(new Date(start.getTime() + 31 * HOUR))
      expect(countOf(numbers)).toBe(0)
    })

    it("pages through every due session (no cap), recovers the paid one, and asks nothing before each is due again", async () => {
      const count = 2 * SESSION_PAGE + 137
      const halfHourAgo = new Date(Date.now() - 30 * MINUTE)
      const numbers = await cloneSessions(getContainer(), (await template()).id, count, halfHourAgo)
      // A shopper who paid and closed the tab, and whose notify never came, among them.
      const cart = await sf.cart()
      const paid = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(paid.data.redirectUrl, CARDS.noNotify)

      const now = new Date()
      const first = await run(now)
      expect(first).toMatchObject({ skipped: false, recovered: 1 })
      expect(new Set(asked().filter((n) => numbers.includes(n))).size).toBe(count) // the last page too
      expect(countOf(numbers)).toBe(count) // each once
      expect(first.skipped === false && first.sessions).toBeGreaterThanOrEqual(count + 2)
      await waitFor(async () => (await ordersOfCart(getContainer(), cart.id)).length > 0, "the recovered order")

      gateway.reset()
      expect(await run(new Date(now.getTime() + MINUTE))).toMatchObject({ due: 0, asked: 0 })
      expect(countOf(numbers)).toBe(0) // (the provider's own cc_query, authorizing the recovered one, may still run)

      // Created 30 minutes ago and checked now: next due at the 1-hour mark.
      await run(new Date(now.getTime() + 29 * MINUTE))
      expect(countOf(numbers)).toBe(0)
      await run(new Date(now.getTime() + 31 * MINUTE))
      expect(countOf(numbers)).toBe(count)
      expect(await ordersOfCart(getContainer(), cart.id)).toHaveLength(1)
    })

    it("keeps at most 4 cc_query calls in flight, and a run overlapping the previous one does nothing", async () => {
      // Each test starts from the database as seeded (the runner restores it): these sessions are all due at once.
      await cloneSessions(getContainer(), (await template()).id, SESSION_PAGE + 100, new Date(Date.now() - 30 * MINUTE))
      stack.sandbox.addFault({ endpoint: "cc_query", latencyMs: 50, times: 0 })
      try {
        const now = new Date()
        gateway.reset()
        const running = run(now)
        // The second run starts once the first is provably under way: IOTPay has received its first cc_query.
        await waitFor(async () => asked().length > 0, "the first run's first cc_query")
        const two = await run(now)
        const one = await running
        expect(one).toMatchObject({ skipped: false, recovered: 0 })
        expect(two).toEqual({ skipped: true })
        expect(one.skipped === false && one.asked).toBeGreaterThan(SESSION_PAGE + 100)
        expect(gateway.maxInFlight()).toBe(4)
      } finally {
        stack.sandbox.clearFaults()
      }
    })

    it("reads only new, changed and due sessions after its first run: an old session's new attempt is found, the rest are not read", async () => {
      const halfHourAgo = new Date(Date.now() - 30 * MINUTE)
      const numbers = await cloneSessions(getContainer(), (await template()).id, SESSION_PAGE + 50, halfHourAgo)
      const now = new Date()
      const first = await run(now)
      expect(first.skipped === false && first.sessions).toBeGreaterThanOrEqual(SESSION_PAGE + 50)
      expect(countOf(numbers)).toBe(SESSION_PAGE + 50)

      // A minute later nothing changed and nothing is due: of all those sessions only the template (created just now,
      // inside the 10-minute overlap) is read again.
      gateway.reset()
      expect(await run(new Date(now.getTime() + MINUTE))).toMatchObject({ sessions: 1, due: 0, asked: 0 })

      // One old session starts a second IOTPay attempt (its data and updated_at change): that run reads it, and its
      // new attempt is asked about at once; the other sessions are still not read.
      const [changed] = await sql(
        getContainer(),
        `UPDATE payment_session SET data = data || '{"attempt": 2}'::jsonb, updated_at = ?
         WHERE id = (SELECT id FROM payment_session WHERE data->>'mchOrderNo' = ? LIMIT 1) RETURNING id`,
        [new Date(now.getTime() + 90_000).toISOString(), numbers[7]]
      ).then((r: { rows: { id: string }[] }) => r.rows)
      const second = mchOrderNoForSession(changed.id, 2)
      gateway.reset()
      const later = await run(new Date(now.getTime() + 2 * MINUTE))
      expect(later).toMatchObject({ sessions: 2, due: 1, asked: 1 }) // the changed one, and the template again
      expect(asked()).toContain(second)
      expect(countOf(numbers)).toBe(0)
    })

    it("keeps each back-off row with its service, and retires one whose session is gone instead of reading it every run", async () => {
      const now = new Date()
      const [number] = await cloneSessions(getContainer(), (await template()).id, 1, new Date(now.getTime() - MINUTE))
      await run(now)
      const checkRow = async () =>
        (
          await sql(
            getContainer(),
            `SELECT provider_id, next_check_at IS NULL AS retired, last_result FROM iotpay_reconcile_check
             WHERE mch_order_no = ?`,
            [number]
          )
        ).rows[0]
      // The row is tagged with its service: the wallet (v1) pass of the same entry reads only its own services' rows.
      expect(await checkRow()).toMatchObject({ provider_id: "pp_iotpay_iotpay", retired: false })

      // The session is deleted from the table (Medusa only soft-deletes; a manual clean-up might not): its row can
      // never be asked about, so the next run retires it rather than reading it again every minute.
      await sql(getContainer(), `DELETE FROM payment_session WHERE data->>'mchOrderNo' = ?`, [number])
      gateway.reset()
      await run(new Date(now.getTime() + 6 * MINUTE))
      expect(countOf([number])).toBe(0)
      expect(await checkRow()).toMatchObject({ retired: true, last_result: "session not found" })
    })
  },
})
