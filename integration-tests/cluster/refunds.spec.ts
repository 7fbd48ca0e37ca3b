import os from "node:os"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { seedStore, type SeededStore } from "../../scripts/seed-store"
import { adminHeaders } from "../helpers/admin"
import { startChildMedusa, sigkill, type ChildMedusa } from "../helpers/child-medusa"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { STOREFRONT, useIotpayStack } from "../helpers/stack"
import { Storefront } from "../helpers/storefront"

jest.setTimeout(15 * 60_000)

// Two Medusa instances on one Postgres and one Redis (locking-redis: REDIS_URL, set by scripts/with-redis.js): the
// runner's own and a `medusa start` child. Issue 22: the same payment refunded through both at once.
process.env.MEDUSA_WORKER_MODE = "server"
const stack = useIotpayStack()
const WECHAT = "pp_iotpay-wechat_iotpay"
const dbName = `iotpay_refunds_${process.pid}`
const PORT = 9800 + (process.pid % 100) * 2
const logFile = path.join(os.tmpdir(), `iotpay-refunds-${process.pid}.log`)

medusaIntegrationTestRunner({
  dbName,
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let sf: Storefront
    let other: ChildMedusa

    beforeAll(async () => {
      store = await seedStore(getContainer(), "pp_iotpay_iotpay", [WECHAT])
      sf = new Storefront(api, store)
      const databaseUrl =
        `postgres://${process.env.DB_USERNAME ?? "postgres"}:${process.env.DB_PASSWORD ?? ""}@` +
        `${process.env.DB_HOST ?? "localhost"}:${process.env.DB_PORT ?? "5432"}/${dbName}`
      other = await startChildMedusa(PORT, { DATABASE_URL: databaseUrl, MEDUSA_WORKER_MODE: "server" }, logFile)
    })
    afterAll(async () => {
      if (other) await sigkill(other)
    })

    /** A paid order's Medusa payment session, per API (the WeChat notify held back: the storefront completes). */
    async function paidCart(name: "cards" | "WeChat Pay") {
      const cart = await sf.cart()
      if (name === "cards") {
        const session = await sf.payWithIotpay(cart.id)
        await payOnHostedPage(session.data.redirectUrl, CARDS.visa)
        return { cart, session }
      }
      stack.sandbox.addFault({ notify: "drop", times: 0 })
      const session = await sf.paymentSession(cart.id, WECHAT, {
        return_url: `${STOREFRONT}/checkout/iotpay-return`,
        client_ip: "203.0.113.7",
      })
      stack.sandbox.v1.act(session.data.mchOrderNo, "approve")
      return { cart, session }
    }

    /** Cents IOTPay refunded of this payment: V3 reversals (`amount`) or v1 refunds (`refundAmount`). */
    const refundedAtIotpay = (name: "cards" | "WeChat Pay", payOrderId: string): number[] =>
      name === "cards"
        ? stack.sandbox
            .orders()
            .filter((o) => o.originalOrderId === payOrderId)
            .map((r) => r.amount)
        : stack.sandbox.v1
            .orders()
            .filter((o) => o.sandbox.kind === "refund" && (o as any).payOrderId === payOrderId)
            .map((r) => (r as any).refundAmount)

    it.each(["cards", "WeChat Pay"] as const)(
      "%s: two refunds of one payment through two instances at once: both kept, IOTPay refunds each once",
      async (name) => {
        const admin = await adminHeaders(getContainer())
        const { cart, session } = await paidCart(name)
        const done = await sf.complete(cart.id)
        if (done.type !== "order") throw new Error(`cart not completed: ${done.error.message}`)
        stack.sandbox.clearFaults()
        const payments = getContainer().resolve(Modules.PAYMENT)
        const [payment] = await payments.listPayments({ payment_session_id: session.id }, { select: ["id", "data"] })
        await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
        const payOrderId = String(payment.data!.payOrderId)

        stack.sandbox.addFault({ endpoint: name === "cards" ? "cc_refund" : "refund_order", latencyMs: 700, times: 2 })
        const [there] = await Promise.all([
          fetch(`${other.url}/admin/payments/${payment.id}/refund`, {
            method: "POST",
            headers: { ...admin.headers, "content-type": "application/json" },
            body: JSON.stringify({ amount: 3 }),
          }),
          payments.refundPayment({ payment_id: payment.id, amount: 4 }),
        ])
        expect(there.status).toBe(200)

        expect(refundedAtIotpay(name, payOrderId).sort()).toEqual([300, 400])
        const after = await payments.retrievePayment(payment.id, { select: ["id", "data"], relations: ["refunds"] })
        const entries = (after.data!.reversals as { amountCents: number; status: number }[]) ?? []
        expect(entries.map((r) => [r.amountCents, r.status]).sort()).toEqual([
          [300, 2],
          [400, 2],
        ])
        expect(after.refunds!.map((r) => Number(r.amount)).sort()).toEqual([3, 4])
      }
    )
  },
})
