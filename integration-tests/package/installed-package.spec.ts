import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedStore, type SeededStore } from "../../scripts/seed-store"
import { adminHeaders } from "../helpers/admin"
import { CARDS, payOnHostedPage } from "../helpers/hosted-page"
import { useIotpayStack } from "../helpers/stack"
import { Storefront } from "../helpers/storefront"

jest.setTimeout(240_000)

// Set by scripts/test-package.js: a separate app with the packed plugin installed in its node_modules.
const appDir = process.env.IOTPAY_PACKAGE_APP_DIR
if (!appDir) throw new Error("run this through `npm run test:package`, which builds, packs and installs the plugin")

const stack = useIotpayStack()

medusaIntegrationTestRunner({
  cwd: appDir,
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore

    beforeAll(async () => {
      store = await seedStore(getContainer())
    })

    it("loads the provider and routes from the installed package, not from this repo's src/", () => {
      const resolved = require.resolve("medusa-payment-iotpay/providers/iotpay", { paths: [appDir] })
      expect(resolved).toContain(`${appDir}/node_modules/medusa-payment-iotpay/.medusa/server/`)
    })

    it("checks out through IOTPay's hosted page, takes the notify, captures and refunds", async () => {
      const sf = new Storefront(api, store)
      const admin = await adminHeaders(getContainer())
      const cart = await sf.cart()
      const session = await sf.payWithIotpay(cart.id)
      await payOnHostedPage(session.data.redirectUrl, CARDS.visa)
      const result = await sf.complete(cart.id)
      if (result.type !== "order") throw new Error(`not completed: ${result.error.message}`)

      const { data } = await api.get(`/admin/orders/${result.order.id}?fields=*payment_collections.payments`, admin)
      const payment = data.order.payment_collections[0].payments[0]
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 4.99 }, admin)
      // 28.2387 (19.99 + 5.00 with Ontario HST) → 2824 cents; minus 499
      expect(stack.sandbox.order(payment.data.payOrderId)!.refundable).toBe(2325)

      // The plugin's own routes came with the package: the notify route and the admin status route.
      const notified = stack.sandbox.notifications().filter((n) => n.payOrderId === payment.data.payOrderId)
      expect(notified.some((n) => n.ok && n.body === "SUCCESS")).toBe(true)
      const panel = await api.get(`/admin/iotpay/orders/${result.order.id}`, admin)
      expect(panel.data.payments[0].refundable).toBe("23.25")
    })
  },
})
