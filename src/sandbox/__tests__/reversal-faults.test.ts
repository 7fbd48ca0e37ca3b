// Fault `resultStatus` on cc_refund / cc_void: failed (9) and pending (0/1) reversals, settled by
// /_sandbox/reversals/settle.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ControlSpecError, RequestError } from "../index"
import { verify } from "../sign"
import {
  control,
  MERCHANT,
  paidPayOrderId,
  startHarness,
  startNotifyReceiver,
  uid,
  v3,
  waitFor,
  type Harness,
} from "./helpers"

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())
afterEach(() => h.sb.clearFaults())

const refund = (payOrderId: string, mchRefundNo: string, refundAmount: number) =>
  v3(h.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount })
const voidIt = (payOrderId: string, mchRefundNo: string) => v3(h.sb, "cc_void", { payOrderId, mchRefundNo })

describe("resultStatus 9: a failed reversal, no money moved", () => {
  it("cc_refund answers SUCCESS with the status-9 record; refundable unchanged; a repeat replays it", async () => {
    const payOrderId = await paidPayOrderId(h)
    await control(h.sb, "POST", "faults", { endpoint: "cc_refund", resultStatus: 9 })
    const mchRefundNo = uid("R")
    const answer = await refund(payOrderId, mchRefundNo, 300)
    expect(answer).toMatchObject({
      retCode: "SUCCESS",
      retData: {
        status: 9,
        amount: 300,
        refundable: 1000,
        mchOrderNo: mchRefundNo,
        originalOrderId: payOrderId,
        paySuccTime: "",
      },
    })
    expect(verify(answer.retData!, MERCHANT.secretKey)).toBe(true)
    expect(h.sb.order(payOrderId)?.refundable).toBe(1000)
    expect(h.sb.order(mchRefundNo)?.status).toBe(9)
    // replay mode (default): the failed record again, still nothing moved
    expect((await refund(payOrderId, mchRefundNo, 300)).retData).toEqual(answer.retData)
    expect(h.sb.order(payOrderId)?.refundable).toBe(1000)
    // a new number refunds normally
    expect((await refund(payOrderId, uid("R"), 1000)).retData).toMatchObject({ status: 2, refundable: 0 })
  })

  it("a failed void leaves the payment voidable", async () => {
    const payOrderId = await paidPayOrderId(h)
    h.sb.addFault({ endpoint: "cc_void", resultStatus: 9 })
    expect((await voidIt(payOrderId, uid("V"))).retData).toMatchObject({ status: 9, refundable: 1000 })
    expect(h.sb.order(payOrderId)).toMatchObject({ refundable: 1000, sandbox: { voided: false } })
    expect((await voidIt(payOrderId, uid("V"))).retData).toMatchObject({ status: 2, refundable: 0 })
  })

  it("a failed refund does not block a void", async () => {
    const payOrderId = await paidPayOrderId(h)
    h.sb.addFault({ endpoint: "cc_refund", resultStatus: 9 })
    await refund(payOrderId, uid("R"), 100)
    expect((await voidIt(payOrderId, uid("V"))).retData).toMatchObject({ status: 2, refundable: 0 })
  })

  it("repeatedRefundNo 'refuse': a repeat of the failed number is refused", async () => {
    const strict = await startHarness({ repeatedRefundNo: "refuse" })
    try {
      const payOrderId = await paidPayOrderId(strict)
      strict.sb.addFault({ endpoint: "cc_refund", resultStatus: 9 })
      const mchRefundNo = uid("R")
      await v3(strict.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 100 })
      expect(await v3(strict.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 100 })).toEqual({
        retCode: "FAIL",
        retMsg: "mchRefundNo already exists",
      })
      expect(strict.sb.order(payOrderId)?.refundable).toBe(1000)
    } finally {
      await strict.close()
    }
  })
})

