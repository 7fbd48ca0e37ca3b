// Modes for what IOTPay's docs leave open: repeated mchRefundNo, cc_query by mchRefundNo, signed answers.
import { startSandbox } from "../index"
import { verify } from "../sign"
import { control, MERCHANT, paidPayOrderId, startHarness, uid, v3, type Harness } from "./helpers"

/** Runs `fn` against a sandbox started with `options`, closing it afterwards. */
async function withHarness(
  options: Parameters<typeof startHarness>[0],
  fn: (h: Harness) => Promise<void>
): Promise<void> {
  const h = await startHarness(options)
  try {
    await fn(h)
  } finally {
    await h.close()
  }
}

it("GET /_sandbox/health shows the modes; defaults are replay, query by refund no, signed answers", async () => {
  await withHarness({}, async (h) => {
    expect((await control(h.sb, "GET", "health")).json.modes).toEqual({
      refundBeforeSettlement: true,
      repeatedRefundNo: "replay",
      queryByRefundNo: true,
      signResponses: true,
      autoSettleMs: null,
    })
  })
  const opts = {
    refundBeforeSettlement: false,
    repeatedRefundNo: "refuse",
    queryByRefundNo: false,
    signResponses: false,
    autoSettleMs: 5,
  } as const
  await withHarness(opts, async (h) => {
    expect((await control(h.sb, "GET", "health")).json.modes).toEqual(opts)
  })
})

it("refuses an unknown repeatedRefundNo", async () => {
  await expect(startSandbox({ repeatedRefundNo: "ignore" as "replay" })).rejects.toThrow(
    "sandbox option repeatedRefundNo must be replay or refuse"
  )
})

describe("repeatedRefundNo", () => {
  it("'replay' (default): identical parameters answer the original record", async () => {
    await withHarness({}, async (h) => {
      const payOrderId = await paidPayOrderId(h)
      const mchRefundNo = uid("R")
      const first = await v3(h.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 100 })
      expect(await v3(h.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 100 })).toEqual(first)
      expect(h.sb.order(payOrderId)?.refundable).toBe(900)
    })
  })

  it("'refuse': identical parameters answer FAIL 'mchRefundNo already exists', money unchanged (refund and void)", async () => {
    await withHarness({ repeatedRefundNo: "refuse" }, async (h) => {
      const payOrderId = await paidPayOrderId(h)
      const mchRefundNo = uid("R")
      expect((await v3(h.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 100 })).retCode).toBe("SUCCESS")
      expect(await v3(h.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 100 })).toEqual({
        retCode: "FAIL",
        retMsg: "mchRefundNo already exists",
      })
      // different parameters stay "already used", as in replay mode
      expect((await v3(h.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 101 })).retMsg).toBe(
        "mchRefundNo already used"
      )
      expect(h.sb.order(payOrderId)?.refundable).toBe(900)

      const other = await paidPayOrderId(h)
      const voidNo = uid("V")
      expect((await v3(h.sb, "cc_void", { payOrderId: other, mchRefundNo: voidNo })).retCode).toBe("SUCCESS")
      expect((await v3(h.sb, "cc_void", { payOrderId: other, mchRefundNo: voidNo })).retMsg).toBe(
        "mchRefundNo already exists"
      )
      expect(h.sb.orders().filter((o) => o.originalOrderId === other)).toHaveLength(1)
    })
  })
})

describe("queryByRefundNo", () => {
  it("true (default): cc_query by mchOrderNo finds a refund by its mchRefundNo", async () => {
    await withHarness({}, async (h) => {
      const payOrderId = await paidPayOrderId(h)
      const mchRefundNo = uid("R")
      await v3(h.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 100 })
      expect((await v3(h.sb, "cc_query", { mchOrderNo: mchRefundNo })).retData).toMatchObject({ payType: "refund" })
    })
  })

  it("false: the same query answers FAIL 'merchant order id does not exist' (0112); payments and RP ids still found", async () => {
    await withHarness({ queryByRefundNo: false }, async (h) => {
      const payOrderId = await paidPayOrderId(h)
      const mchRefundNo = uid("V")
      const reversal = (await v3(h.sb, "cc_void", { payOrderId, mchRefundNo })).retData!
      expect(await v3(h.sb, "cc_query", { mchOrderNo: mchRefundNo })).toEqual({
        retCode: "FAIL",
        retMsg: "merchant order id does not exist",
        errCode: "0112",
      })
      expect((await v3(h.sb, "cc_query", { payOrderId: reversal.payOrderId })).retData).toMatchObject({
        mchOrderNo: mchRefundNo,
      })
      expect((await v3(h.sb, "cc_query", { payOrderId })).retCode).toBe("SUCCESS")
    })
  })
})

describe("signResponses", () => {
  it("true (default): retData is signed", async () => {
    await withHarness({}, async (h) => {
      const payOrderId = await paidPayOrderId(h)
      const { retData } = await v3(h.sb, "cc_query", { payOrderId })
      expect(verify(retData!, MERCHANT.secretKey)).toBe(true)
    })
  })

  it("false: retData carries no sign (records and redirects alike)", async () => {
    await withHarness({ signResponses: false }, async (h) => {
      const purchase = await v3(h.sb, "cc_purchase", {
        mchOrderNo: uid("O"),
        mchUserId: "u1",
        amount: 100,
        currency: "CAD",
        channel: "PF_CC",
        notifyUrl: "https://shop.example.com/notify",
        returnUrl: "https://shop.example.com/return",
      })
      expect(purchase.retCode).toBe("SUCCESS")
      expect(purchase.retData).not.toHaveProperty("sign")
      const refundNo = uid("R")
      const card = await v3(h.sb, "cc_directaddcard", {
        cardId: uid("C"),
        cardNum: "4242424242424242",
        cvv: "123",
        holder: "A",
        channel: "PF_CC",
      })
      expect(card.retData).not.toHaveProperty("sign")
      const paid = await v3(h.sb, "cc_purchasewithtoken", {
        mchOrderNo: uid("T"),
        mchUserId: "u1",
        cardId: card.retData!.cardId,
        amount: 500,
        currency: "CAD",
      })
      expect(paid.retData).toMatchObject({ status: 2 })
      expect(paid.retData).not.toHaveProperty("sign")
      const refund = await v3(h.sb, "cc_refund", {
        payOrderId: paid.retData!.payOrderId,
        mchRefundNo: refundNo,
        refundAmount: 1,
      })
      expect(refund.retData).not.toHaveProperty("sign")
    })
  })
})

it("cc_query of an unknown number: FAIL 'merchant order id does not exist', errCode 0112", async () => {
  await withHarness({}, async (h) => {
    for (const fields of [{ mchOrderNo: "never-seen" }, { payOrderId: "PC000" }]) {
      expect(await v3(h.sb, "cc_query", fields)).toEqual({
        retCode: "FAIL",
        retMsg: "merchant order id does not exist",
        errCode: "0112",
      })
    }
  })
})
