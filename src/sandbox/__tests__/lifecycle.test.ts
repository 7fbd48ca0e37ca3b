// State file persistence, /_sandbox/ inspection and reset, clean close().
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { IotpayRejectedError } from "../../iotpay"
import { startSandbox, TEST_CARDS } from "../index"
import {
  control,
  MERCHANT,
  payHosted,
  purchaseInput,
  startHarness,
  startNotifyReceiver,
  submitCard,
  uid,
  waitFor,
} from "./helpers"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "iotpay-sandbox-"))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("stateFile", () => {
  it("keeps orders, refunds, cards and settlement across a restart", async () => {
    const stateFile = join(dir, "state.json")
    const first = await startHarness({ stateFile })
    const { mchOrderNo } = await payHosted(first, TEST_CARDS.visa.number)
    const paid = await first.client.query({ mchOrderNo })
    const mchRefundNo = uid("R")
    const refund = await first.client.refund({ payOrderId: paid.payOrderId, mchRefundNo, refundAmount: 500 })
    const cardId = uid("C")
    await first.client.directAddCard({ cardId, cardNum: TEST_CARDS.visa.number, holder: "A", cvv: "123" })
    const { redirectUrl } = await first.client.purchase(purchaseInput())
    first.sb.settle(paid.payOrderId)
    await first.close()
    const saved = readFileSync(stateFile, "utf8")
    expect(saved).not.toContain(TEST_CARDS.visa.number) // masked only

    const second = await startHarness({ stateFile })
    try {
      const { sign: _sign, ...paidFields } = paid
      expect(await second.client.query({ mchOrderNo })).toMatchObject({ ...paidFields, refundable: 1000 })
      expect(await second.client.query({ mchOrderNo: mchRefundNo })).toEqual(refund)
      // The refund is remembered for idempotency too: the same request returns it, moving nothing.
      expect(await second.client.refund({ payOrderId: paid.payOrderId, mchRefundNo, refundAmount: 500 })).toEqual(
        refund
      )
      expect(second.sb.order(paid.payOrderId)?.sandbox.settled).toBe(true)
      expect((await second.client.queryCard({ cardId })).cardNum).toBe("424242******4242")
      // A hosted page opened before the restart still works.
      expect(
        (await submitCard(redirectUrl.replace(first.sb.url, second.sb.url), { cardNum: TEST_CARDS.visa.number })).status
      ).toBe(303)
    } finally {
      await second.close()
    }
  })

  it("a UPI_EX payment pending at shutdown completes after the restart", async () => {
    const stateFile = join(dir, "upi.json")
    const first = await startHarness({ stateFile, upiDelayMs: 300 })
    const { mchOrderNo } = await payHosted(first, TEST_CARDS.visa.number, { channel: "UPI_EX" })
    await first.close()
    const second = await startHarness({ stateFile, upiDelayMs: 300 })
    try {
      expect((await second.client.query({ mchOrderNo })).status).toBe(0)
      await waitFor(() => second.sb.order(mchOrderNo)?.status === 2, "UPI completion")
    } finally {
      await second.close()
    }
  })

  it("refuses to start on a corrupt state file rather than losing it", async () => {
    const stateFile = join(dir, "corrupt.json")
    writeFileSync(stateFile, "{ not json")
    await expect(startSandbox({ ...MERCHANT, stateFile })).rejects.toThrow(SyntaxError)
  })
})

describe("/_sandbox/", () => {
  it("lists and finds orders, answers 404 for unknown ones, resets everything", async () => {
    const h = await startHarness()
    try {
      const { mchOrderNo } = await payHosted(h, TEST_CARDS.visa.number)
      expect((await control(h.sb, "GET", "health")).json).toMatchObject({ ok: true, merchantId: MERCHANT.merchantId })
      const list = (await control(h.sb, "GET", "orders")).json.orders as Array<Record<string, unknown>>
      expect(list).toHaveLength(1)
      expect(list[0]).toMatchObject({
        mchOrderNo,
        status: 2,
        sandbox: { kind: "payment", source: "hosted", settled: false },
      })
      const byNo = await control(h.sb, "GET", `orders/${mchOrderNo}`)
      const byId = await control(h.sb, "GET", `orders/${list[0].payOrderId as string}`)
      expect(byNo.json).toEqual(byId.json)
      expect((await control(h.sb, "GET", "orders/nothing")).status).toBe(404)
      expect((await control(h.sb, "GET", "nothing")).status).toBe(404)
      expect((await fetch(`${h.sb.url}/_sandbox/settle`, { method: "POST", body: "{bad" })).status).toBe(400)

      // The API calls it received, by endpoint; control routes, pages and a GET are not API calls.
      await h.client.query({ mchOrderNo })
      await fetch(`${h.sb.apiBase}/cc_query`)
      await fetch(`${h.sb.v1.apiBase}/query_order`, { method: "POST", body: "" })
      expect(h.sb.calls()).toEqual({ cc_purchase: 1, cc_query: 1, query_order: 1 })
      expect((await control(h.sb, "GET", "calls")).json).toEqual(h.sb.calls())

      expect((await control(h.sb, "POST", "reset")).json).toEqual({ ok: true })
      expect(h.sb.orders()).toEqual([])
      expect(h.sb.calls()).toEqual({})
      const err = await h.client.query({ mchOrderNo }).catch((e: unknown) => e)
      expect((err as IotpayRejectedError).retMsg).toBe("merchant order id does not exist")
    } finally {
      await h.close()
    }
  })
})

describe("close()", () => {
  it("stops pending notify retries and hung connections promptly", async () => {
    const receiver = await startNotifyReceiver(["no", "no", "no"])
    const h = await startHarness({ notifyRetryDelaysMs: [0, 60_000, 60_000] }, { headersTimeoutMs: 60_000 })
    try {
      await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
      await waitFor(() => h.sb.notifications().length === 1, "first attempt")
      await control(h.sb, "POST", "faults", { endpoint: "cc_query", commitThenHang: true })
      const hanging = h.client.query({ mchOrderNo: "x" }).catch((e: unknown) => e)
      await new Promise((r) => setTimeout(r, 50))
      const started = Date.now()
      await h.sb.close()
      expect(Date.now() - started).toBeLessThan(1000)
      await hanging
      expect(h.sb.notifications()).toHaveLength(1)
    } finally {
      await h.close()
      await receiver.close()
    }
  })
})