describe.each([0, 1])("resultStatus %i: a pending reversal", (status) => {
  it("cc_refund reserves the money; settle 2 completes it (and notifies), a repeat replays the current record", async () => {
    const receiver = await startNotifyReceiver()
    try {
      const payOrderId = await paidPayOrderId(h, 1000, receiver.url)
      h.sb.addFault({ endpoint: "cc_refund", resultStatus: status })
      const mchRefundNo = uid("R")
      const pending = (await refund(payOrderId, mchRefundNo, 600)).retData!
      expect(pending).toMatchObject({ status, refundable: 400, authNum: "", paySuccTime: "" })
      expect(h.sb.order(payOrderId)?.refundable).toBe(400)
      // the reserved money cannot be refunded twice
      expect((await refund(payOrderId, uid("R"), 401)).retMsg).toBe("refund amount exceeds refundable amount")
      expect((await v3(h.sb, "cc_query", { mchOrderNo: mchRefundNo })).retData?.status).toBe(status)

      const { status: http, json } = await control(h.sb, "POST", "reversals/settle", { mchRefundNo, status: 2 })
      expect(http).toBe(200)
      expect(json).toMatchObject({
        payOrderId: pending.payOrderId,
        status: 2,
        refundable: 400,
        sandbox: { kind: "refund" },
      })
      expect(json.paySuccTime).not.toBe("")
      expect(h.sb.order(payOrderId)?.refundable).toBe(400)
      expect((await refund(payOrderId, mchRefundNo, 600)).retData).toMatchObject({
        payOrderId: pending.payOrderId,
        status: 2,
      })
      await waitFor(() => receiver.received.find((n) => n.payOrderId === pending.payOrderId), "refund notify")
      expect(receiver.received.filter((n) => n.payOrderId === pending.payOrderId)).toHaveLength(1)
      expect(receiver.received.find((n) => n.payOrderId === pending.payOrderId)).toMatchObject({ status: 2 })
    } finally {
      await receiver.close()
    }
  })

  it("cc_refund then settle 9 (in-process, by payOrderId): fails and gives the money back", async () => {
    const payOrderId = await paidPayOrderId(h)
    h.sb.addFault({ endpoint: "cc_refund", resultStatus: status })
    const pending = (await refund(payOrderId, uid("R"), 250)).retData!
    const failed = h.sb.settleReversal({ payOrderId: pending.payOrderId as string, status: 9 })
    expect(failed).toMatchObject({ status: 9, refundable: 1000 })
    expect(h.sb.order(payOrderId)?.refundable).toBe(1000)
    expect(() => h.sb.settleReversal({ payOrderId: pending.payOrderId as string, status: 2 })).toThrow(
      new RequestError("reversal is not pending (status 9)")
    )
  })

  it("cc_void reserves everything (no refund, no second void); settle 9 makes the payment voidable again", async () => {
    const payOrderId = await paidPayOrderId(h)
    h.sb.addFault({ endpoint: "cc_void", resultStatus: status })
    const mchRefundNo = uid("V")
    expect((await voidIt(payOrderId, mchRefundNo)).retData).toMatchObject({ status, refundable: 0, amount: 1000 })
    expect(h.sb.order(payOrderId)).toMatchObject({ refundable: 0, sandbox: { voided: true } })
    expect((await refund(payOrderId, uid("R"), 1)).retMsg).toBe("transaction already voided")
    expect((await voidIt(payOrderId, uid("V"))).retMsg).toBe("transaction already voided")
    h.sb.settleReversal({ mchRefundNo, status: 9 })
    expect(h.sb.order(payOrderId)).toMatchObject({ refundable: 1000, sandbox: { voided: false } })
    expect((await voidIt(payOrderId, uid("V"))).retData).toMatchObject({ status: 2 })
  })

  it("cc_void then settle 2 completes the void", async () => {
    const payOrderId = await paidPayOrderId(h)
    h.sb.addFault({ endpoint: "cc_void", resultStatus: status })
    const mchRefundNo = uid("V")
    await voidIt(payOrderId, mchRefundNo)
    expect(h.sb.settleReversal({ mchRefundNo, status: 2 })).toMatchObject({ status: 2, refundable: 0 })
    expect(h.sb.order(payOrderId)).toMatchObject({ refundable: 0, sandbox: { voided: true } })
  })
})

describe("POST /_sandbox/reversals/settle", () => {
  it.each([
    [{ status: 2 }, "payOrderId or mchRefundNo is required"],
    [{ mchRefundNo: "R1", status: 3 }, "status must be 2 (completes) or 9 (fails)"],
    [{ mchRefundNo: 5, status: 2 }, "mchRefundNo must be a string"],
  ])("400 on %j", async (body, error) => {
    expect(await control(h.sb, "POST", "reversals/settle", body)).toEqual({ status: 400, json: { error } })
  })

  it("409 for an unknown or already-final reversal, or ids that disagree", async () => {
    expect(await control(h.sb, "POST", "reversals/settle", { mchRefundNo: "nope", status: 2 })).toEqual({
      status: 409,
      json: { error: "reversal does not exist" },
    })
    const payOrderId = await paidPayOrderId(h)
    const done = (await refund(payOrderId, uid("R"), 10)).retData!
    expect((await control(h.sb, "POST", "reversals/settle", { payOrderId: done.payOrderId, status: 9 })).json).toEqual({
      error: "reversal is not pending (status 2)",
    })
    const mismatch = { payOrderId: done.payOrderId, mchRefundNo: "other", status: 9 }
    expect((await control(h.sb, "POST", "reversals/settle", mismatch)).status).toBe(409)
  })

  it("in-process, a malformed spec throws ControlSpecError", () => {
    expect(() => h.sb.settleReversal({ status: 2 })).toThrow(ControlSpecError)
  })
})

it("a pending refund survives a restart from the state file, money still reserved, and can be settled then", async () => {
  const dir = mkdtempSync(join(tmpdir(), "iotpay-sandbox-rev-"))
  const stateFile = join(dir, "state.json")
  try {
    const first = await startHarness({ stateFile })
    const payOrderId = await paidPayOrderId(first)
    first.sb.addFault({ endpoint: "cc_refund", resultStatus: 0 })
    const mchRefundNo = uid("R")
    await v3(first.sb, "cc_refund", { payOrderId, mchRefundNo, refundAmount: 400 })
    await first.close()
    const second = await startHarness({ stateFile })
    try {
      expect(second.sb.order(mchRefundNo)?.status).toBe(0)
      expect(second.sb.order(payOrderId)?.refundable).toBe(600)
      expect(second.sb.settleReversal({ mchRefundNo, status: 9 })).toMatchObject({ status: 9, refundable: 1000 })
    } finally {
      await second.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
