/** The nine /v3/ endpoints: envelope checks (merchant, signature, login), field checks, then the Ledger. */
import { checkCardInput, walletBehaviour } from "./cards"
import type { SandboxContext } from "./context"
import type { EndpointFault, ReversalFaultStatus, V3Endpoint } from "./faults"
import type { Charged, Ledger, NewPayment } from "./ledger"
import { sign, verify } from "./sign"
import type { BoundCard } from "./state"
import {
  amount,
  channel,
  currency,
  type Fields,
  MAX,
  optionalString,
  RequestError,
  requiredString,
  url,
} from "./validate"

export interface V3Answer {
  retCode: "SUCCESS" | "FAIL"
  retMsg: string
  retData?: Record<string, unknown>
  /** IOTPay's 4-digit code for the failures its docs list (README "Error codes seen"). */
  errCode?: string
}

const ERROR_CODES: Record<string, string> = {
  "system error": "0010",
  "POST required": "0011",
  "empty body": "0012",
  "signature error": "0013",
  "merchant does not exist": "0015",
  "merchant order id does not exist": "0112",
  "order already paid": "0113",
}

export const fail = (retMsg: string): V3Answer => {
  const errCode = ERROR_CODES[retMsg]
  return errCode ? { retCode: "FAIL", retMsg, errCode } : { retCode: "FAIL", retMsg }
}

/** `fault`: the endpoint fault taken for this request, for the faults that change what the handler does. */
type Handler = (f: Fields, fault?: EndpointFault) => V3Answer

