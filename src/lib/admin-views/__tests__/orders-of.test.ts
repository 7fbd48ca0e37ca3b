// Settings → IOTPay's inbox links each notify to its order: payments by their session, refunds by the Medusa refund,
// voids and cancels by the session their number was made from (numbers as src/iotpay/ids.ts makes them).
import { mchOrderNoForSession, mchRefundNoFor } from "../../../iotpay"
import { ordersOf } from "../payment-activity"

const SESSION = "payses_01JD8ZP3XG0B5Q2M7Y4T9K6WAE"
const REFUND = "ref_01JD8ZQ0000000000000000000"
const collection = { order: { id: "order_1", display_id: 7 }, cart: { id: "cart_1" } }

/** Medusa's query.graph over one session and one refund of its payment; records what was asked. */
function fakeQuery() {
  const asked: { entity: string; ids: string[] }[] = []
  const rows: Record<string, any[]> = {
    payment_session: [{ id: SESSION, payment_collection: collection }],
    refund: [{ id: REFUND, payment: { payment_session_id: SESSION, payment_collection: collection } }],
  }
  return {
    asked,
    graph: async ({ entity, filters }: { entity: string; filters: { id: string[] } }) => {
      asked.push({ entity, ids: filters.id })
      return { data: rows[entity].filter((r) => filters.id.includes(r.id)) }
    },
  }
}

it("links a payment's, a refund's, a void's and a cancel's notify to the same order", async () => {
  const query = fakeQuery()
  const payment = mchOrderNoForSession(SESSION)
  const refund = mchRefundNoFor("refund", REFUND)
  const voided = mchRefundNoFor("void", SESSION)
  const cancel = mchRefundNoFor("cancel_refund", SESSION)
  const links = await ordersOf(query, [payment, refund, voided, cancel, null])
  for (const no of [payment, refund, voided, cancel]) {
    expect([no, links.get(no)]).toEqual([
      no,
      { order: { id: "order_1", displayId: 7 }, cart: { id: "cart_1", sessionId: SESSION } },
    ])
  }
  expect(query.asked).toEqual([
    { entity: "payment_session", ids: [SESSION] },
    { entity: "refund", ids: [REFUND] },
  ])
})

it("leaves numbers it cannot trace (a retried attempt's digest, someone else's) unlinked, asking nothing", async () => {
  const query = fakeQuery()
  const digest = mchRefundNoFor("void", `${SESSION}#2`)
  const links = await ordersOf(query, [digest, "NOT-OURS-1"])
  expect(links.size).toBe(0)
  expect(query.asked).toEqual([])
})
