import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startSandbox } from "../../index"
import { KEY, LOGIN, MCH, orderFields, v1Call } from "./helpers"

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "iotpay-sandbox-v1-"))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it("v1 orders, refunds and wallet pages survive a restart with the state file", async () => {
  const options = { merchantId: MCH, loginName: LOGIN, secretKey: KEY, stateFile: join(dir, "state.json") }
  const first = await startSandbox(options)
  const paid = (await v1Call(first, "create_order", orderFields({ amount: 9954 }))).json
  const open = (await v1Call(first, "create_order", orderFields())).json
  const refundAsk = {
    mchId: MCH,
    mchRefundNo: "S1",
    refundAmount: 100,
    clientIp: "10.0.0.1",
    loginName: LOGIN,
    payOrderId: paid.payOrderId,
  }
  const refund = (await v1Call(first, "refund_order", refundAsk)).json
  await first.close()

  const second = await startSandbox(options)
  try {
    expect((await v1Call(second, "query_order", { mchId: MCH, mchOrderNo: paid.mchOrderNo })).json).toMatchObject({
      status: 2,
    })
    expect((await v1Call(second, "refund_order", refundAsk)).json.refundOrderId).toBe(refund.refundOrderId)
    expect(second.v1.act(open.payOrderId as string, "approve")).toMatchObject({ status: 2 })
    expect(second.v1.orders()).toHaveLength(3)
  } finally {
    await second.close()
  }
})
