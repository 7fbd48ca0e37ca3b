import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { paymentLockKey } from "../../src/lib/money/payment-lock"
import { inboxRows } from "../helpers/inbox"
import { notifyFields, postNotify, signed } from "../helpers/notify"
import { MERCHANT, STOREFRONT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { postV1Notify, signedV1Notify } from "../helpers/v1-notify"
import { useSeededStore } from "../helpers/seeded-store"

jest.setTimeout(240_000)

// Lost answers must surface within the test: IOTPay's client gives up after this long (headers and body).
process.env.IOTPAY_HTTP_TIMEOUT_MS = "1500"
const stack = useIotpayStack()
const WECHAT = "pp_iotpay-wechat_iotpay"
/** A second entry with the same merchant and key (docs/wallets-v1.md: one per trustedProxies setting). */
const WECHAT_PX = "pp_iotpay-wechat_iotpay-px"
beforeAll(() => {
  process.env.IOTPAY_EXTRA_PROVIDERS = JSON.stringify([{ id: "iotpay-px", trustedProxies: "10.0.0.0/8" }])
})
afterAll(() => {
  delete process.env.IOTPAY_EXTRA_PROVIDERS
})
const SHOPPER = { return_url: `${STOREFRONT}/checkout/iotpay-return`, client_ip: "203.0.113.7" }

/**
 * Issue 22: every path that changes a payment's IOTPay state (admin refund and cancel, capture, the reconcile job,
 * notifies) serialises on the payment session's lock and keeps its entries in a ledger no stale write-back erases.
 * Each case runs two paths at once through Medusa's HTTP API and the job, then checks both sides: every entry kept in
 * the payment's data, and the money moved exactly once at the sandbox.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, paidOrder, orderPayment } = useSeededStore(
      { api, getContainer },
      { providers: [WECHAT, WECHAT_PX] }
    )

    beforeEach(() => stack.sandbox.clearFaults())

    const paymentData = async (paymentId: string) =>
      (await api.get(`/admin/payments/${paymentId}?fields=+data`, admin)).data.payment.data
    const cardReversals = (payOrderId: string) => stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId)
    const wechatRefunds = (payOrderId: string) =>
      stack.sandbox.v1.orders().filter((o) => o.sandbox.kind === "refund" && (o as any).payOrderId === payOrderId)
    /** Cents of sandbox reversals (V3 `amount`, v1 `refundAmount`) or of the payment's entries (`amountCents`). */
    const amounts = (rows: any[]): number[] =>
      rows.map((r) => r.refundAmount ?? r.amountCents ?? r.amount).sort((a: number, b: number) => a - b)
    const statuses = (data: any) =>
      Object.fromEntries((data.reversals ?? []).map((r: any) => [r.mchRefundNo, r.status]))

    /** True once some path holds this payment session's lock (a probe acquire fails while it is held). */
    async function lockHeld(sessionId: string): Promise<boolean> {
      const locking = getContainer().resolve(Modules.LOCKING)
      try {
        await locking.acquire(paymentLockKey(sessionId), { ownerId: "probe", expire: 1 })
      } catch {
        return true
      }
      await locking.release(paymentLockKey(sessionId), { ownerId: "probe" })
      return false
    }

    /**
     * Starts a reconcile run and answers once it holds this payment session's lock (a fault makes it slow); the run
     * comes back wrapped, so awaiting this does not await the run itself.
     */
    async function reconcileHoldingLock(sessionId: string) {
      const run = reconcileIotpayPayments(getContainer())
      await waitFor(() => lockHeld(sessionId), "the reconcile to hold the payment's lock", 20_000, 20)
      return { run }
    }

    /**
     * Two refunds of one payment at once: an admin's and one from another caller of Medusa's payment module (a
     * workflow, a plugin, a second admin whose request Medusa's order-change guard would otherwise turn away).
     */
    async function refundTwiceAtOnce(paymentId: string) {
      const payments = getContainer().resolve(Modules.PAYMENT)
      const [byAdmin] = await Promise.all([
        api.post(`/admin/payments/${paymentId}/refund`, { amount: 3 }, admin),
        payments.refundPayment({ payment_id: paymentId, amount: 4 }),
      ])
      expect(byAdmin.status).toBe(200)
      const { refunds } = await payments.retrievePayment(paymentId, { relations: ["refunds"] })
      expect(refunds!.map((r) => Number(r.amount)).sort()).toEqual([3, 4])
    }

    async function capturedCardOrder() {
      const paid = await paidOrder()
      await api.post(`/admin/payments/${paid.payment.id}/capture`, {}, admin)
      return paid
    }

    async function capturedWechatOrder() {
      const cart = await sf.cart()
      const session = await sf.paymentSession(cart.id, WECHAT, SHOPPER)
      stack.sandbox.v1.act(session.data.mchOrderNo, "approve")
      const [orderId] = await waitFor(async () => {
        const ids = await ordersOfCart(getContainer(), cart.id)
        return ids.length ? ids : null
      }, "the order the WeChat notify makes")
      // The cart's order link is written before the payment is linked to the order: wait for the payment itself.
      const payment = await waitFor(async () => (await orderPayment(orderId).catch(() => null))?.payment, "the payment")
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      return { orderId, payment, session }
    }

    const API = {
      cards: { order: capturedCardOrder, refundEndpoint: "cc_refund", refundsAt: cardReversals },
      "WeChat Pay": { order: capturedWechatOrder, refundEndpoint: "refund_order", refundsAt: wechatRefunds },
    }

    it.each(Object.keys(API) as (keyof typeof API)[])(
      "%s: two refunds at once (an admin's and another caller's) both keep their entry; IOTPay refunds each once",
      async (name) => {
        const { order, refundEndpoint, refundsAt } = API[name]
        const { payment } = await order()
        const payOrderId = payment.data.payOrderId
        // Each refund spends a while at IOTPay, so without a shared lock both read the same data and one is erased.
        stack.sandbox.addFault({ endpoint: refundEndpoint, latencyMs: 700, times: 2 })
        await refundTwiceAtOnce(payment.id)
        expect(amounts(refundsAt(payOrderId))).toEqual([300, 400])
        // IOTPay's own figure for the card payment (v1 reports none).
        if (name === "cards") expect(stack.sandbox.order(payOrderId)!.refundable).toBe(payment.data.amountCents - 700)
        const data = await paymentData(payment.id)
        expect(Object.values(statuses(data))).toEqual([2, 2])
        expect(amounts(data.reversals)).toEqual([300, 400])
        // Both are still there for the next refund: IOTPay's figure and the records agree.
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 1 }, admin)
        expect(amounts(refundsAt(payOrderId))).toEqual([100, 300, 400])
      }
    )

    /** Per API: where its refunds and refund look-ups go, and how the sandbox settles a pending refund later. */
    const SETTLING = {
      cards: {
        query: "cc_query",
        settle: (mchRefundNo: string) => stack.sandbox.settleReversal({ mchRefundNo, status: 2 }),
      },
      "WeChat Pay": {
        query: "query_refund_order",
        settle: (mchRefundNo: string) => stack.sandbox.v1.settleRefund(mchRefundNo, 2),
      },
    }

    it.each(Object.keys(API) as (keyof typeof API)[])(
      "%s: an admin refund whose answer is lost while the reconcile settles another keeps both; nothing doubles",
      async (name) => {
        const { order, refundEndpoint, refundsAt } = API[name]
        const { query, settle } = SETTLING[name]
        const { payment } = await order()
        const payOrderId = payment.data.payOrderId
        stack.sandbox.addFault({ endpoint: refundEndpoint, resultStatus: 0 })
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
        const pending = (await paymentData(payment.id)).reversals[0]
        expect(pending.status).toBe(0)
        settle(pending.mchRefundNo)

        // The reconcile asks IOTPay slowly and holds the payment's lock while the admin refunds 4.00.
        stack.sandbox.addFault({ endpoint: query, latencyMs: 1200, times: 1 })
        const { run: reconcile } = await reconcileHoldingLock(payment.data.session_id)
        stack.sandbox.addFault({ endpoint: refundEndpoint, commitThenHang: true })
        const refund = api.post(`/admin/payments/${payment.id}/refund`, { amount: 4 }, admin)
        // Once IOTPay has the refund (its answer hangs), asking about it fails too: its outcome stays unknown.
        await waitFor(async () => refundsAt(payOrderId).length === 2, "IOTPay to commit the refund", 20_000, 20)
        stack.sandbox.addFault({ endpoint: query, systemError: true, times: 0 })
        await reconcile
        expect((await refund).status).toBe(200)
        stack.sandbox.clearFaults()

        let data = await paymentData(payment.id)
        const lost = data.reversals.find((r: any) => r.mchRefundNo !== pending.mchRefundNo)
        expect(lost).toMatchObject({ amountCents: 400, status: null })
        expect(statuses(data)[pending.mchRefundNo]).toBe(2)
        // The next run settles the lost one by asking IOTPay; nothing is sent again.
        await reconcileIotpayPayments(getContainer())
        data = await paymentData(payment.id)
        expect(statuses(data)).toEqual({ [pending.mchRefundNo]: 2, [lost.mchRefundNo]: 2 })
        expect(amounts(refundsAt(payOrderId))).toEqual([400, 500])
        if (name === "cards") expect(stack.sandbox.order(payOrderId)!.refundable).toBe(payment.data.amountCents - 900)
        // Medusa recorded both refunds, each once.
        const payments = getContainer().resolve(Modules.PAYMENT)
        const { refunds } = await payments.retrievePayment(payment.id, { relations: ["refunds"] })
        expect(refunds!.map((r) => Number(r.amount)).sort()).toEqual([4, 5])
      }
    )

    it("cards: a cancel during the reconcile keeps the settled refund and returns only what is left, once", async () => {
      const { order, payment } = await capturedCardOrder()
      const payOrderId = payment.data.payOrderId
      stack.sandbox.addFault({ endpoint: "cc_refund", resultStatus: 0 })
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
      const pending = (await paymentData(payment.id)).reversals[0]
      stack.sandbox.settleReversal({ mchRefundNo: pending.mchRefundNo, status: 2 })

      stack.sandbox.addFault({ endpoint: "cc_query", latencyMs: 1200, times: 1 })
      const { run: reconcile } = await reconcileHoldingLock(payment.data.session_id)
      await Promise.all([reconcile, api.post(`/admin/orders/${order.id}/cancel`, {}, admin)])

      const data = await paymentData(payment.id)
      expect(data.owed).toBeUndefined()
      expect(statuses(data)[pending.mchRefundNo]).toBe(2)
      expect(amounts(data.reversals)).toEqual([500, payment.data.amountCents - 500])
      expect(amounts(cardReversals(payOrderId))).toEqual([500, payment.data.amountCents - 500])
      expect(stack.sandbox.order(payOrderId)!.refundable).toBe(0)
    })

    it("WeChat Pay: a cancel while the reconcile settles a lost-answer refund keeps it and refunds the rest once", async () => {
      const { orderId, payment } = await capturedWechatOrder()
      const payOrderId = payment.data.payOrderId
      stack.sandbox.addFault({ endpoint: "refund_order", commitThenHang: true })
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
      const lost = (await paymentData(payment.id)).reversals[0]
      expect(lost).toMatchObject({ amountCents: 500, status: null })

      stack.sandbox.addFault({ endpoint: "query_refund_order", latencyMs: 1200, times: 1 })
      const { run: reconcile } = await reconcileHoldingLock(payment.data.session_id)
      await Promise.all([reconcile, api.post(`/admin/orders/${orderId}/cancel`, {}, admin)])

      const data = await paymentData(payment.id)
      expect(data.owed).toBeUndefined()
      expect(statuses(data)[lost.mchRefundNo]).toBe(2)
      expect(amounts(data.reversals)).toEqual([500, payment.data.amountCents - 500])
      expect(amounts(wechatRefunds(payOrderId))).toEqual([500, payment.data.amountCents - 500])
    })

    /** The line items' stock reservations are gone: the cancel has reached its payment step (they run together). */
    async function reservationsGone(orderId: string) {
      const { data } = await api.get(`/admin/orders/${orderId}?fields=items.id`, admin)
      const inventory = getContainer().resolve(Modules.INVENTORY)
      const left = await inventory.listReservationItems({ line_item_id: data.order.items.map((i: any) => i.id) })
      return left.length === 0
    }

    /** A card order made by the shopper's return; IOTPay's notify (dropped by the sandbox) is the test's to send. */
    async function cardOrderAwaitingNotify() {
      stack.sandbox.addFault({ notify: "drop", times: 0 })
      const { cart, order, payment } = await paidOrder()
      const payOrderId = payment.data.payOrderId
      const notify = () =>
        postNotify(stack.medusaUrl, signed(notifyFields(stack.sandbox, payOrderId), MERCHANT.secretKey))
      return { cartId: cart.id, orderId: order.id, payment, payOrderId, notify, ok: "SUCCESS" }
    }

    /** The same for WeChat Pay: the shopper approves, the storefront completes the cart, the notify is held back. */
    async function wechatOrderAwaitingNotify() {
      stack.sandbox.addFault({ notify: "drop", times: 0 })
      const cart = await sf.cart()
      const session = await sf.paymentSession(cart.id, WECHAT, SHOPPER)
      stack.sandbox.v1.act(session.data.mchOrderNo, "approve")
      const done = await sf.complete(cart.id)
      if (done.type !== "order") throw new Error(`cart not completed: ${done.error.message}`)
      const { payment } = await orderPayment(done.order.id)
      const payOrderId = stack.sandbox.v1.order(session.data.mchOrderNo)!.payOrderId
      const notify = () => postV1Notify(stack.medusaUrl, signedV1Notify(stack.sandbox, payOrderId, MERCHANT.secretKey))
      return { cartId: cart.id, orderId: done.order.id, payment, payOrderId, notify, ok: "success" }
    }

    const DURING_NOTIFY = {
      cards: { order: cardOrderAwaitingNotify, reversalsAt: cardReversals, kind: "void" },
      "WeChat Pay": { order: wechatOrderAwaitingNotify, reversalsAt: wechatRefunds, kind: "refund" },
    }

    it.each(Object.keys(DURING_NOTIFY) as (keyof typeof DURING_NOTIFY)[])(
      "%s: a cancel while the payment's notify is processed waits for it, then gives the money back once",
      async (name) => {
        const { order, reversalsAt, kind } = DURING_NOTIFY[name]
        const { cartId, orderId, payment, payOrderId, notify, ok } = await order()
        stack.sandbox.clearFaults()
        const sessionId = payment.data.session_id
        // Holding the cart's lock stalls Medusa's processPaymentWorkflow inside the notify, which by then holds the
        // payment's lock: the notify stays mid-processing until the test lets the cart go.
        const locking = getContainer().resolve(Modules.LOCKING)
        await locking.acquire(cartId, { ownerId: "test-cart", expire: 60 })
        let cancel: Promise<{ status: number }> | undefined
        try {
          expect(await notify()).toEqual({ status: 200, body: ok })
          await waitFor(() => lockHeld(sessionId), "the notify to hold the payment's lock", 20_000, 20)
          cancel = api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
          await waitFor(() => reservationsGone(orderId), "the cancel to reach its payment step", 20_000, 50)
          // The cancel is waiting for the notify: the lock is still the notify's and nothing has reached IOTPay.
          expect(await lockHeld(sessionId)).toBe(true)
          expect(reversalsAt(payOrderId)).toHaveLength(0)
        } finally {
          await locking.release(cartId, { ownerId: "test-cart" })
        }
        expect((await cancel!).status).toBe(200)
        const [row] = await waitFor(async () => {
          const rows = await inboxRows(getContainer(), payOrderId)
          return rows[0]?.outcome ? rows : null
        }, "the notify's verdict on its inbox row")
        expect(row.outcome).toBe("already_applied")

        // Money moved once at IOTPay: one void (cards) or one refund of the whole (v1's cancel).
        const atIotpay = reversalsAt(payOrderId)
        expect(atIotpay).toHaveLength(1)
        expect(amounts(atIotpay)).toEqual([payment.data.amountCents])
        if (name === "cards") expect(stack.sandbox.order(payOrderId)!.refundable).toBe(0)
        // Every entry kept, nothing owed; Medusa shows the payment canceled with no refunds and the order canceled.
        const data = await paymentData(payment.id)
        expect(data.reversals).toHaveLength(1)
        expect(data.reversals[0]).toMatchObject({ kind, status: 2, amountCents: payment.data.amountCents })
        expect(data.owed).toBeUndefined()
        const payments = getContainer().resolve(Modules.PAYMENT)
        const after = await payments.retrievePayment(payment.id, { relations: ["refunds"] })
        expect(after.canceled_at).not.toBeNull()
        expect(after.refunds).toHaveLength(0)
        const { data: shown } = await api.get(`/admin/orders/${orderId}`, admin)
        expect(shown.order.status).toBe("canceled")
      }
    )

    it("cards: a double-clicked cancel voids once", async () => {
      const { order, payment } = await paidOrder()
      const payOrderId = payment.data.payOrderId
      stack.sandbox.addFault({ endpoint: "cc_void", latencyMs: 700, times: 2 })
      await Promise.allSettled([
        api.post(`/admin/orders/${order.id}/cancel`, {}, admin),
        api.post(`/admin/orders/${order.id}/cancel`, {}, admin),
      ])
      const { data: after } = await api.get(`/admin/orders/${order.id}`, admin)
      expect(after.order.status).toBe("canceled")
      expect(cardReversals(payOrderId)).toHaveLength(1)
      expect(stack.sandbox.order(payOrderId)!.refundable).toBe(0)
      const data = await paymentData(payment.id)
      expect(data.reversals).toHaveLength(1)
      expect(data.reversals[0]).toMatchObject({ kind: "void", status: 2 })
      expect(data.owed).toBeUndefined()
    })

    it("WeChat Pay: a double-clicked cancel refunds once", async () => {
      const { orderId, payment } = await capturedWechatOrder()
      const payOrderId = payment.data.payOrderId
      stack.sandbox.addFault({ endpoint: "refund_order", latencyMs: 700, times: 2 })
      await Promise.allSettled([
        api.post(`/admin/orders/${orderId}/cancel`, {}, admin),
        api.post(`/admin/orders/${orderId}/cancel`, {}, admin),
      ])
      expect(amounts(wechatRefunds(payOrderId))).toEqual([payment.data.amountCents])
      const data = await paymentData(payment.id)
      expect(amounts(data.reversals)).toEqual([payment.data.amountCents])
      expect(data.owed).toBeUndefined()
    })

    it("WeChat Pay: the give-back of an attempt deletePayment already refunded sends nothing more", async () => {
      const cart = await sf.cart()
      const first = await sf.paymentSession(cart.id, WECHAT, SHOPPER)
      stack.sandbox.addFault({ notify: "drop", times: 0 })
      stack.sandbox.v1.act(first.data.mchOrderNo, "approve")
      const payOrderId = stack.sandbox.v1.order(first.data.mchOrderNo)!.payOrderId
      // The storefront starts over: Medusa deletes the paid session and deletePayment refunds it in full.
      await sf.paymentSession(cart.id, WECHAT, SHOPPER)
      expect(amounts(wechatRefunds(payOrderId))).toEqual([first.data.amountCents])
      // From here any refund_order fails: a give-back that sent one would leave the money owed.
      stack.sandbox.clearFaults()
      stack.sandbox.addFault({ endpoint: "refund_order", systemError: true, times: 0 })
      // IOTPay's notify for the old attempt arrives now: its session is gone, so it goes to the give-back.
      const sent = await postV1Notify(stack.medusaUrl, signedV1Notify(stack.sandbox, payOrderId, MERCHANT.secretKey))
      expect(sent).toEqual({ status: 200, body: "success" })
      const [row] = await waitFor(async () => {
        const rows = await inboxRows(getContainer(), payOrderId)
        return rows[0]?.outcome ? rows : null
      }, "the give-back's verdict on the inbox row")
      expect(row.outcome).toBe("not_applied")
      expect(row.outcome_detail).toMatch(/; nothing left to return$/)
      expect(amounts(wechatRefunds(payOrderId))).toEqual([first.data.amountCents])
      expect(await ordersOfCart(getContainer(), cart.id)).toHaveLength(0)
    })

    it("refuses a partial capture in the provider itself, for a caller that is not the admin route", async () => {
      const { payment } = await paidOrder()
      const payments = getContainer().resolve(Modules.PAYMENT)
      await expect(payments.capturePayment({ payment_id: payment.id, amount: 10 })).rejects.toThrow(
        /can't be partially captured.*Capture the full amount, then refund 18\.24 CAD/
      )
      expect((await payments.retrievePayment(payment.id, { relations: ["captures"] })).captures).toHaveLength(0)
      await payments.capturePayment({ payment_id: payment.id })
      const whole = await payments.retrievePayment(payment.id, { relations: ["captures"] })
      expect(whole.captures).toHaveLength(1)
      expect(whole.captured_at).not.toBeNull()
    })

    it("each entry gives IOTPay its own notify URL, even when two entries share the merchant's credentials", async () => {
      const cart = await sf.cart()
      const px = await sf.paymentSession(cart.id, WECHAT_PX, SHOPPER)
      expect((stack.sandbox.v1.order(px.data.mchOrderNo) as any).notifyUrl).toBe(
        `${stack.medusaUrl}/hooks/iotpay/iotpay-px`
      )
      const other = await sf.cart()
      const main = await sf.paymentSession(other.id, WECHAT, SHOPPER)
      expect((stack.sandbox.v1.order(main.data.mchOrderNo) as any).notifyUrl).toBe(
        `${stack.medusaUrl}/hooks/iotpay/iotpay`
      )
    })

    it("a signed card notify carrying backType=2 is a card notify: accepted (SUCCESS), never read as v1", async () => {
      const { payment } = await paidOrder()
      const payOrderId = payment.data.payOrderId
      const body = signed({ ...notifyFields(stack.sandbox, payOrderId), backType: 2 }, MERCHANT.secretKey)
      expect(await postNotify(stack.medusaUrl, body)).toEqual({ status: 200, body: "SUCCESS" })
      // The sandbox's own notify made the order; this copy is counted on the same card notify's row.
      const [row] = await waitFor(async () => {
        const found = await inboxRows(getContainer(), payOrderId)
        return found.length === 1 && found[0].deliveries >= 2 && found[0].outcome ? found : null
      }, "the copy counted on the card notify's inbox row, and its verdict")
      expect(row.status).toBe(2)
      expect(["order_created", "already_applied"]).toContain(row.outcome)
      expect(await postNotify(stack.medusaUrl, { ...body, amount: 1 })).toMatchObject({ status: 401 })
    })
  },
})
