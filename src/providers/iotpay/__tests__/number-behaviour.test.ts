// sendIdempotent after a lost answer, for each reversalLookup / repeatedRefundNo: who is asked, and what a refused
// resend means. A stub client, so IOTPay's wording can differ from the sandbox's.
import { IotpayNotFoundError, IotpayOutcomeUnknownError, IotpayRejectedError, type IotpayClient } from "../../../iotpay"
import { sendIdempotent, type NumberBehaviour } from "../../../lib/gateway/idempotent-send"

const lost = () => new IotpayOutcomeUnknownError("cc_refund", "no response headers within the timeout")
// A refusal of a repeat in words the plugin does not recognise as "already exists".
const refusedInOtherWords = () => new IotpayRejectedError("cc_refund", "refund no exists already")

function stub(answers: Array<() => never>) {
  const queries: unknown[] = []
  const client = {
    query: async (q: unknown) => (
      queries.push(q),
      Promise.reject(new IotpayNotFoundError("cc_query", "merchant order id does not exist", { errorCode: "0112" }))
    ),
  }
  let sent = 0
  const send = async () => answers[sent++]()
  return { client: client as unknown as IotpayClient, send, queries, sends: () => sent }
}
const throwing = (make: () => Error) => (): never => {
  throw make()
}

it.each<[NumberBehaviour, string]>([
  [{ reversalLookup: "none", repeatedRefundNo: "refuse" }, "unknown"],
  [{ reversalLookup: "none", repeatedRefundNo: "replay" }, "refused"],
  [{ reversalLookup: "query-by-number", repeatedRefundNo: "refuse" }, "refused"],
])("%o: a resend refused in unfamiliar words is %s", async (behaviour, outcome) => {
  const s = stub([throwing(lost), throwing(refusedInOtherWords)])
  const error = await sendIdempotent(s.client, "R01TEST", s.send, behaviour).catch((e) => e)
  expect(error).toBeInstanceOf(outcome === "unknown" ? IotpayOutcomeUnknownError : IotpayRejectedError)
  expect(s.sends()).toBe(2)
  // Without a lookup IOTPay is never asked by the number: its "does not exist" would mean nothing.
  expect(s.queries).toHaveLength(behaviour.reversalLookup === "none" ? 0 : 1)
})
