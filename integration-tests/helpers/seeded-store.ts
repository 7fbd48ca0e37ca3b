import type { MedusaContainer } from "@medusajs/framework/types"
import { seedStore, type SeededStore } from "../../scripts/seed-store"
import { adminHeaders } from "./admin"
import { CARDS, payOnHostedPage } from "./hosted-page"
import { Storefront, type Cart } from "./storefront"

type Runner = { api: any; getContainer: () => MedusaContainer }

/**
 * The prologue every spec shares, called at the top of medusaIntegrationTestRunner's testSuite: seeds the store once
 * (beforeAll; `providers` are more payment providers for the CAD region) and makes a fresh admin before each test
 * (the runner restores the database between tests). `store` and `admin` are filled in by those hooks; `sf` is the
 * storefront's guest shopper.
 */
export function useSeededStore({ api, getContainer }: Runner, options: { providers?: string[] } = {}) {
  const store = {} as SeededStore
  const admin = { headers: {} as Record<string, string> }
  const sf = new Storefront(api, store)
  beforeAll(async () => {
    Object.assign(store, await seedStore(getContainer(), "pp_iotpay_iotpay", options.providers ?? []))
  })
  beforeEach(async () => {
    admin.headers = (await adminHeaders(getContainer())).headers
  })

  /** An order and its (first) payment, as the admin API shows them. */
  async function orderPayment(orderId: string) {
    const { data } = await api.get(
      `/admin/orders/${orderId}?fields=*payment_collections,*payment_collections.payments`,
      admin
    )
    return { order: data.order, payment: data.order.payment_collections[0].payments[0] }
  }

  /**
   * Medusa's side of a payment's money, as the admin API shows it: its amount, one number per capture and per refund
   * row (in the order made), and its state. Tests set it beside the cents the sandbox moved.
   */
  async function medusaMoney(paymentId: string) {
    const { data } = await api.get(
      `/admin/payments/${paymentId}?fields=+data,+captured_at,+canceled_at,*captures,*refunds`,
      admin
    )
    const p = data.payment
    const byTime = (rows: { created_at: string; amount: number }[]) =>
      [...rows].sort((a, b) => a.created_at.localeCompare(b.created_at)).map((r) => Number(r.amount))
    return {
      amount: Number(p.amount),
      captures: byTime(p.captures ?? []),
      refunds: byTime(p.refunds ?? []),
      captured: p.captured_at !== null && p.captured_at !== undefined,
      canceled: p.canceled_at !== null && p.canceled_at !== undefined,
      data: p.data as Record<string, any>,
    }
  }

  /** The shopper pays `cart` (a new one by default) on IOTPay's hosted page with a Visa and completes it. */
  async function paidOrder(cart?: Cart) {
    const paying = cart ?? (await sf.cart())
    const session = await sf.payWithIotpay(paying.id)
    const back = await payOnHostedPage(session.data.redirectUrl, CARDS.visa)
    const result = await sf.complete(paying.id)
    if (result.type !== "order") throw new Error(`cart not completed: ${result.error.message}`)
    return { cart: paying, session, back, ...(await orderPayment(result.order.id)) }
  }

  return { store, sf, admin, orderPayment, paidOrder, medusaMoney }
}
