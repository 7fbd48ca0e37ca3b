import os from "node:os"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { reconcileIotpayPayments } from "../../src/jobs/iotpay-reconcile"
import { startChildMedusa, sigkill, type ChildMedusa } from "../helpers/child-medusa"
import { useSeededStore } from "../helpers/seeded-store"
import { errorOf } from "../helpers/storefront"
import { useIotpayStack, waitFor } from "../helpers/stack"
import { recordFault } from "./report"
import { WECHAT, paidWechatOrder } from "./wechat-order"

jest.setTimeout(10 * 60_000)

const stack = useIotpayStack()
const dbName = `iotpay_faults_refund_${process.pid}`
const CHILD_PORT = 9400 + ((process.pid + 250) % 500)

/**
 * An admin refund on a server that is killed (SIGKILL) after IOTPay has refunded and before Medusa has written
 * anything about it (issue 23). IOTPay's answer never arrives (the sandbox commits the refund and hangs), the process
 * dies, and a live instance on the same database runs the reconcile. Nothing may be lost or moved twice: IOTPay holds
 * one refund, Medusa must come to know it exactly once, and a later refund must not repeat it.
 */
medusaIntegrationTestRunner({
  dbName,
  testSuite: ({ api, getContainer }) => {
    const { sf, admin, paidOrder, orderPayment } = useSeededStore({ api, getContainer }, { providers: [WECHAT] })
    let child: ChildMedusa | undefined
    const logFile = path.join(os.tmpdir(), `iotpay-kill-refund-${process.pid}.log`)
    afterAll(async () => {
      if (child) await sigkill(child)
    })

    const reversalsAt = (payOrderId: string) => stack.sandbox.orders().filter((o) => o.originalOrderId === payOrderId)
    const refundsInMedusa = async (paymentId: string) => {
      const { data } = await api.get(`/admin/payments/${paymentId}?fields=+data,*refunds`, admin)
      const reversals = (data.payment.data.reversals ?? []) as {
        kind: string
        status: number | null
        amountCents: number
      }[]
      return {
        refundRows: (data.payment.refunds as { amount: number }[]).map((r) => Math.round(Number(r.amount) * 100)),
        ledger: reversals.filter((r) => r.kind === "refund").map((r) => [r.amountCents, r.status]),
      }
    }

    /**
     * Refunds 5.00 of `payment` on a child server; IOTPay (the sandbox) commits the refund at `endpoint` and never
     * answers; the child is killed; a live instance on the same database runs the reconcile. Returns what each side
     * knows, in cents.
     */
    async function killMidRefund(payment: any, endpoint: string, refundsAt: () => number[]) {
      const dbUrl = `postgres://${process.env.DB_USERNAME ?? "postgres"}:${process.env.DB_PASSWORD ?? ""}@${process.env.DB_HOST ?? "localhost"}:${process.env.DB_PORT ?? "5432"}/${dbName}`
      child = await startChildMedusa(CHILD_PORT, { DATABASE_URL: dbUrl, IOTPAY_HTTP_TIMEOUT_MS: "120000" }, logFile)
      stack.sandbox.addFault({ endpoint, commitThenHang: true, times: 1 })
      const request = fetch(`${child.url}/admin/payments/${payment.id}/refund`, {
        method: "POST",
        headers: { ...admin.headers, "content-type": "application/json" },
        body: JSON.stringify({ amount: 5 }),
      }).catch((e: Error) => e)
      await waitFor(async () => refundsAt().length === 1, "IOTPay to commit the refund", 60_000, 50)
      await sigkill(child)
      child = undefined
      // The admin saw the connection drop, no answer (fetch failed).
      expect(String(await request)).toMatch(/fetch failed/)
      stack.sandbox.clearFaults()

      await reconcileIotpayPayments(getContainer())
      const known = await refundsInMedusa(payment.id)
      const medusaCents = known.refundRows.reduce((a, b) => a + b, 0)
      const ledgerCents = known.ledger.filter(([, s]) => s === 2).reduce((a, [c]) => a + Number(c), 0)
      return { atIotpay: refundsAt(), medusaCents, ledgerCents }
    }

    const record = (fault: string, r: Awaited<ReturnType<typeof killMidRefund>>, next: string) =>
      recordFault({
        fault,
        done:
          "admin refund 5.00 on a child server; IOTPay committed it and hung; SIGKILL; reconcile on a live " +
          `instance: Medusa knows 5.00 (${r.medusaCents ? "refund row" : "payment ledger"}); ${next}`,
        orders: "1 order",
        moneyMoves: `1 charge, ${r.atIotpay.length} refund of the killed request (${r.atIotpay.join(", ")} cents)`,
        lost: Math.max(r.medusaCents, r.ledgerCents) === 500 ? 0 : 1,
      })

    /**
     * One refund at IOTPay, known to Medusa once: the provider wrote it to the payment's ledger before sending it
     * (recordAhead, src/lib/money/payment-state.ts), and the reconcile settled it by its own number at IOTPay. Then a
     * second refund of 1.00 goes through, exactly once, and never repeats the first.
     */
    async function expectKnownOnce(
      payment: any,
      r: Awaited<ReturnType<typeof killMidRefund>>,
      refundsAt: () => number[]
    ) {
      expect(r.atIotpay).toEqual([500])
      expect(r.ledgerCents).toBe(500)
      expect([0, 500]).toContain(r.medusaCents)
      const next = await errorOf(api.post(`/admin/payments/${payment.id}/refund`, { amount: 1 }, admin))
      expect([next.status, next.data?.message]).toEqual([200, undefined])
      expect(refundsAt().sort()).toEqual([100, 500])
      return "the next refund (1.00) moved 1.00"
    }

    it("card: a refund IOTPay made while the server died is known to Medusa once after the reconcile, never repeated", async () => {
      const { payment } = await paidOrder()
      const payOrderId = payment.data.payOrderId as string
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      const refundsAt = () => reversalsAt(payOrderId).map((r) => r.amount)
      const r = await killMidRefund(payment, "cc_refund", refundsAt)
      record("SIGKILL mid-refund (card)", r, await expectKnownOnce(payment, r, refundsAt))
    })

    it("WeChat Pay: the same, on IOTPay's v1 refund", async () => {
      const { payment } = await paidWechatOrder(sf, stack.sandbox, getContainer, orderPayment)
      const payOrderId = payment.data.payOrderId as string
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      const refundsAt = () =>
        stack.sandbox.v1
          .orders()
          .filter((o) => o.sandbox.kind === "refund" && (o as any).payOrderId === payOrderId)
          .map((o) => Number((o as any).refundAmount))
      const r = await killMidRefund(payment, "refund_order", refundsAt)
      record("SIGKILL mid-refund (WeChat Pay)", r, await expectKnownOnce(payment, r, refundsAt))
    })
  },
})
