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
        mchOrderNo: "P01",
        retMsg: undefined,
        text: "IOTPay says: payment approved (IOTPay order P01).",
      },
    }
    expect(readReturn(search)).toEqual(expected)
    expect(readReturn(new URLSearchParams(search))).toEqual(expected)
    expect(
      readReturn({ cart_id: ["cart_1", "other"], mchOrderNo: "P01", retCode: "SUCCESS", status: "2", x: undefined })
    ).toEqual(expected)
  })

  it("a failure names IOTPay's message; no query means no hint", () => {
    expect(readReturn("?cart_id=c&retCode=FAIL&retMsg=card%20declined").hint?.text).toBe(
      "IOTPay says: card declined (FAIL)."
    )
    expect(readReturn("?retCode=FAIL").hint?.text).toBe("IOTPay says: payment not completed (FAIL).")
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
      { retCode: "FAIL", claimsApproved: false, text: expect.stringMatching(/^IOTPay says: .+ \(FAIL\)\.$/) },
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
      expect(read).toMatchObject({ ...hint, mchOrderNo: input.mchOrderNo })
    }
  )
})
