import { createServer } from "node:net"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { notifyInbox } from "../../src/lib/notify/notify-inbox"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { inboxRows } from "../helpers/inbox"
import { notifyFields, postNotify, signed } from "../helpers/notify"
import { MERCHANT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"

jest.setTimeout(180_000)

const stack = useIotpayStack()

const WRONG_KEY = "not-the-merchant-secret-key"
/** A port nothing listens on: taken, then released before Medusa boots. */
let closedPort = 0

// More provider entries (medusa-config's IOTPAY_EXTRA_PROVIDERS), set after useIotpayStack's env and before Medusa
// boots: the same sandbox with a wrong secret key and with an unknown merchant, a host nothing answers on, and
// IOTPay's production and test hosts (only listed, never called here).
beforeAll(async () => {
  closedPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
  process.env.IOTPAY_EXTRA_PROVIDERS = JSON.stringify([
    { id: "iotpay-wrongkey", secretKey: WRONG_KEY },
    { id: "iotpay-wrongmch", merchantId: "99999999", secretKey: "another-wrong-key" },
    { id: "iotpay-offline", secretKey: "offline-key", apiBase: `http://127.0.0.1:${closedPort}/v3` },
    { id: "iotpay-live", secretKey: "live-key", apiBase: "https://ccapi.iotpaycloud.com/v3", autoCapture: true },
    { id: "iotpay-test", secretKey: "test-key", apiBase: "https://ccdev.iotpaycloud.com/v3" },
  ])
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, paidOrder } = useSeededStore({ api, getContainer })

    beforeEach(async () => {
      stack.sandbox.clearFaults()
    })

    const testConnection = async (id: string) =>
      (await api.post(`/admin/iotpay/providers/${id}/test-connection`, {}, admin)).data.check
    const paymentData = async (paymentId: string) =>
      (await api.get(`/admin/payments/${paymentId}?fields=+data`, admin)).data.payment.data

    it("lists every IOTPay entry with its mode, notify URL, channel and provider ids, never a secret key", async () => {
      const anonymous = await api.get("/admin/iotpay/providers").catch((e: any) => e.response)
      expect(anonymous.status).toBe(401)

      const { data } = await api.get("/admin/iotpay/providers", admin)
      const byId = Object.fromEntries(data.providers.map((p: any) => [p.id, p]))
      expect(Object.keys(byId).sort()).toEqual([
        "iotpay",
        "iotpay-live",
        "iotpay-offline",
        "iotpay-test",
        "iotpay-upi",
        "iotpay-wrongkey",
        "iotpay-wrongmch",
      ])
      expect(byId.iotpay).toEqual({
        id: "iotpay",
        merchantId: MERCHANT.merchantId,
        loginName: MERCHANT.loginName,
        apiBase: stack.sandbox.apiBase,
        mode: "sandbox",
        notifyUrl: `${stack.medusaUrl}/hooks/iotpay/iotpay`,
        channel: "PF_CC",
        channelField: "channel",
        autoCapture: false,
        pciCompliant: false,
        verifyResponseSignatures: "if-present",
        secretKeySet: true,
        services: [
          {
            providerId: "pp_iotpay_iotpay",
            what: "hosted card page, saved cards",
            channels: ["PF_CC"],
            currencies: ["CAD"],
          },
          {
            providerId: "pp_iotpay-wallet_iotpay",
            what: "Apple Pay / Google Pay",
            channels: ["CC_CA", "CC_CG"],
            currencies: ["CAD"],
          },
        ],
      })
      expect(byId["iotpay-upi"]).toMatchObject({
        channel: "UPI_EX",
        mode: "sandbox",
        services: [{ providerId: "pp_iotpay_iotpay-upi", what: "UnionPay ExpressPay" }, {}],
      })
      expect(byId["iotpay-live"]).toMatchObject({ mode: "live", autoCapture: true })
      expect(byId["iotpay-test"]).toMatchObject({ mode: "test" })
      const text = JSON.stringify(data)
      for (const secret of [
        MERCHANT.secretKey,
        WRONG_KEY,
        "another-wrong-key",
        "offline-key",
        "live-key",
        "test-key",
      ]) {
        expect(text).not.toContain(secret)
      }
    })

    it('Test connection: credentials accepted when IOTPay answers "no such order" to a signed cc_query', async () => {
      const before = stack.sandbox.orders().length
      const check = await testConnection("iotpay")
      expect(check).toMatchObject({
        providerId: "iotpay",
        outcome: "accepted",
        errorCode: "0112",
        url: `${stack.sandbox.apiBase}/cc_query`,
      })
      expect(check.message).toMatch(/credentials accepted/i)
      expect(check.mchOrderNo.length).toBeLessThanOrEqual(30)
      expect(stack.sandbox.orders()).toHaveLength(before) // a query changes nothing
      // The UPI_EX entry has the same credentials.
      expect((await testConnection("iotpay-upi")).outcome).toBe("accepted")
    })

    it('Test connection: a wrong secret key or merchant id is "signature refused"', async () => {
      const wrongKey = await testConnection("iotpay-wrongkey")
      expect(wrongKey).toMatchObject({ outcome: "signature_refused", errorCode: "0013" })
      expect(wrongKey.message).toMatch(/signature refused/i)
      expect(JSON.stringify(wrongKey)).not.toContain(WRONG_KEY)
      const wrongMerchant = await testConnection("iotpay-wrongmch")
      expect(wrongMerchant).toMatchObject({ outcome: "signature_refused", errorCode: "0015" })
    })

    it('Test connection: nothing listening is "unreachable" with the URL; a system error is an unexpected answer', async () => {
      const offline = await testConnection("iotpay-offline")
      expect(offline).toMatchObject({ outcome: "unreachable", url: `http://127.0.0.1:${closedPort}/v3/cc_query` })
      expect(offline.ms).toBeLessThan(15_000)

      stack.sandbox.addFault({ endpoint: "cc_query", systemError: true })
      const odd = await testConnection("iotpay")
      expect(odd).toMatchObject({ outcome: "unexpected", errorCode: "0010" })
      expect(odd.detail).toMatch(/system error/i)
      stack.sandbox.addFault({ endpoint: "cc_query", http500: true })
      expect(await testConnection("iotpay")).toMatchObject({ outcome: "unexpected", detail: "HTTP status 500" })
    })

    it("Test connection: 404 for an id that is not an IOTPay entry, 401 without an admin", async () => {
      const unknown = await api
        .post("/admin/iotpay/providers/nope/test-connection", {}, admin)
        .catch((e: any) => e.response)
      expect(unknown.status).toBe(404)
      const anonymous = await api
        .post("/admin/iotpay/providers/iotpay/test-connection", {})
        .catch((e: any) => e.response)
      expect(anonymous.status).toBe(401)
      const activity = await api.get("/admin/iotpay/activity").catch((e: any) => e.response)
      expect(activity.status).toBe(401)
    })

    it("the order timeline: created, authorized, captured, each refund with its number and status, oldest first", async () => {
      const { order, payment, session } = await paidOrder()
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
      stack.sandbox.addFault({ endpoint: "cc_refund", resultStatus: 0, times: 2 })
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 3 }, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 1 }, admin)
      const data = await paymentData(payment.id)
      const [done, pending, later] = data.reversals
      expect(data.reversals.map((r: any) => r.status)).toEqual([2, 0, 0])

      const { data: panel } = await api.get(`/admin/iotpay/orders/${order.id}`, admin)
      // IOTPay's notify of this purchase is in the timeline too (asserted on its own below and in the notify test).
      const notifyEntries = panel.payments[0].timeline.filter((e: any) => e.kind === "notify")
      expect(notifyEntries.map((e: any) => e.number)).toEqual([data.payOrderId])
      const timeline = panel.payments[0].timeline.filter((e: any) => e.kind !== "notify")
      expect(timeline.map((e: any) => [e.kind, e.state ?? null, e.number ?? null, e.amount ?? null])).toEqual([
        ["created", null, session.data.mchOrderNo, "28.24 CAD"],
        ["authorized", "done", data.payOrderId, null],
        ["captured", "done", null, null],
        ["refund", "done", done.mchRefundNo, "5.00 CAD"],
        ["refund", "pending", pending.mchRefundNo, "3.00 CAD"],
        ["refund", "pending", later.mchRefundNo, "1.00 CAD"],
      ])
      expect(timeline[0].detail).toBe(
        `mchOrderNo ${session.data.mchOrderNo} · 28.24 CAD (Medusa 28.2387) · hosted card page`
      )
      expect(timeline[1].detail).toContain("424242******4242")
      expect(timeline[4].detail).toMatch(/pending at IOTPay, being settled/)
      const times = timeline.map((e: any) => Date.parse(e.at))
      expect(times.every((t: number) => !Number.isNaN(t))).toBe(true)
      expect([...times].sort((a, b) => a - b)).toEqual(times)

      // The activity lists the payment while its refunds are open in Medusa's records.
      const { data: act } = await api.get("/admin/iotpay/activity", admin)
      expect(act.activity.inbox.available).toBe(true) // the notify inbox module is registered in this app
      const row = act.activity.attention.find((p: any) => p.paymentId === payment.id)
      expect(row).toMatchObject({
        orderId: order.id,
        payOrderId: data.payOrderId,
        reversals: { done: 1, pending: 2, unknown: 0, failed: 0 },
        open: [
          { kind: "refund", mchRefundNo: pending.mchRefundNo, amount: "3.00 CAD", state: "pending" },
          { kind: "refund", mchRefundNo: later.mchRefundNo, amount: "1.00 CAD", state: "pending" },
        ],
        owed: null,
      })

      // Settled at IOTPay after the fact (one done, one failed): the timeline shows IOTPay's live answer.
      stack.sandbox.settleReversal({ mchRefundNo: pending.mchRefundNo, status: 2 })
      stack.sandbox.settleReversal({ mchRefundNo: later.mchRefundNo, status: 9 })
      const { data: after } = await api.get(`/admin/iotpay/orders/${order.id}`, admin)
      after.payments[0].timeline = after.payments[0].timeline.filter((e: any) => e.kind !== "notify")
      expect(after.payments[0].timeline.slice(4).map((e: any) => [e.number, e.state])).toEqual([
        [pending.mchRefundNo, "done"],
        [later.mchRefundNo, "failed"],
      ])
      expect(after.payments[0].timeline[5].detail).toMatch(/failed at IOTPay, nothing moved/)
      expect(act.activity.recent.map((p: any) => p.paymentId)).toContain(payment.id)
    })

    it("the order timeline shows what a failed cancel still owes, from the payment's data even while IOTPay fails", async () => {
      const { order, payment } = await paidOrder()
      stack.sandbox.addFault({ endpoint: "cc_query", systemError: true, times: 0 })
      await api.post(`/admin/orders/${order.id}/cancel`, {}, admin)
      const data = await paymentData(payment.id)
      expect(data.owed).toMatchObject({ attempts: 1 })

      const { data: panel } = await api.get(`/admin/iotpay/orders/${order.id}`, admin)
      const view = panel.payments[0]
      expect(view.error).toMatch(/IOTPay could not be asked/)
      const owed = view.timeline.find((e: any) => e.kind === "owed")
      expect(owed).toMatchObject({ state: "owed", amount: "28.24 CAD" })
      expect(owed.detail).toContain("28.24 CAD not yet confirmed returned")
      expect(owed.detail).toContain("1 attempt")
      expect(view.timeline[0].kind).toBe("created")
      expect(view.timeline.map((e: any) => e.kind)).toContain("canceled")

      const { data: act } = await api.get("/admin/iotpay/activity", admin)
      const row = act.activity.attention.find((p: any) => p.paymentId === payment.id)
      expect(row.owed).toMatchObject({ attempts: 1, amount: "28.24 CAD" })
      stack.sandbox.clearFaults()
    })

    const activity = async (query = "") => (await api.get(`/admin/iotpay/activity${query}`, admin)).data.activity

    /** Pays on the hosted page and leaves the cart alone: the notify alone makes the order. */
    async function notifyOnlyOrder() {
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.visa)
      const [orderId] = await waitFor(async () => {
        const ids = await ordersOfCart(getContainer(), cart.id)
        return ids.length ? ids : null
      }, "the order made from the notify")
      const payOrderId = stack.sandbox.orders().find((o: any) => o.mchOrderNo === session.data.mchOrderNo)!.payOrderId
      const [row] = await waitFor(async () => {
        const rows = await inboxRows(getContainer(), payOrderId)
        return rows.length && rows[0].outcome ? rows : null
      }, "the notify's outcome")
      return { cart, session, orderId, payOrderId, row }
    }

    it("Activity: the notify inbox newest first, filtered by outcome, each notify linked to its order or cart", async () => {
      const notified = await notifyOnlyOrder()
      expect(notified.row).toMatchObject({ outcome: "order_created", deliveries: 1 })

      // A notify kept in the inbox for a cart never completed, not processed yet: linked to its cart and session.
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      const pending = `P-admin-${Date.now()}`
      await notifyInbox(getContainer()).recordDelivery({
        configId: "iotpay",
        record: { payOrderId: pending, mchOrderNo: session.data.mchOrderNo, status: 2, amount: 2824, currency: "CAD" },
      })

      const all = await activity()
      expect(all.inbox).toMatchObject({ available: true, filter: null, offset: 0 })
      expect(Object.keys(all.inbox.counts).sort()).toEqual(
        ["already_applied", "failed", "ignored", "not_applied", "order_created", "unprocessed"].sort()
      )
      expect(all.inbox.total).toBe(Object.values(all.inbox.counts as Record<string, number>).reduce((a, b) => a + b, 0))
      expect(all.inbox.counts.unprocessed).toBeGreaterThanOrEqual(1)
      expect(all.inbox.counts.order_created).toBeGreaterThanOrEqual(1)
      // Newest first: the row recorded last is on top.
      expect(all.inbox.notifies[0]).toMatchObject({
        payOrderId: pending,
        mchOrderNo: session.data.mchOrderNo,
        outcome: "unprocessed",
        processedAt: null,
        deliveries: 1,
        amount: "28.24 CAD",
        order: null,
        cart: { id: cart.id, sessionId: session.id },
      })
      const firsts = all.inbox.notifies.map((n: any) => Date.parse(n.firstReceivedAt))
      expect([...firsts].sort((a, b) => b - a)).toEqual(firsts)

      const created = await activity("?outcome=order_created")
      expect(created.inbox.filter).toBe("order_created")
      expect(created.inbox.total).toBe(all.inbox.counts.order_created)
      expect(created.inbox.notifies.every((n: any) => n.outcome === "order_created")).toBe(true)
      const mine = created.inbox.notifies.find((n: any) => n.payOrderId === notified.payOrderId)
      expect(mine).toMatchObject({
        mchOrderNo: notified.session.data.mchOrderNo,
        status: 2,
        deliveries: 1,
        order: { id: notified.orderId },
      })
      expect(mine.order.displayId).toEqual(expect.any(Number))
      expect(mine.processedAt).not.toBeNull()

      const unprocessed = await activity("?outcome=unprocessed")
      expect(unprocessed.inbox.notifies.map((n: any) => n.payOrderId)).toContain(pending)
      expect(unprocessed.inbox.notifies.every((n: any) => n.outcome === "unprocessed")).toBe(true)
      for (const outcome of ["already_applied", "ignored", "not_applied", "failed"]) {
        const one = await activity(`?outcome=${outcome}`)
        expect(one.inbox.total).toBe(all.inbox.counts[outcome])
        expect(one.inbox.notifies.every((n: any) => n.outcome === outcome)).toBe(true)
      }
      const paged = await activity("?limit=1&offset=1")
      expect(paged.inbox).toMatchObject({ limit: 1, offset: 1, total: all.inbox.total })
      expect(paged.inbox.notifies.map((n: any) => n.id)).toEqual([all.inbox.notifies[1].id])

      const bad = await api.get("/admin/iotpay/activity?outcome=paid", admin).catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/outcome must be one of/)
      // The open/unknown/owed reversal list is still there.
      expect(all.attention).toEqual(expect.any(Array))
      expect(all.recent.map((p: any) => p.orderId)).toContain(notified.orderId)
    })

    it("Activity: the reconcile job's last run (due, asked, recovered, duration) is kept and shown; next run is off here", async () => {
      // A paid session whose notify never came: the run asks IOTPay and recovers it.
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.noNotify)
      const result = await reconcileIotpayPayments(getContainer())
      if (result.skipped) throw new Error("the run was skipped")
      expect(result.recovered).toBeGreaterThanOrEqual(1)

      const { reconcile } = await activity()
      expect(reconcile.lastRun).toEqual({
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
        skipped: false,
        sessions: result.sessions,
        due: result.due,
        asked: result.asked,
        recovered: result.recovered,
        ms: result.ms,
        error: null,
      })
      expect(reconcile.lastCompletedRun).toEqual(reconcile.lastRun)
      expect(Date.parse(reconcile.lastRun.finishedAt)).toBeGreaterThanOrEqual(Date.parse(reconcile.lastRun.startedAt))
      expect(Date.now() - Date.parse(reconcile.lastRun.startedAt)).toBeLessThan(60_000)
      // useIotpayStack sets IOTPAY_RECONCILE=off: the page says the schedule does not run.
      expect(reconcile).toMatchObject({ enabled: false, nextRunAt: null, schedule: "* * * * *" })
      expect(reconcile.note).toMatch(/IOTPAY_RECONCILE=off/)

      // The recovered payment's notify is in the inbox (the run writes what it found there) and makes the order.
      await waitFor(async () => (await ordersOfCart(getContainer(), cart.id)).length > 0, "the recovered order")
    })

    it("Activity: a refund's notify (R… number) is linked to its order, not 'No order'", async () => {
      const { orderId } = await notifyOnlyOrder()
      const { data } = await api.get(`/admin/orders/${orderId}?fields=*payment_collections.payments`, admin)
      const payment = data.order.payment_collections[0].payments[0]
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 1 }, admin)
      const [refund] = (await paymentData(payment.id)).reversals
      expect(refund.mchRefundNo).toMatch(/^R/)
      // IOTPay notifies the refund: its own record, under the refund's number.
      const sent = await postNotify(
        stack.medusaUrl,
        signed(notifyFields(stack.sandbox, refund.payOrderId), MERCHANT.secretKey)
      )
      expect(sent).toEqual({ status: 200, body: "SUCCESS" })
      const notify = await waitFor(async () => {
        const found = (await activity()).inbox.notifies.find((n: any) => n.mchOrderNo === refund.mchRefundNo)
        return found?.outcome !== "unprocessed" ? found : null
      }, "the refund notify in the inbox")
      expect(notify.order).toEqual({ id: orderId, displayId: expect.any(Number) })
    })

    it("the order timeline: a notify-only order shows the notify received (deliveries, outcome) after the purchase", async () => {
      const { orderId, payOrderId, session } = await notifyOnlyOrder()
      // IOTPay delivers the same notify again: one row, two deliveries.
      const again = await postNotify(
        stack.medusaUrl,
        signed(notifyFields(stack.sandbox, payOrderId), MERCHANT.secretKey)
      )
      expect(again.status).toBe(200)

      const { data: panel } = await api.get(`/admin/iotpay/orders/${orderId}`, admin)
      const timeline = panel.payments[0].timeline
      expect(timeline.map((e: any) => e.kind)).toEqual(["created", "notify", "authorized"])
      const notify = timeline[1]
      expect(notify).toMatchObject({
        kind: "notify",
        title: "Notify received",
        number: payOrderId,
        amount: "28.24 CAD",
        deliveries: 2,
        outcome: "order_created",
        state: "done",
      })
      expect(notify.detail).toContain("2 deliveries")
      expect(notify.detail).toContain("order created from it")
      expect(notify.detail).toContain("status 2 (success)")
      expect(timeline[0].number).toBe(session.data.mchOrderNo)
      const times = timeline.map((e: any) => Date.parse(e.at))
      expect([...times].sort((a, b) => a - b)).toEqual(times)
    })
  },
})
