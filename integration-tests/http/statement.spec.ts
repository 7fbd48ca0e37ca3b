import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { runIotpayStatement } from "../../src/jobs/iotpay-statement"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { notifyRuns } from "../helpers/notify-runs"
import { STOREFRONT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { useSeededStore } from "../helpers/seeded-store"
import { errorOf } from "../helpers/storefront"

jest.setTimeout(240_000)

// Lost answers must surface within the test: IOTPay's client gives up after this long (headers and body).
process.env.IOTPAY_HTTP_TIMEOUT_MS = "1500"
const stack = useIotpayStack()
const WECHAT = "pp_iotpay-wechat_iotpay"
const ALIPAY = "pp_iotpay-alipay_iotpay"
const UNIONPAY = "pp_iotpay-unionpay_iotpay"
const SHOPPER = { return_url: `${STOREFRONT}/checkout/iotpay-return`, client_ip: "203.0.113.7" }

/**
 * The daily statement over HTTP: a card and a WeChat Pay order, a refund made in IOTPay's portal (listed by a GET,
 * which changes nothing; brought into Medusa once by the POST, nothing sent), a refund whose outcome was unknown and then failed, a payment IOTPay holds with no order; the
 * JSON, the CSV line by line, and a bad date refused.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, paidOrder, orderPayment, medusaMoney } = useSeededStore(
      { api, getContainer },
      { providers: [WECHAT, ALIPAY, UNIONPAY] }
    )
    beforeAll(() => void notifyRuns(getContainer()))
    beforeEach(() => stack.sandbox.clearFaults())

    const today = new Date().toISOString().slice(0, 10)
    const reversalsAt = (payOrderId: string) => stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId)
    const statement = async () => (await api.get(`/admin/iotpay/statement?date=${today}`, admin)).data.statement
    const recordOutside = async () => (await api.post(`/admin/iotpay/statement`, { date: today }, admin)).data.statement
    const kinds = (s: { differences: { kind: string }[] }) => s.differences.map((d) => d.kind).sort()
    const csv = async (path: string) => {
      const res = await api.get(path, { ...admin, responseType: "text" })
      expect(res.headers["content-type"]).toMatch(/^text\/csv/)
      return (res.data as string).split("\r\n")
    }

    /** A v1 checkout (a WeChat Pay QR by default) the shopper pays; the order (and its payment) comes from the notify. */
    async function v1Order(provider = WECHAT) {
      const cart = await sf.cart()
      const session = await sf.paymentSession(cart.id, provider, SHOPPER)
      stack.sandbox.v1.act(session.data.mchOrderNo, "approve")
      return waitFor(async () => {
        const [orderId] = await ordersOfCart(getContainer(), cart.id)
        // The cart's order link is written before the payment is linked to the order: wait for the payment too.
        const paid = orderId ? await orderPayment(orderId).catch(() => null) : null
        return paid?.payment ? paid : null
      }, `the order and payment the ${provider} notify makes`)
    }

    /** A refund of `amount` whose answer is lost and whose check fails too (unknown), which IOTPay then fails. */
    async function unknownThenFailedRefund(paymentId: string, payOrderId: string, amount: number) {
      stack.sandbox.addFault({ endpoint: "cc_refund", commitThenHang: true, resultStatus: 0 })
      const request = api.post(`/admin/payments/${paymentId}/refund`, { amount }, admin)
      await waitFor(async () => reversalsAt(payOrderId).length === 1, "IOTPay to take the refund", 10_000, 20)
      stack.sandbox.addFault({ endpoint: "cc_query", systemError: true, times: 0 })
      expect((await request).status).toBe(200)
      stack.sandbox.clearFaults()
      const unknown = (await medusaMoney(paymentId)).data.reversals.find((r: any) => r.status === null)
      expect(unknown).toMatchObject({ kind: "refund", amountCents: amount * 100 })
      stack.sandbox.settleReversal({ mchRefundNo: unknown.mchRefundNo, status: 9 })
      await reconcileIotpayPayments(getContainer())
      const settled = (await medusaMoney(paymentId)).data.reversals.find(
        (r: any) => r.mchRefundNo === unknown.mchRefundNo
      )
      expect(settled.status).toBe(9)
      return settled.mchRefundNo as string
    }

    it("names every difference of the day, a GET changing nothing; the POST brings a portal refund in once; the CSV", async () => {
      const card = await paidOrder()
      const cardPay = card.payment
      await api.post(`/admin/payments/${cardPay.id}/capture`, {}, admin)
      const wechat = await v1Order()
      const failedNo = await unknownThenFailedRefund(cardPay.id, cardPay.data.payOrderId, 3)
      const portal = stack.sandbox.portalRefund({ payOrderId: cardPay.data.payOrderId, amount: 200 })
      // Paid on the hosted page, but the notify never arrives and the shopper never comes back: no order.
      stack.sandbox.addFault({ notify: "drop", times: 0 })
      const lostCart = await sf.cart()
      const lost = await sf.payWithIotpay(lostCart.id)
      await payOnHostedPage(lost.data.redirectUrl, CARDS.visa)
      const lostPayOrderId = stack.sandbox.order(lost.data.mchOrderNo)!.payOrderId
      const sentBefore = reversalsAt(cardPay.data.payOrderId).length
      const refundRows = async () =>
        (await api.get(`/admin/payments/${cardPay.id}?fields=*refunds`, admin)).data.payment.refunds
          .map((r: any) => [r.id, Number(r.amount)])
          .sort()
      const rowsBefore = await refundRows()
      expect(rowsBefore.map((r: any) => r[1])).toEqual([3])

      // Viewing and downloading: the portal refund is listed as not yet recorded; Medusa is left as it was.
      const viewed = await statement()
      const viewedCsv = await csv(`/admin/iotpay/statement.csv?date=${today}`)
      expect(viewedCsv).toContain(
        `${today},${card.order.id},${card.order.display_id},${cardPay.id},refund,${card.session.data.mchOrderNo},` +
          `${cardPay.data.payOrderId},,PF_CC,200,2.00,,,made outside the store,refunded_outside_store`
      )
      expect(await csv(`/admin/iotpay/statement?date=${today}&format=csv`)).toEqual(viewedCsv)
      expect(await refundRows()).toEqual(rowsBefore)
      expect((await medusaMoney(cardPay.id)).data.reversals.some((r: any) => r.origin === "outside")).toBe(false)
      expect(viewed.differences.find((d: any) => d.kind === "refunded_outside_store")).toMatchObject({
        orderId: card.order.id,
        paymentId: cardPay.id,
        cents: 200,
        detail: "refunded outside the store, not yet recorded in Medusa",
        imported: "not_imported",
        importNote: expect.stringMatching(/^"Record outside refunds in Medusa" \(POST \/admin\/iotpay\/statement\)/),
      })
      expect(kinds(viewed)).toEqual([
        "paid_at_iotpay_no_order",
        "recorded_in_medusa_not_at_iotpay",
        "refunded_outside_store",
      ])
      expect(viewed.medusa).toEqual({ chargedCents: 2 * 2824, refundedCents: 300, netCents: 2 * 2824 - 300 })
      expect((await statement()).differences).toEqual(viewed.differences)
      expect(await refundRows()).toEqual(rowsBefore)

      // The POST records it, answering the statement after the import.
      const first = await recordOutside()
      const differences = first.differences.map((d: any) => [d.kind, d.orderId, d.paymentId, d.payOrderId, d.cents])
      expect(differences).toEqual(
        expect.arrayContaining([
          ["recorded_in_medusa_not_at_iotpay", card.order.id, cardPay.id, cardPay.data.payOrderId, 300],
          ["refunded_outside_store", card.order.id, cardPay.id, cardPay.data.payOrderId, 200],
          ["paid_at_iotpay_no_order", null, null, lostPayOrderId, 2824],
        ])
      )
      expect(differences).toHaveLength(3) // nothing about the WeChat Pay order: both sides agree
      expect(first.differences.find((d: any) => d.kind === "refunded_outside_store")).toMatchObject({
        imported: "imported",
        importNote: expect.stringMatching(/^Made outside the store .*2\.00 CAD.*nothing was sent to IOTPay\.$/),
      })
      expect(first.iotpay).toEqual({ chargedCents: 3 * 2824, refundedCents: 200, netCents: 3 * 2824 - 200 })
      // Medusa: the failed refund's row (3.00) and the imported one (2.00); the no-order payment is not Medusa's.
      expect(first.medusa).toEqual({ chargedCents: 2 * 2824, refundedCents: 500, netCents: 2 * 2824 - 500 })

      // Recorded in Medusa as a refund with its note; nothing sent to IOTPay.
      expect(reversalsAt(cardPay.data.payOrderId)).toHaveLength(sentBefore)
      const money = await medusaMoney(cardPay.id)
      expect(money.refunds).toEqual([3, 2])
      const { data } = await api.get(`/admin/payments/${cardPay.id}?fields=*refunds`, admin)
      const imported = data.payment.refunds.find((r: any) => Number(r.amount) === 2)
      expect(imported.note).toMatch(/^Made outside the store \(in IOTPay's portal\)/)
      const outsideNo = `outside-${cardPay.data.payOrderId}-200`
      expect(money.data.reversals.find((r: any) => r.origin === "outside")).toMatchObject({
        mchRefundNo: outsideNo,
        amountCents: 200,
        status: 2,
        medusaId: imported.id,
      })

      // Twice: imported once. A GET and the scheduled run of the same day find the same.
      const second = await recordOutside()
      expect(kinds(second)).toEqual(["paid_at_iotpay_no_order", "recorded_in_medusa_not_at_iotpay"])
      expect(second.medusa).toEqual(first.medusa)
      expect(kinds(await statement())).toEqual(["paid_at_iotpay_no_order", "recorded_in_medusa_not_at_iotpay"])
      const scheduled = await runIotpayStatement(getContainer(), today)
      expect("differences" in scheduled && scheduled.differences.map((d) => d.kind).sort()).toEqual([
        "paid_at_iotpay_no_order",
        "recorded_in_medusa_not_at_iotpay",
      ])
      expect((await medusaMoney(cardPay.id)).refunds).toEqual([3, 2])
      expect(reversalsAt(cardPay.data.payOrderId)).toHaveLength(sentBefore)
      expect(portal.amount).toBe(200)

      // The CSV: one line per payment and per reversal, cards then wallets, each by IOTPay number.
      const cardLines = [
        [card.session.data.mchOrderNo, card.order.id, card.order.display_id, cardPay.id, cardPay.data.payOrderId],
        [lost.data.mchOrderNo, "", "", "", lostPayOrderId],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
      const lineOf = ([mchOrderNo, orderId, displayId, paymentId, payOrderId]: unknown[]) =>
        `${today},${orderId},${displayId},${paymentId},payment,${mchOrderNo},${payOrderId},,PF_CC,2824,28.24,` +
        (orderId
          ? `2824,28.24,paid at IOTPay; order pending,`
          : `,,paid at IOTPay; no Medusa payment,paid_at_iotpay_no_order`)
      const cardRest = [
        `${today},${card.order.id},${card.order.display_id},${cardPay.id},refund,${card.session.data.mchOrderNo},` +
          `${cardPay.data.payOrderId},${failedNo},PF_CC,0,0.00,300,3.00,failed,recorded_in_medusa_not_at_iotpay`,
        `${today},${card.order.id},${card.order.display_id},${cardPay.id},refund,${card.session.data.mchOrderNo},` +
          `${cardPay.data.payOrderId},${outsideNo},PF_CC,200,2.00,200,2.00,"done, made outside the store",`,
      ]
      const wechatLine =
        `${today},${wechat.order.id},${wechat.order.display_id},${wechat.payment.id},payment,` +
        `${wechat.payment.data.mchOrderNo},${wechat.payment.data.payOrderId},,WX_NATIVE,2824,28.24,2824,28.24,` +
        `paid at IOTPay; order pending,`
      const expected = [
        "date,order_id,order_display_id,payment_id,type,iotpay_mch_order_no,iotpay_pay_order_id,iotpay_mch_refund_no," +
          "channel,iotpay_cents,iotpay_dollars,medusa_cents,medusa_dollars,status,difference",
        ...cardLines.flatMap((l) => (l[1] ? [lineOf(l), ...cardRest] : [lineOf(l)])),
        wechatLine,
        "",
      ]
      expect(await csv(`/admin/iotpay/statement.csv?date=${today}`)).toEqual(expected)
      expect(await csv(`/admin/iotpay/statement?date=${today}&format=csv`)).toEqual(expected)
    })

    // v1 has no refunded figure in query_order and a v1 portal refund cannot be seen (docs/statement.md), so what the
    // statement compares for a wallet is the store's own refunds, confirmed one by one by the refund query.
    it.each([
      ["WeChat Pay", WECHAT],
      ["Alipay", ALIPAY],
      ["UnionPay", UNIONPAY],
    ])(
      "%s: a done refund agrees; a pending one is open, and once IOTPay fails it, recorded in Medusa not at IOTPay",
      async (_name, provider) => {
        const { order, payment } = await v1Order(provider)
        const { payOrderId } = payment.data
        await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 3.99 }, admin)
        stack.sandbox.addFault({ endpoint: "refund_order", resultStatus: 1 })
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
        const v1Refunds = () =>
          stack.sandbox.v1
            .orders()
            .filter((o) => o.sandbox.kind === "refund" && (o as { payOrderId?: string }).payOrderId === payOrderId)
            .map((r) => r as unknown as { refundAmount: number; status: number; mchRefundNo: string })
        expect(v1Refunds().map((r) => [r.refundAmount, r.status])).toEqual([
          [399, 2],
          [500, 1],
        ])
        expect((await medusaMoney(payment.id)).refunds).toEqual([3.99, 5])
        const differencesOf = (s: { differences: any[] }) =>
          s.differences.map((d) => [d.kind, d.orderId, d.paymentId, d.payOrderId, d.cents])

        const open = await statement()
        expect(differencesOf(open)).toEqual([["open_reversal", order.id, payment.id, payOrderId, 500]])
        expect(open.iotpay).toEqual({ chargedCents: 2824, refundedCents: 399, netCents: 2824 - 399 })
        expect(open.medusa).toEqual({ chargedCents: 2824, refundedCents: 899, netCents: 2824 - 899 })

        stack.sandbox.v1.settleRefund(v1Refunds()[1].mchRefundNo, 3)
        await reconcileIotpayPayments(getContainer())
        expect(v1Refunds().map((r) => [r.refundAmount, r.status])).toEqual([
          [399, 2],
          [500, 3],
        ])
        expect((await medusaMoney(payment.id)).refunds).toEqual([3.99, 5])
        const failed = await statement()
        expect(differencesOf(failed)).toEqual([
          ["recorded_in_medusa_not_at_iotpay", order.id, payment.id, payOrderId, 500],
        ])
        expect(failed.iotpay).toEqual(open.iotpay)
        expect(failed.medusa).toEqual(open.medusa)
        expect(await recordOutside()).toEqual(failed) // nothing from outside to bring in: the POST changes nothing
        expect(v1Refunds()).toHaveLength(2)
        expect((await medusaMoney(payment.id)).refunds).toEqual([3.99, 5])
      }
    )

    it("refuses a bad date or format with a 400 that names the field and says what to write", async () => {
      for (const query of ["date=2026-02-30", "date=yesterday", "format=pdf"]) {
        const refused = await errorOf(api.get(`/admin/iotpay/statement?${query}`, admin))
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(
          query.startsWith("date")
            ? /^Invalid request: date must be a day written YYYY-MM-DD/
            : /Expected: 'json, csv' for field 'format', but got: 'pdf'/
        )
      }
      expect((await errorOf(api.get(`/admin/iotpay/statement.csv?date=12/05/2026`, admin))).status).toBe(400)
      const refusedPosts: [object, RegExp][] = [
        [{}, /^Invalid request: Field 'date' is required/],
        [{ date: "2026-02-30" }, /^Invalid request: date must be a day written YYYY-MM-DD/],
        [{ date: 20261205 }, /field 'date'/i],
      ]
      for (const [body, message] of refusedPosts) {
        const refused = await errorOf(api.post(`/admin/iotpay/statement`, body, admin))
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(message)
      }
      const unknown = await errorOf(api.post(`/admin/iotpay/statement`, { date: "2026-12-05", force: true }, admin))
      expect(unknown.status).toBe(400)
      expect(unknown.data.message).toMatch(/force/)
    })
  },
})
