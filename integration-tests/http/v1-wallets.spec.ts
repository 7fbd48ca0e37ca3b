import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { signV1Message } from "../../src/iotpay"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { actOnV1Page } from "../../src/sandbox"
import { inboxRows, processedRow } from "../helpers/inbox"
import { notifyRuns } from "../helpers/notify-runs"
import { panelReversals } from "../helpers/panel"
import { cancelUnderFault } from "../helpers/reversal-outcomes"
import { MERCHANT, STOREFRONT, ordersOfCart as ordersOfCartIn, useIotpayStack, waitFor } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"
import { errorOf } from "../helpers/storefront"

jest.setTimeout(180_000)

const stack = useIotpayStack()
const ALIPAY = "pp_iotpay-alipay_iotpay"
const WECHAT = "pp_iotpay-wechat_iotpay"
const UNIONPAY = "pp_iotpay-unionpay_iotpay"
const SHOPPER = { return_url: `${STOREFRONT}/checkout/iotpay-return`, client_ip: "203.0.113.7" }
/** The three v1 wallets share one refund engine: each money path's test runs for each. */
const WALLETS = [
  ["WeChat Pay", WECHAT],
  ["Alipay", ALIPAY],
  ["UnionPay", UNIONPAY],
]

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, orderPayment, medusaMoney } = useSeededStore(
      { api, getContainer },
      { providers: [ALIPAY, WECHAT, UNIONPAY] }
    )
    const ordersOfCart = (cartId: string) => ordersOfCartIn(getContainer(), cartId)

    const runs = () => notifyRuns(getContainer())
    beforeAll(() => void runs()) // counting starts before the first delivery

    const paymentOf = async (orderId: string) => (await orderPayment(orderId)).payment

    const refundsAt = (payOrderId: string) =>
      stack.sandbox.v1.orders().filter((o) => o.sandbox.kind === "refund" && (o as any).payOrderId === payOrderId)

    /**
     * The order made from `cartId` by `by` (a notify, the reconcile job), and its payment. The cart's order link is
     * written inside completeCartWorkflow before the payment is linked to the order, so both are waited for.
     */
    async function orderAndPayment(cartId: string, by: string) {
      const [orderId] = await waitFor(async () => {
        const ids = await ordersOfCart(cartId)
        return ids.length ? ids : null
      }, `the order ${by} makes`)
      const payment = await waitFor(() => paymentOf(orderId).catch(() => null), `the payment of the order ${by} makes`)
      return { orderId, payment }
    }

    /**
     * A v1 checkout (a WeChat QR by default) the shopper pays in the sandbox and never comes back from; the order comes
     * from the notify alone.
     */
    async function notifyOrder(provider: string = WECHAT) {
      const cart = await sf.cart()
      const session = await sf.paymentSession(cart.id, provider, SHOPPER)
      stack.sandbox.v1.act(session.data.mchOrderNo, "approve")
      const { orderId, payment } = await orderAndPayment(cart.id, "the v1 notify")
      return { cart, session, orderId, payment }
    }
    const wechatOrder = () => notifyOrder(WECHAT)

    it("Alipay (desktop): redirect to the cashier, pay, come back, complete → order", async () => {
      const cart = await sf.cart()
      const session = await sf.paymentSession(cart.id, ALIPAY, { ...SHOPPER, device: "desktop", amountCents: 1 })
      expect(session.data).toMatchObject({ mode: "v1", channel: "ALIPAY_PC", amountCents: 2824 })
      expect(session.data.redirectUrl.startsWith(`${stack.sandbox.url}/v1/cashier/`)).toBe(true)
      const back = await actOnV1Page(session.data.redirectUrl, "approve")
      expect(back.location).toMatch(new RegExp(`^${STOREFRONT}/checkout/iotpay-return`))
      const result = await sf.complete(cart.id)
      expect(result.type).toBe("order")
      const payment = await paymentOf((result as any).order.id)
      expect(payment.provider_id).toBe(ALIPAY)
      const atSandbox = stack.sandbox.v1.order(payment.data.payOrderId)!
      expect(atSandbox).toMatchObject({ channelId: "ALIPAY_PC", amount: 2824, currency: "CAD" })
      expect([2, 3]).toContain(atSandbox.status)
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
    })

    it("WeChat Pay QR where the shopper never returns: the order is made from the notify alone", async () => {
      const { session, payment, cart } = await wechatOrder()
      expect(session.data.codeUrl).toMatch(/^weixin:\/\//)
      expect(payment.provider_id).toBe(WECHAT)
      expect(payment.data.payOrderId).toBe(stack.sandbox.v1.order(session.data.mchOrderNo)!.payOrderId)
      const atIotpay = stack.sandbox.v1.order(payment.data.payOrderId) as { amount?: number }
      expect([payment.amount, atIotpay.amount]).toEqual([28.2387, 2824])
      // The subscriber writes its verdict on the inbox row once the order is made.
      const rows = await waitFor(async () => {
        const found = await inboxRows(getContainer(), payment.data.payOrderId)
        return found[0]?.outcome ? found : null
      }, "the notify's verdict on its inbox row")
      expect(rows).toHaveLength(1)
      expect(rows[0].outcome).toBe("order_created")
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
    })

    it.each([
      ["Alipay", ALIPAY],
      ["UnionPay", UNIONPAY],
    ])(
      "%s where the shopper never returns: the notify alone makes one order, IOTPay's cents are Medusa's amount",
      async (_name, provider) => {
        const { payment, cart } = await notifyOrder(provider)
        expect(payment.provider_id).toBe(provider)
        const atIotpay = stack.sandbox.v1.order(payment.data.payOrderId) as { amount?: number; currency?: string }
        expect([payment.amount, atIotpay.amount, atIotpay.currency]).toEqual([28.2387, 2824, "CAD"])
        const row = await processedRow(getContainer(), payment.data.payOrderId)
        expect(row.outcome).toBe("order_created")
        await runs().settled(payment.data.payOrderId)
        expect(await ordersOfCart(cart.id)).toHaveLength(1)
      }
    )

    it.each([
      ["WeChat Pay QR", WECHAT],
      ["Alipay", ALIPAY],
      ["UnionPay", UNIONPAY],
    ])(
      "%s paid, its notify never arrives: the reconcile job finds it by query_order and makes one order",
      async (_name, provider) => {
        const cart = await sf.cart()
        const session = await sf.paymentSession(cart.id, provider, SHOPPER)
        stack.sandbox.addFault({ notify: "drop", times: 0 })
        try {
          const { payOrderId } = stack.sandbox.v1.act(session.data.mchOrderNo, "approve")
          // The sandbox has dropped its notify (recorded as a failed attempt): no delivery reached Medusa.
          await waitFor(
            async () =>
              stack.sandbox.notifications().find((n) => n.payOrderId === payOrderId && /dropped/.test(n.error ?? "")),
            "the dropped notify"
          )
          expect(runs().count(payOrderId)).toEqual({ emitted: 0, finished: 0 })
          expect(await ordersOfCart(cart.id)).toHaveLength(0)
          await reconcileIotpayPayments(getContainer())
        } finally {
          stack.sandbox.clearFaults()
        }
        const { payment } = await orderAndPayment(cart.id, "the reconcile job")
        expect(payment.provider_id).toBe(provider)
        const atIotpay = stack.sandbox.v1.order(payment.data.payOrderId) as { amount?: number }
        expect([payment.amount, atIotpay.amount]).toEqual([28.2387, 2824])
        await runs().settled(payment.data.payOrderId) // everything the run handed on has been handled
        expect(await ordersOfCart(cart.id)).toHaveLength(1)
      }
    )

    it.each(WALLETS)(
      "%s paid after its session was replaced makes no order and is refunded in full, once",
      async (_name, provider) => {
        const cart = await sf.cart()
        const replaced = await sf.paymentSession(cart.id, provider, SHOPPER)
        // The shopper switches wallets, so the first session goes... but they still pay the old one.
        await sf.paymentSession(cart.id, provider === WECHAT ? ALIPAY : WECHAT, SHOPPER)
        stack.sandbox.v1.act(replaced.data.mchOrderNo, "approve")
        const payOrderId = stack.sandbox.v1.order(replaced.data.mchOrderNo)!.payOrderId
        await waitFor(async () => refundsAt(payOrderId).length > 0, "the refund of the stranded payment")
        // What Medusa recorded: the notify's verdict (Medusa deletes a replaced session outright), no payment from it.
        const first = await processedRow(getContainer(), payOrderId)
        expect([first.outcome, first.outcome_detail]).toEqual([
          "not_applied",
          "its payment session does not exist; money returned",
        ])
        // A reconcile run when the attempt's 5-minute check is due (src/lib/reconcile/reconcile-schedule.ts). It emits
        // before it returns, so once every notify event of this payment is handled, whatever it handed on was acted on.
        const due = new Date(Date.now() + 6 * 60_000)
        expect(await reconcileIotpayPayments(getContainer(), due)).toMatchObject({ skipped: false })
        await runs().settled(payOrderId)
        expect(refundsAt(payOrderId).map((r: any) => [r.refundAmount, r.status])).toEqual([[2824, 2]])
        expect(stack.sandbox.v1.order(payOrderId)!.sandbox.refunded).toBe(2824)
        expect(await ordersOfCart(cart.id)).toHaveLength(0)
        expect(await getContainer().resolve("payment").listPayments({ payment_session_id: replaced.id })).toEqual([])
      }
    )

    it("UnionPay (UPI_SEQ): redirect, pay, complete → order", async () => {
      const cart = await sf.cart()
      const session = await sf.paymentSession(cart.id, UNIONPAY, SHOPPER)
      expect(session.data.channel).toBe("UPI_SEQ")
      await actOnV1Page(session.data.redirectUrl, "approve")
      const result = await sf.complete(cart.id)
      expect(result.type).toBe("order")
      expect((await paymentOf((result as any).order.id)).provider_id).toBe(UNIONPAY)
    })

    // "No client IP: a 400 with a clear message, nothing sent" is in v1-client-ip.spec.ts with the same assertions:
    // the IP now comes from the request (SHOPPER's client_ip is ignored), so it can only be missing behind a trusted
    // proxy that sends no X-Forwarded-For, which needs a provider entry with trustedProxies.

    it("cancelled by the shopper, then closed by IOTPay: completing fails clearly; a new session pays", async () => {
      const cart = await sf.cart()
      const first = await sf.paymentSession(cart.id, WECHAT, SHOPPER)
      stack.sandbox.v1.act(first.data.mchOrderNo, "decline")
      const declined = await sf.complete(cart.id).catch((e: any) => e.response?.data)
      expect(JSON.stringify(declined)).toMatch(/cancelled it \(status 9\)/)
      const second = await sf.paymentSession(cart.id, ALIPAY, SHOPPER)
      stack.sandbox.v1.act(second.data.mchOrderNo, "close")
      const closed = await sf.complete(cart.id).catch((e: any) => e.response?.data)
      expect(JSON.stringify(closed)).toMatch(/closed it unpaid \(status 4/)
      expect(await ordersOfCart(cart.id)).toHaveLength(0)
      const third = await sf.paymentSession(cart.id, WECHAT, SHOPPER)
      stack.sandbox.v1.act(third.data.mchOrderNo, "approve")
      await waitFor(async () => (await ordersOfCart(cart.id)).length === 1, "the order after a retry")
    })

    it("captures (nothing sent), refunds 5.00 then 3.99, refuses an over-refund before calling IOTPay", async () => {
      const { payment, orderId } = await wechatOrder()
      const orderIdOf = (_p: unknown) => orderId
      const before = JSON.stringify(stack.sandbox.v1.orders())
      const captured = await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(captured.data.payment.captured_at).not.toBeNull()
      // v1 payments are sales: Medusa records the whole amount captured, nothing is sent to IOTPay.
      expect(await medusaMoney(payment.id)).toMatchObject({ amount: 28.2387, captures: [28.2387], refunds: [] })
      expect(JSON.stringify(stack.sandbox.v1.orders())).toBe(before)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 3.99 }, admin)
      expect((await medusaMoney(payment.id)).refunds).toEqual([5, 3.99])
      expect(
        refundsAt(payment.data.payOrderId)
          .map((r: any) => r.refundAmount)
          .sort()
      ).toEqual([399, 500])
      const tooMuch = await errorOf(api.post(`/admin/payments/${payment.id}/refund`, { amount: 19.2587 }, admin))
      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data.message).toMatch(/only 19\.25 CAD is left to refund\. Nothing was sent to IOTPay/)
      expect(refundsAt(payment.data.payOrderId)).toHaveLength(2)
      expect((await medusaMoney(payment.id)).refunds).toEqual([5, 3.99])
      // The admin panel reads v1 payments through query_order (v1 reports no refundable: amount less confirmed refunds).
      const panel = await api.get(`/admin/iotpay/orders/${orderIdOf(payment)}`, admin)
      expect(panel.data.payments[0]).toMatchObject({
        providerId: WECHAT,
        payOrderId: payment.data.payOrderId,
        statusText: "paid",
        amount: "28.24",
        refundable: "19.25",
      })
      expect(panel.data.payments[0].reversals.map((r: any) => [r.kind, r.amount, r.statusText])).toEqual([
        ["refund", "5.00", "success"],
        ["refund", "3.99", "success"],
      ])
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 19.2487 }, admin)
      expect(
        refundsAt(payment.data.payOrderId)
          .map((r: any) => r.refundAmount)
          .sort()
      ).toEqual([1925, 399, 500])
      expect((await medusaMoney(payment.id)).refunds).toEqual([5, 3.99, 19.2487])
    })

    /** An Alipay (desktop cashier) or UnionPay checkout: redirect, approve, complete; the order and its payment. */
    async function redirectOrder(provider: typeof ALIPAY | typeof UNIONPAY) {
      const cart = await sf.cart()
      const data = provider === ALIPAY ? { ...SHOPPER, device: "desktop" } : SHOPPER
      const session = await sf.paymentSession(cart.id, provider, data)
      await actOnV1Page(session.data.redirectUrl, "approve")
      const result = await sf.complete(cart.id)
      if (result.type !== "order") throw new Error(`cart not completed: ${result.error.message}`)
      const payment = await paymentOf(result.order.id)
      expect([provider, payment.provider_id]).toEqual([provider, provider])
      return { orderId: result.order.id as string, payment }
    }

    it("Alipay and UnionPay: capture sends nothing, a refund moves its cents, both sides agree", async () => {
      for (const provider of [ALIPAY, UNIONPAY] as const) {
        const { payment } = await redirectOrder(provider)
        const before = JSON.stringify(stack.sandbox.v1.orders())
        await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
        expect(JSON.stringify(stack.sandbox.v1.orders())).toBe(before)
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 12.3456 }, admin)
        expect(refundsAt(payment.data.payOrderId).map((r: any) => [r.refundAmount, r.status])).toEqual([[1235, 2]])
        expect(await medusaMoney(payment.id)).toMatchObject({ captures: [28.2387], refunds: [12.3456] })
      }
    })

    it("admin Cancel: one refund of everything at IOTPay (v1 has no void), for WeChat Pay, Alipay and UnionPay", async () => {
      const orders = [await wechatOrder(), await redirectOrder(ALIPAY), await redirectOrder(UNIONPAY)]
      for (const { payment, orderId } of orders) {
        await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
        const refunds = refundsAt(payment.data.payOrderId)
        expect(refunds.map((r: any) => r.refundAmount)).toEqual([2824])
        expect((refunds[0] as any).mchRefundNo).toMatch(/^C/)
        const { data } = await api.get(`/admin/orders/${orderId}`, admin)
        expect(data.order.status).toBe("canceled")
        const after = await medusaMoney(payment.id)
        expect(after).toMatchObject({ canceled: true, captures: [], refunds: [] })
        expect(after.data).toMatchObject({ canceled: true })
        expect(after.data.owed).toBeUndefined()
      }
    })

    it.each(WALLETS)(
      "%s: a refund whose answer is lost before it reached IOTPay (system error): recorded open, then sent once",
      async (_name, provider) => {
        const { payment, orderId } = await notifyOrder(provider)
        await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
        // errCode 0010 on refund_order: nothing was committed, but v1 cannot tell, so the outcome is unknown.
        stack.sandbox.addFault({ endpoint: "refund_order", systemError: true })
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
        expect(refundsAt(payment.data.payOrderId)).toEqual([])
        const open = await medusaMoney(payment.id)
        expect(open.refunds).toEqual([5]) // Medusa's row stands: the refund is owed, not dropped
        expect(open.data.reversals.map((r: any) => [r.amountCents, r.status])).toEqual([[500, null]])
        expect(await panelReversals(api, admin, orderId)).toEqual([["5.00", "not found at IOTPay"]])
        // The reconcile job settles it: the refund query finds nothing, so the same number is sent, once.
        await reconcileIotpayPayments(getContainer())
        await reconcileIotpayPayments(getContainer(), new Date(Date.now() + 60_000))
        expect(refundsAt(payment.data.payOrderId).map((r: any) => r.refundAmount)).toEqual([500])
        const settled = await medusaMoney(payment.id)
        expect(settled.refunds).toEqual([5])
        expect(settled.data.reversals.map((r: any) => [r.amountCents, r.status])).toEqual([[500, 2]])
        expect(refundsAt(payment.data.payOrderId).map((r: any) => r.status)).toEqual([2])
        expect(await panelReversals(api, admin, orderId)).toEqual([["5.00", "success"]])
      }
    )

    it.each(WALLETS)(
      "%s: admin Cancel while IOTPay refuses refunds: canceled, the money recorded owed; the reconcile job gives it back",
      async (_name, provider) => {
        const { payment, orderId } = await notifyOrder(provider)
        await cancelUnderFault({ api, admin, stack }, orderId, { endpoint: "refund_order", http500: true })
        expect(refundsAt(payment.data.payOrderId)).toEqual([])
        const owed = await medusaMoney(payment.id)
        expect(owed).toMatchObject({ canceled: true, refunds: [] })
        expect(owed.data).toMatchObject({ canceled: true, owed: { attempts: 1 } })
        await reconcileIotpayPayments(getContainer())
        expect(
          refundsAt(payment.data.payOrderId).map((r: any) => [r.refundAmount, r.status, r.mchRefundNo[0]])
        ).toEqual([[2824, 2, "C"]])
        const settled = await medusaMoney(payment.id)
        expect(settled).toMatchObject({ canceled: true, captures: [], refunds: [] })
        expect(settled.data.owed).toBeUndefined()
        expect(settled.data.reversals.map((r: any) => [r.amountCents, r.status])).toEqual([[2824, 2]])
        expect(await panelReversals(api, admin, orderId)).toEqual([["28.24", "success"]])
        // A second run finds nothing owed: the money went back once.
        await reconcileIotpayPayments(getContainer(), new Date(Date.now() + 60_000))
        expect(refundsAt(payment.data.payOrderId)).toHaveLength(1)
      }
    )

    it("duplicate v1 notifies (POST form+query, GET, JSON) make one order; forged ones are refused (0 accepted)", async () => {
      const { payment, cart } = await wechatOrder()
      const order = stack.sandbox.v1.order(payment.data.payOrderId)! as Record<string, unknown>
      const { sandbox: _s, notifyUrl: _n, extra: _e, ...record } = order
      const fields = Object.fromEntries(
        Object.entries<unknown>({ ...record, status: 2, backType: 2 })
          .filter(([, v]) => v !== undefined && v !== null && v !== "")
          .map(([k, v]) => [k, String(v)])
      )
      const good = signV1Message(fields, MERCHANT.secretKey) as Record<string, string>
      const url = `${stack.medusaUrl}/hooks/iotpay/iotpay`
      const form = new URLSearchParams(good).toString()
      const post = await fetch(`${url}?${form}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form,
      })
      expect([post.status, await post.text()]).toEqual([200, "success"])
      const get = await fetch(`${url}?${form}`)
      expect([get.status, await get.text()]).toEqual([200, "success"])
      const json = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(good),
      })
      expect([json.status, await json.text()]).toEqual([200, "success"])

      const forgeries = [
        { ...good, amount: "1" }, // altered after signing
        signV1Message({ ...fields, amount: "1" }, "not-the-key") as Record<string, string>, // wrong key
        signV1Message({ ...fields, mchId: "99999999" }, MERCHANT.secretKey) as Record<string, string>, // other merchant
        (({ sign: _sign, ...rest }) => rest)(good), // unsigned
      ]
      for (const forged of forgeries) {
        const res = await fetch(`${url}?${new URLSearchParams(forged).toString()}`)
        expect(res.status).toBe(401)
        expect(await res.text()).toMatch(/^fail: /)
      }
      // Copies that arrive after the row's outcome are counted in memory and written within 100 ms (SettledRepeats).
      const rows = await waitFor(async () => {
        const found = await inboxRows(getContainer(), payment.data.payOrderId)
        return found.length !== 1 || found[0].deliveries >= 4 ? found : null
      }, "the accepted copies counted")
      expect(rows).toHaveLength(1) // every accepted copy is the same row; no forged one was written
      expect(rows[0].deliveries).toBeGreaterThanOrEqual(4)
      const { emitted } = await runs().settled(payment.data.payOrderId) // every copy handed on has been handled
      expect(emitted).toBeGreaterThanOrEqual(1)
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
    })

    it("backType=1 (the shopper's browser): verified, then redirected to the session's return URL", async () => {
      const { payment, session } = await wechatOrder()
      const order = stack.sandbox.v1.order(payment.data.payOrderId)! as Record<string, unknown>
      const { sandbox: _s, notifyUrl: _n, extra: _e, ...record } = order
      const fields = Object.fromEntries(
        Object.entries<unknown>({ ...record, status: 2, backType: 1 })
          .filter(([, v]) => v !== undefined && v !== null && v !== "")
          .map(([k, v]) => [k, String(v)])
      )
      const query = new URLSearchParams(signV1Message(fields, MERCHANT.secretKey) as Record<string, string>)
      const res = await fetch(`${stack.medusaUrl}/hooks/iotpay/iotpay?${query}`, { redirect: "manual" })
      expect(res.status).toBe(302)
      expect(res.headers.get("location")).toBe(
        `${STOREFRONT}/checkout/iotpay-return?mchOrderNo=${session.data.mchOrderNo}`
      )
      query.set("amount", "1")
      const forged = await fetch(`${stack.medusaUrl}/hooks/iotpay/iotpay?${query}`, { redirect: "manual" })
      expect(forged.status).toBe(401)
    })
  },
})
