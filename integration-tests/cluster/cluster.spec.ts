import os from "node:os"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { seedStore, type SeededStore } from "../../scripts/seed-store"
import { startChildMedusa, sigkill, type ChildMedusa } from "../helpers/child-medusa"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { inboxRows } from "../helpers/inbox"
import { notifyFields, postNotify, signed } from "../helpers/notify"
import { MERCHANT, ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { Storefront } from "../helpers/storefront"

jest.setTimeout(15 * 60_000)

// Production topology: Redis event bus, workflow engine and locking (REDIS_URL, set by scripts/with-redis.js); two
// server-mode instances taking IOTPay's notifies and one worker running the subscriber, re-drive and jobs, all on one
// Postgres. The runner's own Medusa is a server too: it only seeds and answers the storefront.
process.env.MEDUSA_WORKER_MODE = "server"
const stack = useIotpayStack()
const dbName = `iotpay_cluster_${process.pid}`
const BASE_PORT = 9500 + (process.pid % 300) * 3
const logDir = path.join(os.tmpdir(), `iotpay-cluster-${process.pid}`)

medusaIntegrationTestRunner({
  dbName,
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    let sf: Storefront
    const nodes: { servers: ChildMedusa[]; worker?: ChildMedusa } = { servers: [] }

    const databaseUrl = () =>
      `postgres://${process.env.DB_USERNAME ?? "postgres"}:${process.env.DB_PASSWORD ?? ""}@${process.env.DB_HOST ?? "localhost"}:${process.env.DB_PORT ?? "5432"}/${dbName}`
    const env = (mode: "server" | "worker") => ({
      DATABASE_URL: databaseUrl(),
      MEDUSA_WORKER_MODE: mode,
      IOTPAY_RECONCILE: "off",
      IOTPAY_INBOX_REDRIVE: "on",
      IOTPAY_INBOX_REDRIVE_IDLE_MS: "3000",
      IOTPAY_INBOX_REDRIVE_SCHEDULE: "*/2 * * * * *",
      LOG_LEVEL: "info",
    })
    const log = (name: string) => path.join(logDir, `${name}.log`)
    const startWorker = async () => (nodes.worker = await startChildMedusa(BASE_PORT + 2, env("worker"), log("worker")))
    const reconcileRuns = (file: string) =>
      (
        require("node:fs")
          .readFileSync(file, "utf8")
          .match(/IOTPay reconcile: (\d+ attempts due|the previous run is still going)/g) ?? []
      ).length

    beforeAll(async () => {
      require("node:fs").mkdirSync(logDir, { recursive: true })
      store = await seedStore(getContainer())
      sf = new Storefront(api, store)
      nodes.servers = await Promise.all(
        [0, 1].map((i) => startChildMedusa(BASE_PORT + i, env("server"), log(`server-${i}`)))
      )
      await startWorker()
    })
    afterAll(async () => {
      await Promise.all([...nodes.servers, ...(nodes.worker ? [nodes.worker] : [])].map((n) => sigkill(n)))
    })

    /** `count` paid carts, made one after another (setting up is not what is under test). */
    async function paidCarts(count: number) {
      const carts = []
      for (let i = 0; i < count; i++) carts.push(await paidCart())
      return carts
    }

    /** A cart the shopper paid on the hosted page (no notify from IOTPay itself: the test delivers them). */
    async function paidCart() {
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.noNotify)
      const payOrderId = stack.sandbox.order(session.data.mchOrderNo)!.payOrderId
      return { cart, session, payOrderId, body: signed(notifyFields(stack.sandbox, payOrderId), MERCHANT.secretKey) }
    }

    /** Ten deliveries of the same notify, split across both servers, all at once. */
    const deliverTenTimes = (body: Record<string, unknown>) =>
      Promise.all(Array.from({ length: 10 }, (_, i) => postNotify(nodes.servers[i % 2].url, body)))

    const completeAt = (server: ChildMedusa, cartId: string) =>
      fetch(`${server.url}/store/carts/${cartId}/complete`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-publishable-api-key": store.publishableKey },
      }).then((r) => r.status)

    async function expectOneOrderEach(carts: { cart: { id: string }; session: { id: string } }[]) {
      const payment = getContainer().resolve(Modules.PAYMENT)
      for (const { cart, session } of carts) {
        const orders = await waitFor(
          async () => {
            const ids = await ordersOfCart(getContainer(), cart.id)
            return ids.length ? ids : null
          },
          `an order for ${cart.id}`,
          120_000,
          500
        )
        const payments = await waitFor(
          async () => {
            const found = await payment.listPayments({ payment_session_id: session.id })
            return found.length ? found : null
          },
          `the payment of ${session.id}`,
          60_000,
          500
        )
        expect([orders.length, payments.length]).toEqual([1, 1])
      }
    }

    it("20 paid carts, each notified 10 times across two servers while the storefront completes half: 20 orders, 20 inbox rows", async () => {
      const carts = await paidCarts(20)
      const answers = await Promise.all(
        carts.map(async (c, i) => {
          const [deliveries] = await Promise.all([
            deliverTenTimes(c.body),
            i % 2 === 0 ? completeAt(nodes.servers[i % 4 < 2 ? 0 : 1], c.cart.id) : Promise.resolve(200),
          ])
          return deliveries
        })
      )
      expect(answers.flat().every((a) => a.status === 200 && a.body === "SUCCESS")).toBe(true)
      await expectOneOrderEach(carts)
      for (const c of carts) {
        const rows = await waitFor(
          async () => {
            const found = await inboxRows(getContainer(), c.payOrderId)
            return found.length && found.every((r) => r.processed_at) ? found : null
          },
          `the inbox row of ${c.payOrderId} to be processed`,
          60_000,
          500
        )
        expect(rows.map((r) => r.deliveries)).toEqual([10])
      }
    })

    // Nothing here shows how far the worker had got when it died (it may have processed none, some or all of the
    // first five): what is shown is that deliveries answered while it was down, or being killed, are not lost.
    it("the worker is SIGKILLed while notifies are being delivered, then restarted: every paid cart still gets exactly one order", async () => {
      const carts = await paidCarts(10)
      const first = carts.slice(0, 5).map((c) => deliverTenTimes(c.body))
      await sigkill(nodes.worker!)
      nodes.worker = undefined
      const rest = carts.slice(5).map((c) => deliverTenTimes(c.body))
      const answers = (await Promise.all([...first, ...rest])).flat()
      // The servers answer SUCCESS only once the inbox row is written: with the worker down, nothing is lost.
      expect(answers.every((a) => a.status === 200 && a.body === "SUCCESS")).toBe(true)
      await startWorker()
      await expectOneOrderEach(carts)
    })

    it("the reconcile job runs once per interval across the cluster, not once per worker", async () => {
      await sigkill(nodes.worker!)
      const every2s = { ...env("worker"), IOTPAY_RECONCILE: "on", IOTPAY_RECONCILE_SCHEDULE: "*/2 * * * * *" }
      const workers = await Promise.all(
        [0, 1].map((i) => startChildMedusa(BASE_PORT + 2 + i, every2s, log(`reconcile-worker-${i}`)))
      )
      nodes.worker = workers[0]
      nodes.servers.push(workers[1]) // stopped with the others after the suite
      const files = [0, 1].map((i) => log(`reconcile-worker-${i}`))
      const count = () => files.reduce((sum, f) => sum + reconcileRuns(f), 0)
      await waitFor(async () => count() > 0, "the first reconcile run", 30_000, 250)
      const before = count()
      const windowMs = 20_000
      await new Promise((r) => setTimeout(r, windowMs))
      const runs = count() - before
      // One run every 2 s cluster-wide: about 10 in 20 s. Once per worker would be about 20.
      expect(runs).toBeGreaterThanOrEqual(windowMs / 2000 - 3)
      expect(runs).toBeLessThanOrEqual(windowMs / 2000 + 1)
    })
  },
})
