import { createServer } from "node:net"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { startSandbox, type RunningSandbox } from "../../src/sandbox"
import { waitFor as pollFor } from "../../src/__tests__/support"

export const MERCHANT = { merchantId: "10000701", loginName: "itest", secretKey: "integration-secret-key" }
export const STOREFRONT = "http://storefront.test"

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts the IOTPay sandbox and points the repo's medusa-config at it. Must be called at the top level of a spec,
 * before medusaIntegrationTestRunner, so this beforeAll runs before Medusa boots and reads the env. Medusa's port is
 * fixed up front because the provider builds IOTPay's notifyUrl from it.
 */
export function useIotpayStack(sandboxOptions: Parameters<typeof startSandbox>[0] = {}) {
  const stack = { sandbox: undefined as unknown as RunningSandbox, medusaUrl: "" }
  beforeAll(async () => {
    stack.sandbox = await startSandbox({
      ...MERCHANT,
      notifyRetryDelaysMs: [0, 200, 400, 800, 1600],
      ...sandboxOptions,
    })
    const port = await freePort()
    stack.medusaUrl = `http://localhost:${port}`
    Object.assign(process.env, {
      PORT: String(port),
      IOTPAY_MERCHANT_ID: MERCHANT.merchantId,
      IOTPAY_LOGIN_NAME: MERCHANT.loginName,
      IOTPAY_SECRET_KEY: MERCHANT.secretKey,
      IOTPAY_API_BASE: stack.sandbox.apiBase,
      IOTPAY_V1_API_BASE: stack.sandbox.v1.apiBase,
      IOTPAY_V1_REFUND_QUERY_PATH: "query_refund_order",
      IOTPAY_BACKEND_URL: stack.medusaUrl,
      IOTPAY_RETURN_URL: `${STOREFRONT}/checkout/iotpay-return`,
      IOTPAY_ALLOWED_RETURN_URLS: STOREFRONT,
      MEDUSA_ADMIN_DISABLED: "true",
      // The reconcile job would complete paid carts on its own schedule, mid-test; tests run it explicitly.
      IOTPAY_RECONCILE: "off",
    })
  })
  afterAll(async () => {
    await stack.sandbox?.close()
  })
  return stack
}

/**
 * Polls until `check` returns a truthy value (notify delivery and subscribers are asynchronous): the unit tests'
 * waitFor, with the patience a booted Medusa needs.
 */
export const waitFor = <T>(
  check: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 200
) => pollFor(check, what, timeoutMs, intervalMs)

/** The orders a cart was completed into (the notify path completes carts asynchronously). */
export async function ordersOfCart(container: MedusaContainer, cartId: string): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  return data.map((row: { order_id: string }) => row.order_id)
}
