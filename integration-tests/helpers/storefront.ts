import { STOREFRONT } from "./stack"

type Api = { get: Function; post: Function }
export type Store = { regionId: string; publishableKey: string; variants: { id: string }[]; shippingOptionId: string }

const address = {
  first_name: "Jane",
  last_name: "Shopper",
  address_1: "100 King St W",
  city: "Toronto",
  province: "ON",
  postal_code: "M5X 1A9",
  country_code: "ca",
}

/** The HTTP answer of a request expected to fail (status 200 and no data if it succeeded). */
export const errorOf = (promise: Promise<unknown>): Promise<{ status: number; data: any }> =>
  promise.then(() => ({ status: 200, data: {} })).catch((e: any) => e.response)

/** What a storefront does up to the IOTPay redirect: cart, address, shipping, payment session. */
export class Storefront {
  constructor(private readonly api: Api, private readonly store: Store, private readonly token?: string) {}

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

  async cart(options: { regionId?: string; variantIndex?: number; quantity?: number } = {}) {
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
    await this.api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: options_.shipping_options[0].id }, this.headers)
    const { data: refreshed } = await this.api.get(`/store/carts/${cartId}`, this.headers)
    return refreshed.cart as { id: string; total: number; currency_code: string }
  }

  /** Returns the IOTPay session data the storefront redirects with (redirectUrl, secureId, mchOrderNo). */
  async payWithIotpay(cartId: string, data: Record<string, unknown> = { return_url: `${STOREFRONT}/checkout/iotpay-return` }) {
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
    return data as { type: "order"; order: { id: string; total: number } } | { type: "cart"; error: { message: string } }
  }
}