export function createV3Handlers(ctx: SandboxContext, ledger: Ledger): Record<V3Endpoint, Handler> {
  const { options, state } = ctx
  const ok = (retData: object, retMsg = ""): V3Answer => ({
    retCode: "SUCCESS",
    retMsg,
    retData: (options.signResponses ? ledger.signed(retData) : { ...retData }) as Record<string, unknown>,
  })
  // A decline is still a completed call: SUCCESS with the status-9 record, retMsg saying why.
  const chargedAnswer = (c: Charged) => ok(c.payment.record, c.declined ?? "")
  const cardAnswer = (c: BoundCard) =>
    // IOTPay lists cvv in this answer; the sandbox never keeps one, so it is always masked.
    ok({
      cardId: c.cardId,
      cardNum: c.cardNum,
      cardType: c.cardType,
      expiryDate: c.expiryDate,
      holder: c.holder,
      cvv: "***",
    })

  /** Wrong loginName is refused; the query endpoints do not document it, so there it is only checked if sent. */
  const login = (f: Fields, required: boolean) => {
    const name = required
      ? requiredString(f, "loginName", MAX.loginName)
      : optionalString(f, "loginName", MAX.loginName)
    if (name !== undefined && name !== options.loginName) throw new RequestError("loginName does not exist")
  }
  const id = (f: Fields, name: string) => requiredString(f, name, MAX.id)
  const payment = (f: Fields, chan: string, extra: Partial<NewPayment> = {}): NewPayment => {
    const req = {
      mchOrderNo: id(f, "mchOrderNo"),
      mchUserId: extra.mchUserId ?? id(f, "mchUserId"),
      amount: amount(f, "amount"),
      currency: currency(f),
      subject: optionalString(f, "subject", MAX.subject),
      body: optionalString(f, "body", MAX.body),
      channel: chan,
    }
    return { ...req, fingerprint: "", ...extra }
  }

  return {
    cc_purchase(f) {
      login(f, true)
      const chan = channel(f, ["PF_CC", "UPI_EX"])
      const notifyUrl = url(f, "notifyUrl", { noQuery: true })
      const returnUrl = url(f, "returnUrl")
      const req = payment(f, chan, { notifyUrl, returnUrl })
      req.fingerprint = JSON.stringify([
        req.mchUserId,
        req.amount,
        req.currency,
        f.subject ?? "",
        f.body ?? "",
        chan,
        notifyUrl,
        returnUrl,
      ])
      const p = ledger.openHostedPayment(req)
      const session = ledger.openSession("pay", p, returnUrl)
      return ok({ redirectUrl: `${ctx.publicBase()}/hosted/pay/${session.secureId}`, secureId: session.secureId })
    },

    cc_addcard(f) {
      login(f, true)
      const cardId = id(f, "cardId")
      channel(f, ["PF_CC"])
      const returnUrl = url(f, "returnUrl")
      if (state.cards.has(cardId)) throw new RequestError("cardId is already binding a card")
      const session = ledger.openSession("card", cardId, returnUrl)
      return ok({ redirectUrl: `${ctx.publicBase()}/hosted/card/${session.secureId}`, secureId: session.secureId })
    },

    cc_directaddcard(f) {
      login(f, true)
      const cardId = id(f, "cardId")
      channel(f, ["PF_CC"])
      const input = {
        cardNum: requiredString(f, "cardNum", 19),
        expiryDate: optionalString(f, "expiryDate", 4),
        cvv: requiredString(f, "cvv", 4),
        holder: requiredString(f, "holder", 64),
      }
      const checked = checkCardInput(input, { expiryRequired: false })
      if (!checked.ok) throw new RequestError(checked.message)
      return cardAnswer(ledger.bindCard(cardId, checked.card))
    },

    cc_querycard(f) {
      login(f, false)
      const card = state.cards.get(id(f, "cardId"))
      if (!card) throw new RequestError("cardId is not binding")
      return cardAnswer(card)
    },

    cc_purchasewithtoken(f) {
      login(f, true)
      const cardId = id(f, "cardId")
      optionalString(f, "clientIp", MAX.clientIp)
      return chargedAnswer(ledger.purchaseWithToken(payment(f, "PF_CC"), cardId))
    },

    cc_purchasewithwallet(f) {
      login(f, true)
      const walletType = optionalString(f, "walletType", MAX.body)
      if (walletType !== "ApplePay" && walletType !== "GooglePay") {
        throw new RequestError("walletType must be ApplePay or GooglePay")
      }
      const behaviour = walletBehaviour(requiredString(f, "walletData", MAX.wallet))
      if (!behaviour) throw new RequestError("walletData must be base64")
      const chan = walletType === "ApplePay" ? "CC_CA" : "CC_CG"
      // mchUserId is not a documented wallet field; take it if sent.
      const req = payment(f, chan, { mchUserId: optionalString(f, "mchUserId", MAX.id) ?? "" })
      return chargedAnswer(ledger.purchaseWithWallet(req, behaviour))
    },

    cc_refund(f, fault) {
      login(f, true)
      const [payOrderId, mchRefundNo] = [id(f, "payOrderId"), id(f, "mchRefundNo")]
      return ok(ledger.reversals.refund(payOrderId, mchRefundNo, amount(f, "refundAmount"), v3Status(fault)))
    },

    cc_void(f, fault) {
      login(f, true)
      return ok(ledger.reversals.void(id(f, "payOrderId"), id(f, "mchRefundNo"), v3Status(fault)))
    },

    cc_query(f) {
      login(f, false)
      const payOrderId = optionalString(f, "payOrderId", MAX.id)
      const mchOrderNo = optionalString(f, "mchOrderNo", MAX.id)
      if (payOrderId === undefined && mchOrderNo === undefined) {
        throw new RequestError("payOrderId or mchOrderNo is required")
      }
      const found = payOrderId !== undefined ? byPayOrderId(payOrderId) : byMchNo(mchOrderNo as string)
      // Both given: they must name the same order.
      if (!found || (mchOrderNo !== undefined && found.mchOrderNo !== mchOrderNo)) {
        throw new RequestError("merchant order id does not exist")
      }
      return ok(found)
    },
  }

  function byPayOrderId(payOrderId: string) {
    return (state.payments.get(payOrderId) ?? state.reversals.get(payOrderId))?.record
  }
  /** A payment's mchOrderNo; a refund/void's mchRefundNo too unless queryByRefundNo is off. */
  function byMchNo(no: string) {
    const payment = state.paymentByOrderNo(no)
    if (payment || !options.queryByRefundNo) return payment?.record
    return state.reversalByRefundNo(no)?.record
  }
}

/** Envelope checks shared by every endpoint, then the handler; never throws. */
export function answerV3(
  ctx: SandboxContext,
  handlers: Record<V3Endpoint, Handler>,
  endpoint: V3Endpoint,
  body: unknown,
  fault?: EndpointFault
): V3Answer {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return fail("request body must be a JSON object")
  }
  const f = body as Fields
  try {
    if (requiredString(f, "mchId", MAX.id) !== ctx.options.merchantId) return fail("merchant does not exist")
    if (!verify(f, ctx.options.secretKey)) return fail("signature error")
    return handlers[endpoint](f, fault)
  } catch (err) {
    if (err instanceof RequestError) return fail(err.message)
    ctx.options.logger.error(`sandbox: ${endpoint} failed: ${(err as Error).stack ?? String(err)}`)
    return fail("system error")
  }
}

/** The badSignature fault: the same answer, its retData carrying a well-formed but wrong `sign`. */
export function misSigned(answer: V3Answer, secretKey: string): V3Answer {
  if (!answer.retData) return answer
  const good = sign(answer.retData, secretKey)
  const wrong = `${good[0] === "0" ? "1" : "0"}${good.slice(1)}`
  return { ...answer, retData: { ...answer.retData, sign: wrong } }
}

/** A cc_refund / cc_void fault's status: faults.ts accepts only V3's reversal statuses for these endpoints. */
const v3Status = (fault: EndpointFault | undefined) => fault?.resultStatus as ReversalFaultStatus | undefined
