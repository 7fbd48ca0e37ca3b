import { describeAnswer, errorCodeOf, failKind, isSuccess, retMsgOf } from "./answers"
import { EXIT, type Finding } from "./findings"
import { doctorNumber } from "./numbers"
import type { DoctorWire, Exchange } from "./wire"

/**
 * The probes that cannot move money: queries of numbers that cannot exist, and a refund of a payment that cannot
 * exist (the only call that checks the login name). They tell unreachable from refused credentials from a gateway
 * that answers in ways the plugin does not expect.
 */
export interface ProbeResult {
  findings: Finding[]
  /** Set when the run cannot go on (the exit code to use). */
  stop?: number
}

export async function safeProbes(wire: DoctorWire): Promise<ProbeResult> {
  const findings: Finding[] = []
  const missing = await wire.call("cc_query", { mchOrderNo: doctorNumber("DOCNX") })
  const reach = reachability(missing)
  findings.push(reach.finding)
  if (reach.stop !== undefined) return { findings, stop: reach.stop }

  const body = missing.body!
  const kind = isSuccess(body) ? "success" : failKind(body)
  if (kind === "signature" || kind === "merchant") {
    findings.push({
      id: "credentials",
      question: "Does IOTPay accept the merchant id and secret key?",
      answer:
        kind === "signature"
          ? `No: IOTPay refused the signature (${describeAnswer(body)}). The secret key is wrong, or belongs to another merchant id or host.`
          : `No: IOTPay does not know merchant id (${describeAnswer(body)}). Check the mchId and that it belongs to this host (test vs live).`,
      status: "problem",
      evidence: [missing.evidence],
    })
    return { findings, stop: EXIT.credentials }
  }
  if (kind !== "not-found") {
    findings.push({
      id: "credentials",
      question: "Does IOTPay accept the merchant id and secret key?",
      answer: `Undetermined: a query of a number that cannot exist was answered ${describeAnswer(body)}, neither "does not exist" nor a refusal of the credentials.`,
      status: "problem",
      evidence: [missing.evidence],
    })
    return { findings, stop: EXIT.unreachable }
  }
  findings.push(notFoundAnswer(missing))

  const forged = await wire.call("cc_query", { mchOrderNo: doctorNumber("DOCNX") }, { corruptSign: true })
  const checked = forged.body && !isSuccess(forged.body) && failKind(forged.body) === "signature"
  findings.push({
    id: "query-signature-checked",
    question: "Does IOTPay check the signature of a query (so an accepted query proves the secret key)?",
    answer: checked
      ? `Yes: the same query with a wrong sign was refused (${describeAnswer(forged.body)}).`
      : `No: a query with a wrong sign was answered ${describeAnswer(forged.body)}. Queries prove only the merchant id; the refund probe below checks the key.`,
    status: checked ? "ok" : "warning",
    evidence: [forged.evidence],
  })

  const login = await loginProbe(wire)
  findings.push(login.finding)
  const credentialsOk = checked || login.finding.status === "ok"
  findings.splice(1, 0, {
    id: "credentials",
    question: "Does IOTPay accept the merchant id and secret key?",
    answer: credentialsOk
      ? "Yes: signed requests are accepted and a wrongly signed one is refused."
      : "Not proven: IOTPay accepted the queries, but no request showed that it checks the key.",
    status: credentialsOk ? "ok" : login.stop !== undefined ? "problem" : "warning",
    evidence: [missing.evidence],
  })
  return { findings, stop: login.stop }
}

/** The first question of each API (V3 at --api-base, v1 at --v1-api-base). */
export function reachability(
  exchange: Exchange,
  api: { id: "reachable" | "v1-reachable"; flag: string; suffix: string } = {
    id: "reachable",
    flag: "--api-base",
    suffix: "/v3",
  }
): { finding: Finding; stop?: number } {
  const { id, flag, suffix } = api
  const question = `Is IOTPay${id === "v1-reachable" ? "'s v1 API" : ""} reachable at this address, answering as IOTPay does?`
  if (exchange.failure === "unreachable") {
    return {
      finding: {
        id,
        question,
        answer: `No: ${exchange.evidence.error}. Check ${flag} and the network.`,
        status: "problem",
        evidence: [exchange.evidence],
      },
      stop: EXIT.unreachable,
    }
  }
  if (exchange.failure === "not-iotpay") {
    return {
      finding: {
        id,
        question,
        answer: `Something answered (HTTP ${exchange.evidence.httpStatus}) but not with IOTPay's retCode envelope: ${flag} is probably wrong (it ends in ${suffix}).`,
        status: "problem",
        evidence: [exchange.evidence],
      },
      stop: EXIT.unreachable,
    }
  }
  return { finding: { id, question, answer: "Yes.", status: "ok", evidence: [exchange.evidence] } }
}

/** The plugin reads "no such order" only from errCode 0112 or "does not exist" text; anything else is an error. */
function notFoundAnswer(exchange: Exchange): Finding {
  const body = exchange.body!
  const code = errorCodeOf(body)
  const text = /not\s+(exist|found)/i.test(retMsgOf(body))
  const parts = [code ? `errCode ${code}` : "no errCode", text ? `"${retMsgOf(body)}"` : `text "${retMsgOf(body)}"`]
  return {
    id: "not-found-answer",
    question: 'How does IOTPay say "no such order" (errCode 0112, "does not exist" text)?',
    answer: `${parts.join(", ")}. The plugin recognises it${code === "0112" ? " by its code" : " by its text"}.`,
    status: code === "0112" ? "ok" : "warning",
    evidence: [exchange.evidence],
  }
}

async function loginProbe(wire: DoctorWire): Promise<{ finding: Finding; stop?: number }> {
  // A refund of a payment that cannot exist: nothing can move, but IOTPay checks loginName and the key on it.
  const exchange = await wire.call("cc_refund", {
    payOrderId: doctorNumber("PCDOCNX"),
    mchRefundNo: doctorNumber("DOCRNX"),
    refundAmount: 1,
    loginName: wire.loginName,
  })
  const question = "Does IOTPay accept the login name (checked on refunds, voids and purchases)?"
  const body = exchange.body
  if (!body) {
    return {
      finding: {
        id: "login-name",
        question,
        answer: `No answer: ${exchange.evidence.error ?? "not IOTPay's envelope"}.`,
        status: "problem",
        evidence: [exchange.evidence],
      },
      stop: EXIT.unreachable,
    }
  }
  if (isSuccess(body)) {
    return {
      finding: {
        id: "login-name",
        question,
        answer: `Unexpected: a refund of a payment that cannot exist was accepted (${describeAnswer(body)}). Contact IOTPay.`,
        status: "problem",
        evidence: [exchange.evidence],
      },
    }
  }
  const kind = failKind(body)
  if (kind === "login" || kind === "signature" || kind === "merchant") {
    return {
      finding: {
        id: "login-name",
        question,
        answer: `No: ${describeAnswer(body)}. Check --login-name${kind === "signature" ? " and the secret key" : ""}.`,
        status: "problem",
        evidence: [exchange.evidence],
      },
      stop: EXIT.credentials,
    }
  }
  return {
    finding: {
      id: "login-name",
      question,
      answer: `Yes: the refund was refused only for the missing payment (${describeAnswer(body)}).`,
      status: "ok",
      evidence: [exchange.evidence],
    },
  }
}
