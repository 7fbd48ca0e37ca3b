import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { inboxRows, processedRow } from "../helpers/inbox"
import { notifyFields, postNotify, signed } from "../helpers/notify"
import { notifyRuns } from "../helpers/notify-runs"
import { MERCHANT, ordersOfCart as ordersOfCartIn, useIotpayStack, waitFor } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"

jest.setTimeout(180_000)

const stack = useIotpayStack()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf } = useSeededStore({ api, getContainer })

    const ordersOfCart = (cartId: string) => ordersOfCartIn(getContainer(), cartId)
    const runs = () => notifyRuns(getContainer())
    beforeAll(() => void runs()) // counting starts before the first delivery
    async function paymentsOfSession(sessionId: string) {
      const payment = getContainer().resolve("payment")
      return payment.listPayments({ payment_session_id: sessionId })
    }

    /** A shopper who paid on the hosted page and closed the tab: the storefront never completes the cart. */
    async function paidAndGone(card: string) {
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, card)
      const payOrderId = stack.sandbox.order(session.data.mchOrderNo)!.payOrderId
      return { cart, session, payOrderId }
    }

    it("creates the order from IOTPay's notify alone when the shopper never returns", async () => {
      const { cart, session, payOrderId } = await paidAndGone(CARDS.visa)
      const [orderId] = await waitFor(async () => {
        const ids = await ordersOfCart(cart.id)
        return ids.length ? ids : null
      }, "the notify to complete the cart")
      expect(orderId).toMatch(/^order_/)
      // Cart completion links the order before it finishes authorizing the payment.
      const payments = await waitFor(async () => {
        const found = await paymentsOfSession(session.id)
        return found.length ? found : null
      }, "the payment")
      expect(payments).toHaveLength(1)
      const attempts = stack.sandbox.notifications().filter((n) => n.payOrderId === payOrderId)
      expect(attempts.some((a) => a.ok)).toBe(true)
    })

    it("recovers a paid order whose notify never came and whose shopper never returned, by the reconcile job", async () => {
      const { cart, session, payOrderId } = await paidAndGone(CARDS.noNotify)
      // Paid at IOTPay, but no notify was ever sent, so nothing can have made an order yet.
      expect(stack.sandbox.order(payOrderId)!.status).toBe(2)
      expect(stack.sandbox.notifications().filter((n) => n.payOrderId === payOrderId)).toEqual([])
      expect(await ordersOfCart(cart.id)).toHaveLength(0)
      expect(await reconcileIotpayPayments(getContainer())).toMatchObject({ recovered: 1 })
      const [recovered] = await waitFor(async () => {
        const found = await paymentsOfSession(session.id)
        return found.length ? found : null
      }, "the reconcile job to complete the cart")
      // Both sides of the money: Medusa's exact amount, IOTPay's cents.
      expect([Number(recovered.amount), stack.sandbox.order(payOrderId)!.amount]).toEqual([28.2387, 2824])
      expect(await runs().settled(payOrderId)).toEqual({ emitted: 1, finished: 1 })
      expect((await processedRow(getContainer(), payOrderId)).outcome).toBe("order_created")
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
      // Running it again hands nothing on (the session is no longer pending), so it changes nothing.
      expect(await reconcileIotpayPayments(getContainer())).toMatchObject({ recovered: 0 })
      expect(runs().count(payOrderId)).toEqual({ emitted: 1, finished: 1 })
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
    })

    it("makes one order and one payment from the same notify delivered 10 times at once, answering SUCCESS to each", async () => {
      const { cart, session, payOrderId } = await paidAndGone(CARDS.noNotify)
      const body = signed(notifyFields(stack.sandbox, payOrderId), MERCHANT.secretKey)
      const answers = await Promise.all(Array.from({ length: 10 }, () => postNotify(stack.medusaUrl, body)))
      expect(answers).toEqual(Array.from({ length: 10 }, () => ({ status: 200, body: "SUCCESS" })))
      await waitFor(async () => (await paymentsOfSession(session.id)).length > 0, "the payment")
      // Every copy that was handed to the subscriber has been handled: only then is "one order" final.
      const { emitted } = await runs().settled(payOrderId)
      expect(emitted).toBeGreaterThanOrEqual(1)
      expect(emitted).toBeLessThanOrEqual(10)
      expect((await processedRow(getContainer(), payOrderId)).deliveries).toBe(10)
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
      expect(await paymentsOfSession(session.id)).toHaveLength(1)
    })

    it("accepts the notify as a form body too", async () => {
      const { cart, session, payOrderId } = await paidAndGone(CARDS.noNotify)
      const body = signed(notifyFields(stack.sandbox, payOrderId), MERCHANT.secretKey)
      const response = await fetch(`${stack.medusaUrl}/hooks/iotpay/iotpay`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString(),
      })
      expect([response.status, await response.text()]).toEqual([200, "SUCCESS"])
      await waitFor(async () => (await paymentsOfSession(session.id)).length > 0, "the payment")
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
    })

    it("rejects forged notifies (wrong key, altered amount, missing sign, other merchant) and changes nothing", async () => {
      const { cart, session, payOrderId } = await paidAndGone(CARDS.noNotify)
      const fields = notifyFields(stack.sandbox, payOrderId)
      const good = signed(fields, MERCHANT.secretKey)
      const forgeries = {
        wrongKey: signed(fields, "not-the-merchant-key"),
        alteredAmount: { ...good, amount: 1 },
        missingSign: fields,
        otherMerchant: signed({ ...fields, mchId: "99999999" }, MERCHANT.secretKey),
        extraField: { ...good, refundable: 0 },
      }
      for (const [name, body] of Object.entries(forgeries)) {
        const answer = await postNotify(stack.medusaUrl, body)
        expect({ name, status: answer.status }).toEqual({ name, status: 401 })
        expect(answer.body).not.toMatch(/^SUCCESS$/i)
      }
      expect((await postNotify(stack.medusaUrl, good, "not-configured")).status).toBe(404)
      // The notify is answered ahead of Medusa's routes (src/api/hooks/iotpay/answer-early.ts), but only at its own
      // URL and methods: a deeper path or another method is Medusa's 404, and the paid payment stays unapplied.
      for (const [method, path] of [
        ["POST", "/hooks/iotpay/iotpay/extra"],
        ["PUT", "/hooks/iotpay/iotpay"],
        ["DELETE", "/hooks/iotpay/iotpay"],
      ]) {
        const response = await fetch(stack.medusaUrl + path, {
          method,
          headers: { "content-type": "application/json;charset=UTF-8" },
          body: JSON.stringify(good),
        })
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 })
      }
      // The route keeps a notify and hands it on before it answers: every answer above is in, none was kept or
      // handed to the subscriber, so nothing can still be on its way.
      expect(await inboxRows(getContainer(), payOrderId)).toEqual([])
      expect(runs().count(payOrderId)).toEqual({ emitted: 0, finished: 0 })
      expect(await ordersOfCart(cart.id)).toHaveLength(0)
      expect(await paymentsOfSession(session.id)).toHaveLength(0)
      // The genuine notify, delivered after them all, is its row's first and only delivery and makes the order.
      expect(await postNotify(stack.medusaUrl, good)).toEqual({ status: 200, body: "SUCCESS" })
      const row = await processedRow(getContainer(), payOrderId)
      expect([row.outcome, row.deliveries]).toEqual(["order_created", 1])
      expect(await ordersOfCart(cart.id)).toHaveLength(1)
    })

    it("never makes an order from a notify that claims a payment IOTPay does not have, even a validly signed one", async () => {
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id) // the shopper never pays
      const payOrderId = stack.sandbox.order(session.data.mchOrderNo)!.payOrderId
      const unpaid = notifyFields(stack.sandbox, payOrderId)
      const claim = { ...unpaid, status: 2, paySuccTime: "2026-01-01 10:00:00", cardNum: "424242******4242" }
      expect((await postNotify(stack.medusaUrl, signed(claim, "not-the-merchant-key"))).status).toBe(401)
      // Signed with the real key (a leaked key, or a bug at IOTPay): accepted as a notify, but the order is only made
      // after cc_query confirms the payment, and IOTPay says it is unpaid.
      expect(await postNotify(stack.medusaUrl, signed(claim, MERCHANT.secretKey))).toEqual({
        status: 200,
        body: "SUCCESS",
      })
      const row = await processedRow(getContainer(), payOrderId)
      expect([row.outcome, row.outcome_detail]).toEqual([
        "not_applied",
        `IOTPay did not confirm ${session.data.mchOrderNo} as paid when asked; no payment made`,
      ])
      expect(await runs().settled(payOrderId)).toEqual({ emitted: 1, finished: 1 })
      expect(await ordersOfCart(cart.id)).toHaveLength(0)
      expect(await paymentsOfSession(session.id)).toHaveLength(0)
    })
  },
})
