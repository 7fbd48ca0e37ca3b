// IOTPay's return query as a hint: parsed from every shape a page has, and from the real sandbox's redirects.
import { startHarness, submitCard, purchaseInput, type Harness } from "../../sandbox/__tests__/helpers"
import { TEST_CARDS } from "../../sandbox"
import { readReturn, returnUrlFor } from "../return-page"

describe("readReturn", () => {
  it("reads location.search, URLSearchParams and Next.js searchParams alike", () => {
    const search = "?cart_id=cart_1&mchOrderNo=P01&retCode=SUCCESS&status=2"
    const expected = {
      cartId: "cart_1",
      hint: {
        retCode: "SUCCESS",
        claimsApproved: true,
        text: "Welcome back. We are confirming your payment…",
      },
    }
    expect(readReturn(search)).toEqual(expected)
    expect(readReturn(new URLSearchParams(search))).toEqual(expected)
    expect(
      readReturn({ cart_id: ["cart_1", "other"], mchOrderNo: "P01", retCode: "SUCCESS", status: "2", x: undefined })
    ).toEqual(expected)
  })

  it("never shows text from the URL: a spoofed retMsg or order number reaches no field of the hint", () => {
    const spoof = "Payment failed. Call +1 555 0100 with your card number to finish"
    const query = `?cart_id=c&retCode=FAIL&retMsg=${encodeURIComponent(spoof)}&mchOrderNo=${encodeURIComponent(spoof)}`
    const { hint } = readReturn(query)
    expect(hint).toEqual({
      retCode: "FAIL",
      claimsApproved: false,
      text: "Welcome back. We are checking what happened to your payment…",
    })
    expect(JSON.stringify(hint)).not.toContain("555")
    expect(readReturn("?retCode=FAIL", { locale: "fr-CA" }).hint?.text).toBe(
      "Bon retour. Nous vérifions ce qu’il est advenu de votre paiement…"
    )
    expect(readReturn("?retCode=SUCCESS", { locale: "zh" }).hint?.text).toBe("欢迎回来，正在确认您的付款…")
    expect(readReturn("?cart_id=c")).toEqual({ cartId: "c", hint: undefined })
  })

  it("returnUrlFor keeps the page's own query", () => {
    expect(returnUrlFor("https://shop.test/ca/checkout/iotpay-return?x=1", "cart_01 A")).toBe(
      "https://shop.test/ca/checkout/iotpay-return?x=1&cart_id=cart_01+A"
    )
  })
})

describe("against the IOTPay sandbox's hosted page", () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(async () => h.close())

  it.each([
    ["approved", TEST_CARDS.visa.number, { retCode: "SUCCESS", claimsApproved: true }],
    [
      "declined",
      TEST_CARDS.declined.number,
      { retCode: "FAIL", claimsApproved: false, text: "Welcome back. We are checking what happened to your payment…" },
    ],
  ])(
    "%s: the shopper comes back with the cart id intact and IOTPay's claim as the hint",
    async (_what, cardNum, hint) => {
      const input = purchaseInput({ returnUrl: returnUrlFor("https://shop.test/checkout/iotpay-return", "cart_01J") })
      const { redirectUrl } = await h.client.purchase(input)
      const res = await submitCard(redirectUrl, { cardNum })
      expect(res.status).toBe(303)
      const back = new URL(res.location!)
      expect(back.origin + back.pathname).toBe("https://shop.test/checkout/iotpay-return")
      const { cartId, hint: read } = readReturn(back.search)
      expect(cartId).toBe("cart_01J")
      expect(read).toMatchObject(hint)
      expect(back.searchParams.get("mchOrderNo")).toBe(input.mchOrderNo)
    }
  )
})
