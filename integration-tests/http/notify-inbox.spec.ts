import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { parseNotify } from "../../src/iotpay"
import { redriveIotpayNotifies } from "../../src/jobs/iotpay-notify-redrive"
import { notifyInbox } from "../../src/lib/notify/notify-inbox"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { inboxRows, sql } from "../helpers/inbox"
import { notifyFields, postNotify, signed } from "../helpers/notify"
import { notifyRuns } from "../helpers/notify-runs"
import { MERCHANT, ordersOfCart as ordersOfCartIn, useIotpayStack, waitFor } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"

jest.setTimeout(180_000)

const stack = useIotpayStack()
beforeAll(() => {
  process.env.IOTPAY_INBOX_REDRIVE = "off" // the tests run the re-drive themselves
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf } = useSeededStore({ api, getContainer })

    const ordersOfCart = (cartId: string) => ordersOfCartIn(getContainer(), cartId)
    const rowsOf = (payOrderId: string) => inboxRows(getContainer(), payOrderId)
    const runs = () => notifyRuns(getContainer())
    beforeAll(() => void runs()) // counting starts before the first delivery

    /** Paid on the hosted page with a card whose notify the sandbox never sends: the test delivers it. */
    async function paidAndGone() {
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.noNotify)
      const payOrderId = stack.sandbox.order(session.data.mchOrderNo)!.payOrderId
      const body = signed(notifyFields(stack.sandbox, payOrderId), MERCHANT.secretKey)
      return { cart, session, payOrderId, body }
    }

    it("keeps one row per distinct notify, counts repeats, and records that it created the order", async () => {
      const { cart, payOrderId, body } = await paidAndGone()
      const answers = await Promise.all(Array.from({ length: 5 }, () => postNotify(stack.medusaUrl, body)))
      expect(answers).toEqual(Array.from({ length: 5 }, () => ({ status: 200, body: "SUCCESS" })))
      expect(await postNotify(stack.medusaUrl, body)).toEqual({ status: 200, body: "SUCCESS" })
      await waitFor(async () => (await ordersOfCart(cart.id)).length > 0, "the order")
      const [row, ...others] = await waitFor(async () => {
        const rows = await rowsOf(payOrderId)
        // A copy that arrived after the outcome is counted in memory and written within 100 ms (SettledRepeats).
        return rows[0]?.processed_at && rows[0].outcome === "order_created" && rows[0].deliveries >= 6 ? rows : null
      }, "the outcome and the six deliveries on the row")
      expect(others).toHaveLength(0)
      expect(row.deliveries).toBe(6)
      expect(row.status).toBe(body.status)
      expect(row.outcome_detail).toMatch(/^payment pay_/)
      // Nothing secret is kept: no sign, and IOTPay's masked number stays masked.
      expect(row.record.sign).toBeUndefined()
      expect(row.record.cardNum).toMatch(/^\d{6}\*{6}\d{4}$/)
      expect(row.record.payOrderId).toBe(payOrderId)
      // Later copies, which found the order made, do not overwrite what the notify caused: checked once every copy
      // handed to the subscriber has been handled.
      const { emitted } = await runs().settled(payOrderId)
      expect(emitted).toBeGreaterThanOrEqual(1)
      expect((await rowsOf(payOrderId))[0].outcome).toBe("order_created")
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
    })

    it("gives a forged or unverifiable notify no row", async () => {
      const { payOrderId, body } = await paidAndGone()
      const forged = [
        signed({ ...body, sign: undefined }, "not-the-merchant-key"),
        { ...body, amount: 1 },
        { ...body, sign: undefined },
      ]
      for (const f of forged) expect((await postNotify(stack.medusaUrl, f)).status).toBe(401)
      expect((await postNotify(stack.medusaUrl, body, "not-configured")).status).toBe(404)
      // A row is written before the answer, so with every answer in, "no row" is final; nothing was handed on.
      expect(await rowsOf(payOrderId)).toHaveLength(0)
      expect(runs().count(payOrderId)).toEqual({ emitted: 0, finished: 0 })
    })

    it("records why a verified notify was ignored or not applied", async () => {
      // A signed record for an order number this plugin never made: verified, kept, ignored.
      const { payOrderId, body } = await paidAndGone()
      const foreign = signed(
        { ...notifyFields(stack.sandbox, payOrderId), payOrderId: `${payOrderId}X`, mchOrderNo: "someone-else-1" },
        MERCHANT.secretKey
      )
      expect(await postNotify(stack.medusaUrl, foreign)).toEqual({ status: 200, body: "SUCCESS" })
      const [ignored] = await waitFor(async () => {
        const rows = await rowsOf(`${payOrderId}X`)
        return rows[0]?.processed_at ? rows : null
      }, "the ignored outcome")
      expect([ignored.outcome, ignored.outcome_detail]).toEqual([
        "ignored",
        expect.stringMatching(/not a payment of this store/),
      ])
      // A validly signed claim of a payment IOTPay says is unpaid: kept, and the row says no payment was made.
      const cart = await sf.cart()
      const unpaid = await sf.payWithIotpay(cart.id)
      const unpaidId = stack.sandbox.order(unpaid.data.mchOrderNo)!.payOrderId
      const claim = { ...notifyFields(stack.sandbox, unpaidId), status: 2, paySuccTime: "2026-01-01 10:00:00" }
      expect((await postNotify(stack.medusaUrl, signed(claim, MERCHANT.secretKey))).status).toBe(200)
      const [refused] = await waitFor(async () => {
        const rows = await rowsOf(unpaidId)
        return rows[0]?.processed_at ? rows : null
      }, "the not-applied outcome")
      expect([refused.outcome, refused.outcome_detail]).toEqual([
        "not_applied",
        `IOTPay did not confirm ${unpaid.data.mchOrderNo} as paid when asked; no payment made`,
      ])
      expect(await ordersOfCart(cart.id)).toHaveLength(0)
      void body
    })

    it("a burst of distinct notifies, each sent three times at once, makes one row each with three deliveries", async () => {
      // Deliveries that arrive while an upsert is in flight share the next statement (DeliveryBatch): copies of one
      // notify in a statement must still add up, and a row Postgres refuses (an amount past its integer range) must
      // fail only its own notify, not the others that shared its statement.
      const { payOrderId } = await paidAndGone()
      const base = notifyFields(stack.sandbox, payOrderId)
      const ids = Array.from({ length: 30 }, (_, i) => `${payOrderId}B${i}`)
      const bodyOf = (id: string, i: number, amount = base.amount) =>
        signed({ ...base, payOrderId: id, mchOrderNo: `someone-else-b${i}`, amount }, MERCHANT.secretKey)
      const tooLarge = bodyOf(`${payOrderId}BIG`, 99, 3_000_000_000)
      const sends = ids.flatMap((id, i) => [0, 1, 2].map(() => postNotify(stack.medusaUrl, bodyOf(id, i))))
      const answers = await Promise.all([...sends, postNotify(stack.medusaUrl, tooLarge)])
      expect(answers.slice(0, -1)).toEqual(sends.map(() => ({ status: 200, body: "SUCCESS" })))
      expect(answers.at(-1)!.status).toBe(503)
      // A copy that arrives after its notify was carried through is counted within 100 ms (SettledRepeats).
      const counts = await waitFor(async () => {
        const all = await Promise.all(ids.map((id) => rowsOf(id)))
        return all.every((rows) => rows[0]?.deliveries >= 3) ? all.map((rows) => rows.map((r) => r.deliveries)) : null
      }, "three deliveries on every row")
      expect(counts).toEqual(ids.map(() => [3]))
      expect(await rowsOf(`${payOrderId}BIG`)).toHaveLength(0)
    })

    it("answers FAIL (5xx) when the notify cannot be stored, so IOTPay sends it again", async () => {
      const { cart, payOrderId, body } = await paidAndGone()
      await sql(getContainer(), `ALTER TABLE iotpay_notify RENAME TO iotpay_notify_away`)
      try {
        const answer = await postNotify(stack.medusaUrl, body)
        expect(answer.status).toBeGreaterThanOrEqual(500)
        expect(answer.body).toMatch(/^FAIL: /)
      } finally {
        await sql(getContainer(), `ALTER TABLE iotpay_notify_away RENAME TO iotpay_notify`)
      }
      // Not stored, so not handed on: nothing can still be on its way.
      expect(await rowsOf(payOrderId)).toHaveLength(0)
      expect(runs().count(payOrderId)).toEqual({ emitted: 0, finished: 0 })
      expect(await ordersOfCart(cart.id)).toHaveLength(0)
      expect(await postNotify(stack.medusaUrl, body)).toEqual({ status: 200, body: "SUCCESS" }) // IOTPay's resend
      await waitFor(async () => (await ordersOfCart(cart.id)).length > 0, "the order from the resend")
      expect((await rowsOf(payOrderId))[0].deliveries).toBe(1)
    })

    it("re-drives a row that was answered SUCCESS but never processed (its event was lost)", async () => {
      const { cart, payOrderId, body } = await paidAndGone()
      // What the route does before SUCCESS, with the event then lost: only the row exists.
      const parsed = parseNotify(body, MERCHANT)
      if (!parsed.ok) throw new Error(parsed.reason)
      const { record } = parsed
      const row = await notifyInbox(getContainer()).recordDelivery({ configId: "iotpay", record })
      expect(await redriveIotpayNotifies(getContainer())).toEqual({ redriven: 0 }) // younger than a minute: left alone
      await sql(getContainer(), `UPDATE iotpay_notify SET updated_at = now() - interval '2 minutes' WHERE id = ?`, [
        row.id,
      ])
      expect(await redriveIotpayNotifies(getContainer())).toEqual({ redriven: 1 })
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
      const [after] = await rowsOf(payOrderId)
      expect([after.outcome, after.redrives, Boolean(after.processed_at)]).toEqual(["order_created", 1, true])
      // Processed rows are never re-driven again.
      await sql(getContainer(), `UPDATE iotpay_notify SET updated_at = now() - interval '2 minutes' WHERE id = ?`, [
        row.id,
      ])
      expect(await redriveIotpayNotifies(getContainer())).toEqual({ redriven: 0 })
    })

    it("counts copies of a notify already carried through without a write per copy, and keeps the count", async () => {
      const { cart, payOrderId, body } = await paidAndGone()
      expect(await postNotify(stack.medusaUrl, body)).toEqual({ status: 200, body: "SUCCESS" })
      await waitFor(async () => (await rowsOf(payOrderId))[0]?.outcome === "order_created", "the outcome on the row")
      // The first copy after the outcome learns it from Postgres; the next 30, all at once, are answered from memory.
      expect(await postNotify(stack.medusaUrl, body)).toEqual({ status: 200, body: "SUCCESS" })
      const answers = await Promise.all(Array.from({ length: 30 }, () => postNotify(stack.medusaUrl, body)))
      expect(answers.every((a) => a.status === 200 && a.body === "SUCCESS")).toBe(true)
      const [row, ...others] = await waitFor(async () => {
        const rows = await rowsOf(payOrderId)
        return rows[0]?.deliveries === 32 ? rows : null
      }, "32 deliveries counted")
      expect(others).toHaveLength(0)
      expect(row.outcome).toBe("order_created")
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
    })
  },
})
