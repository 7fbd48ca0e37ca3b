import { mchOrderNoForSession } from "../../../iotpay"
import { notifyApiOf } from "../notify-service"

/** A payment module holding one session per id, counting the queries it answers. */
function paymentModule(sessions: Record<string, string>) {
  const asked: string[] = []
  return {
    asked,
    listPaymentSessions: async (filter: { id: string }) => {
      asked.push(filter.id)
      return sessions[filter.id] ? [{ id: filter.id, provider_id: sessions[filter.id] }] : []
    },
  } as never as { asked: string[]; listPaymentSessions: () => Promise<never[]> }
}

/** A Medusa payment session id (a ULID) made of one repeated character. */
const sessionId = (c: string) => `payses_01K${c.repeat(23)}`
const CARD = sessionId("A")
const WECHAT = sessionId("B")
const OTHER = sessionId("C")
const MISSING = sessionId("D")

describe("notifyApiOf (which API a notify belongs to, from the session it names)", () => {
  it("reads a session once: repeats of its notifies cost no query", async () => {
    const payment = paymentModule({
      [CARD]: "pp_iotpay_iotpay",
      [WECHAT]: "pp_iotpay-wechat_iotpay",
    })
    const card = mchOrderNoForSession(CARD, 1)
    const wechat = mchOrderNoForSession(WECHAT, 2)
    for (let i = 0; i < 3; i++) {
      expect(await notifyApiOf(payment, "iotpay", card)).toBe("v3")
      expect(await notifyApiOf(payment, "iotpay", wechat)).toBe("v1")
    }
    expect(payment.asked).toEqual([CARD, WECHAT])
  })

  it("a session of another entry, or none: null, asked again next time (it is not remembered)", async () => {
    const payment = paymentModule({ [OTHER]: "pp_iotpay_other" })
    const other = mchOrderNoForSession(OTHER, 1)
    const missing = mchOrderNoForSession(MISSING, 1)
    for (let i = 0; i < 2; i++) {
      expect(await notifyApiOf(payment, "iotpay", other)).toBeNull()
      expect(await notifyApiOf(payment, "iotpay", missing)).toBeNull()
    }
    expect(payment.asked).toHaveLength(4)
    expect(await notifyApiOf(payment, "iotpay", "not-a-session-number")).toBeNull()
    expect(payment.asked).toHaveLength(4)
  })
})
