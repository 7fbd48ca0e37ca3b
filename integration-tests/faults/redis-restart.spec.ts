import os from "node:os"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore } from "../../scripts/seed-store"
import { startChildMedusa, sigkill, type ChildMedusa } from "../helpers/child-medusa"
import { inboxRows } from "../helpers/inbox"
import { postNotify } from "../helpers/notify"
import { ordersOfCart, useIotpayStack, waitFor } from "../helpers/stack"
import { Storefront } from "../helpers/storefront"
import { ownRedis } from "./own-redis"
import { paidCartsAwaitingNotify } from "./paid-carts"
import { recordFault } from "./report"

jest.setTimeout(15 * 60_000)

const CARTS = 8
let redis: Awaited<ReturnType<typeof ownRedis>>
// Medusa on Redis (event bus, workflow engine, locking) from the start: REDIS_URL before the runner boots.
beforeAll(async () => {
  redis = await ownRedis()
  process.env.REDIS_URL = redis.url
  process.env.MEDUSA_WORKER_MODE = "server"
})
afterAll(() => redis?.kill())
const stack = useIotpayStack()
const dbName = `iotpay_faults_redis_${process.pid}`
const BASE_PORT = 9500 + ((process.pid + 150) % 300) * 3

/**
 * Redis killed and started again (empty) while notifies arrive at two server instances with a worker behind them
 * (issue 23). Events queued in Redis are lost with it; the inbox rows are in Postgres, so the worker's re-drive job
 * must still turn every paid cart into exactly one order.
 */
medusaIntegrationTestRunner({
  dbName,
  testSuite: ({ api, getContainer }) => {
    const nodes: ChildMedusa[] = []
    const logDir = os.tmpdir()
    afterAll(async () => {
      await Promise.all(nodes.map((n) => sigkill(n)))
    })

    it("every paid cart gets exactly one order after Redis is restarted mid-delivery", async () => {
      const sf = new Storefront(api, await seedStore(getContainer()))
      const dbUrl = `postgres://${process.env.DB_USERNAME ?? "postgres"}:${process.env.DB_PASSWORD ?? ""}@${process.env.DB_HOST ?? "localhost"}:${process.env.DB_PORT ?? "5432"}/${dbName}`
      const env = (mode: string) => ({
        DATABASE_URL: dbUrl,
        MEDUSA_WORKER_MODE: mode,
        IOTPAY_INBOX_REDRIVE: "on",
        IOTPAY_INBOX_REDRIVE_IDLE_MS: "3000",
        IOTPAY_INBOX_REDRIVE_SCHEDULE: "*/2 * * * * *",
        LOG_LEVEL: "info",
      })
      const log = (name: string) => path.join(logDir, `iotpay-faults-redis-${process.pid}-${name}.log`)
      nodes.push(
        ...(await Promise.all([
          startChildMedusa(BASE_PORT, env("server"), log("server-0")),
          startChildMedusa(BASE_PORT + 1, env("server"), log("server-1")),
          startChildMedusa(BASE_PORT + 2, env("worker"), log("worker")),
        ]))
      )
      const paid = await paidCartsAwaitingNotify(sf, stack.sandbox, CARTS)
      // Four deliveries of each notify, alternating servers; Redis dies after the first half of the carts.
      const deliver = (p: (typeof paid)[number]) =>
        Promise.all(
          [0, 1, 2, 3].map((i) =>
            postNotify(nodes[i % 2].url, p.body).catch((e: Error) => ({ status: 0, body: e.message }))
          )
        )
      const half = CARTS / 2
      const before = await Promise.all(paid.slice(0, half).map(deliver))
      await redis.kill()
      const duringOutage = Promise.all(paid.slice(half).map(deliver))
      // Redis stays down until those deliveries are answered (the route does not wait for the event bus), or 30 s.
      await Promise.race([duringOutage, new Promise((r) => setTimeout(r, 30_000))])
      await redis.start()
      const during = await duringOutage
      const answers = [...before, ...during].flat()
      // A row written is SUCCESS even when queueing the event fails; anything else must not be SUCCESS.
      const success = answers.filter((a) => a.body === "SUCCESS").length

      // IOTPay resends what was not answered SUCCESS.
      for (const p of paid) {
        await waitFor(
          async () => (await postNotify(nodes[0].url, p.body)).body === "SUCCESS",
          `SUCCESS for ${p.payOrderId}`,
          120_000,
          1000
        )
      }
      const orders = []
      for (const p of paid) {
        orders.push(
          await waitFor(
            async () => {
              const ids = await ordersOfCart(getContainer(), p.cartId)
              return ids.length ? ids : null
            },
            `an order for ${p.cartId}`,
            180_000,
            1000
          )
        )
        expect(await inboxRows(getContainer(), p.payOrderId)).toHaveLength(1)
      }
      expect(orders.map((o) => o.length)).toEqual(paid.map(() => 1))
      const charges = stack.sandbox.orders().filter((o) => o.sandbox.kind === "payment").length
      expect(stack.sandbox.orders().filter((o) => o.sandbox.kind !== "payment")).toEqual([])
      recordFault({
        fault: "Redis killed and restarted",
        done:
          `two servers and a worker on a Redis of their own; ${CARTS} paid carts, 4 deliveries each across both ` +
          `servers; Redis SIGKILLed after half, started empty; ${success}/${answers.length} answered SUCCESS, the rest resent`,
        orders: `${orders.filter((o) => o.length === 1).length}/${CARTS} paid carts, one order each`,
        moneyMoves: `${charges} charges, 0 reversals`,
        lost: CARTS - orders.filter((o) => o.length === 1).length,
      })
    })
  },
})
