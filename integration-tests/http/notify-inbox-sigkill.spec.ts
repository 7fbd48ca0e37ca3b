import os from "node:os"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore, type SeededStore } from "../../scripts/seed-store"
import { startChildMedusa, sigkill, type ChildMedusa } from "../helpers/child-medusa"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { inboxRows } from "../helpers/inbox"
import { notifyFields, postNotify, signed } from "../helpers/notify"
import { MERCHANT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { Storefront } from "../helpers/storefront"

jest.setTimeout(10 * 60_000)

const stack = useIotpayStack()
const dbName = `iotpay_sigkill_${process.pid}`
const CHILD_PORT = 9400 + (process.pid % 500)

/**
 * The crash the inbox exists for: IOTPay gets SUCCESS, then the Medusa process dies before the order exists. IOTPay
 * never resends (it read SUCCESS) and the shopper never returns; after a restart the order must appear anyway. The
 * test's own Medusa (the runner's) only seeds and reads; the notify goes to a separate `medusa start` on the same
 * database, which the test kills with SIGKILL.
 */
medusaIntegrationTestRunner({
  dbName,
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let child: ChildMedusa | undefined
    const logFile = path.join(os.tmpdir(), `iotpay-sigkill-${process.pid}.log`)

    beforeAll(async () => {
      process.env.IOTPAY_INBOX_REDRIVE = "off" // the runner's own Medusa must not be the one that recovers it
      store = await seedStore(getContainer())
    })
    afterAll(async () => {
      if (child) await sigkill(child)
    })

    const childEnv = () => ({
      DATABASE_URL: `postgres://${process.env.DB_USERNAME ?? "postgres"}:${process.env.DB_PASSWORD ?? ""}@${process.env.DB_HOST ?? "localhost"}:${process.env.DB_PORT ?? "5432"}/${dbName}`,
      IOTPAY_INBOX_REDRIVE: "on",
      IOTPAY_INBOX_REDRIVE_IDLE_MS: "3000",
      IOTPAY_INBOX_REDRIVE_SCHEDULE: "*/2 * * * * *",
      IOTPAY_RECONCILE: "off", // recovery must come from the inbox, not from asking IOTPay
      LOG_LEVEL: "info",
    })

    it("makes the order after a SIGKILL right after SUCCESS, with no resend and no shopper", async () => {
      const sf = new Storefront(api, store)
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.noNotify) // IOTPay's one delivery is the test's below
      const payOrderId = stack.sandbox.order(session.data.mchOrderNo)!.payOrderId
      const body = signed(notifyFields(stack.sandbox, payOrderId), MERCHANT.secretKey)

      child = await startChildMedusa(CHILD_PORT, childEnv(), logFile)
      // Authorizing asks IOTPay (cc_query): hold that answer so the process dies mid-way, before any order exists.
      await stack.sandbox.addFault({ endpoint: "cc_query", latencyMs: 60_000, times: 0 })
      expect(await postNotify(child.url, body)).toEqual({ status: 200, body: "SUCCESS" })
      await sigkill(child)
      child = undefined
      await stack.sandbox.clearFaults()
      expect(await ordersOfCart(getContainer(), cart.id)).toHaveLength(0)
      const [kept] = await inboxRows(getContainer(), payOrderId)
      expect([kept.deliveries, kept.processed_at]).toEqual([1, null])

      child = await startChildMedusa(CHILD_PORT, childEnv(), logFile)
      const [orderId] = await waitFor(
        async () => {
          const ids = await ordersOfCart(getContainer(), cart.id)
          return ids.length ? ids : null
        },
        "the restarted Medusa to make the order from the inbox",
        90_000,
        1000
      )
      expect(orderId).toMatch(/^order_/)
      const [row] = await waitFor(
        async () => {
          const rows = await inboxRows(getContainer(), payOrderId)
          return rows[0]?.outcome === "order_created" ? rows : null
        },
        "the outcome on the row",
        30_000
      )
      expect([row.deliveries, row.redrives >= 1]).toEqual([1, true])
      // IOTPay delivered nothing itself (the test's one delivery was the only one), and nothing was sent twice.
      expect(stack.sandbox.notifications().filter((n) => n.payOrderId === payOrderId)).toHaveLength(0)
      expect(await ordersOfCart(getContainer(), cart.id)).toHaveLength(1)
    })
  },
})
