import { STOREFRONT } from "./stack"

type Api = { get: (...args: any[]) => Promise<any>; post: (...args: any[]) => Promise<any> }
export type Store = { regionId: string; publishableKey: string; variants: { id: string }[]; shippingOptionId: string }

/** Where the test shopper lives, by province (the seeded store taxes Ontario 13 % HST, BC 5 % GST + 7 % PST, others 5 % GST). */
const ADDRESSES = {
  on: { address_1: "100 King St W", city: "Toronto", province: "ON", postal_code: "M5X 1A9" },
  bc: { address_1: "1055 W Georgia St", city: "Vancouver", province: "BC", postal_code: "V6E 3P3" },
  ab: { address_1: "10020 100 St NW", city: "Edmonton", province: "AB", postal_code: "T5J 0N3" },
  qc: { address_1: "1000 Rue De La Gauchetière O", city: "Montréal", province: "QC", postal_code: "H3B 4W5" },
} as const
export type Province = keyof typeof ADDRESSES

export function addressIn(province: Province = "on", provinceAs?: string) {
  const { province: code, ...rest } = ADDRESSES[province]
  return { first_name: "Jane", last_name: "Shopper", ...rest, province: provinceAs ?? code, country_code: "ca" }
}

/**
 * Whole cents of a Medusa amount, rounded half-up, computed from its exact decimal text (28.2387 → 2824, 1.005 → 101)
 * with integer arithmetic: the tests' own statement of the rule, independent of the plugin's conversion.
 */
export function halfUpCents(amount: number | string): number {
  const text = typeof amount === "number" ? String(amount) : amount.trim()
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text)
  if (!m) throw new Error(`halfUpCents: not a plain positive decimal: ${text}`)
  const fraction = (m[2] ?? "").padEnd(3, "0")
  const cents = BigInt(m[1]) * BigInt(100) + BigInt(fraction.slice(0, 2))
  return Number(fraction[2] >= "5" ? cents + BigInt(1) : cents)
}

export type Cart = {
  id: string
  /** The exact total as Medusa's store API returns it: not rounded, e.g. 28.2387 for 19.99 + 5.00 in Ontario. */
  total: number
  subtotal: number
  tax_total: number
  discount_total: number
  shipping_total: number
  currency_code: string
  /** halfUpCents(total): what IOTPay should charge. */
  expectedCents: number
}

/** The HTTP answer of a request expected to fail (status 200 and no data if it succeeded). */
export const errorOf = (promise: Promise<unknown>): Promise<{ status: number; data: any }> =>
  promise.then(() => ({ status: 200, data: {} })).catch((e: any) => e.response)

/** What a storefront does up to the IOTPay redirect: cart, address, shipping, payment session. */
export class Storefront {
  constructor(
    private readonly api: Api,
    private readonly store: Store,
    private readonly token?: string
  ) {}

  /** The same storefront, acting for a signed-in customer (bearer token from the customer auth routes). */
  as(token: string) {
    return new Storefront(this.api, this.store, token)
  }

  get headers() {
    const auth = this.token ? { authorization: `Bearer ${this.token}` } : {}
    return { headers: { "x-publishable-api-key": this.store.publishableKey, ...auth } }
  }

  /** Registers a customer with email + password and returns a logged-in storefront for them. */
  async signUp(email: string, password = "s3cret-Passw0rd") {
    const registered = await this.api.post("/auth/customer/emailpass/register", { email, password })
    const asNew = this.as(registered.data.token)
    await this.api.post("/store/customers", { email, first_name: "Jane", last_name: "Shopper" }, asNew.headers)
    const login = await this.api.post("/auth/customer/emailpass", { email, password })
    return this.as(login.data.token)
  }

  /**
   * A cart with one item, shipped (and billed) to `province` (Ontario by default, so every checkout carries tax and a
   * sub-cent total), with the store's shipping option and, when given, a promotion code applied.
   * `provinceAs` sends the province in another spelling (e.g. "CA-ON", the ISO 3166-2 code Medusa's admin uses).
   */
  async cart(
    options: {
      regionId?: string
      variantIndex?: number
      quantity?: number
      province?: Province
      provinceAs?: string
      promoCode?: string
    } = {}
  ): Promise<Cart> {
    const address = addressIn(options.province, options.provinceAs)
    const { data } = await this.api.post(
      "/store/carts",
      {
        region_id: options.regionId ?? this.store.regionId,
        email: "jane@shopper.test",
        items: [{ variant_id: this.store.variants[options.variantIndex ?? 0].id, quantity: options.quantity ?? 1 }],
        shipping_address: address,
        billing_address: address,
      },
      this.headers
    )
    const cartId = data.cart.id as string
    const { data: options_ } = await this.api.get(`/store/shipping-options?cart_id=${cartId}`, this.headers)
    await this.api.post(
      `/store/carts/${cartId}/shipping-methods`,
      { option_id: options_.shipping_options[0].id },
      this.headers
    )
    if (options.promoCode) {
      await this.api.post(`/store/carts/${cartId}/promotions`, { promo_codes: [options.promoCode] }, this.headers)
    }
    return this.getCart(cartId)
  }

  /** The cart as the store API returns it now, with the cents IOTPay should charge for its total. */
  async getCart(cartId: string): Promise<Cart> {
    const { data } = await this.api.get(`/store/carts/${cartId}`, this.headers)
    return { ...data.cart, expectedCents: halfUpCents(data.cart.total) }
  }

  /** Returns the IOTPay session data the storefront redirects with (redirectUrl, secureId, mchOrderNo). */
  async payWithIotpay(
    cartId: string,
    data: Record<string, unknown> = { return_url: `${STOREFRONT}/checkout/iotpay-return` }
  ) {
    return this.paymentSession(cartId, "pp_iotpay_iotpay", data)
  }

  async paymentSession(cartId: string, providerId: string, data: Record<string, unknown>) {
    const { data: pc } = await this.api.post("/store/payment-collections", { cart_id: cartId }, this.headers)
    const { data: withSession } = await this.api.post(
      `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
      { provider_id: providerId, data },
      this.headers
    )
    const session = withSession.payment_collection.payment_sessions.find((s: any) => s.provider_id === providerId)
    return session as {
      id: string
      data: { redirectUrl: string; secureId: string; mchOrderNo: string; amountCents: number } & Record<string, any>
    }
  }

  async complete(cartId: string) {
    const { data } = await this.api.post(`/store/carts/${cartId}/complete`, {}, this.headers)
    return data as
      { type: "order"; order: { id: string; total: number } } | { type: "cart"; error: { message: string } }
  }
}
