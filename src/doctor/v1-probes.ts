import { signatureOf } from "./answers"
import { EXIT, type Finding } from "./findings"
import { doctorNumber } from "./numbers"
import { reachability, type ProbeResult } from "./probes"
import { describeV1Answer, isV1Success, v1FailKind } from "./v1-answers"
import type { DoctorWire } from "./wire"

/**
 * The v1 questions that cannot move money: query_order of a number that cannot exist (accepted credentials answer
 * "no such order", 0112; a wrong key "signature error", 0013) and the same query wrongly signed.
 */
export async function v1SafeProbes(wire: DoctorWire, secretKey: string, v1ApiBase: string): Promise<ProbeResult> {
  const findings: Finding[] = []
  const missing = await wire.call("query_order", { mchOrderNo: doctorNumber("DOCNX") })
  const reach = reachability(missing, { id: "v1-reachable", flag: "--v1-api-base", suffix: "/v1" })
  findings.push(reach.finding)
  if (reach.stop !== undefined) return { findings, stop: reach.stop }

  const body = missing.body!
  const sign = signatureOf(body, secretKey)
  const signed =
    sign === undefined
      ? "unsigned"
      : sign === "valid"
        ? "signed (the sign verifies with this key)"
        : "signed, but the sign does NOT verify with this key"
  const question =
    "Does IOTPay's v1 API accept the merchant id and secret key (query_order of a number that cannot exist)?"
  const kind = isV1Success(body) ? "success" : v1FailKind(body)
  if (kind === "signature" || kind === "merchant") {
    findings.push({
      id: "v1-credentials",
      question,
      answer: `No, signature refused: answered ${describeV1Answer(body)}, ${signed}. ${
        kind === "signature"
          ? "The secret key is wrong for v1, or belongs to another merchant id."
          : "IOTPay's v1 API does not know this merchant id."
      } Ask IOTPay whether the merchant is enabled for WeChat Pay / Alipay / UnionPay.`,
      status: "problem",
      evidence: [missing.evidence],
    })
    return { findings, stop: EXIT.credentials }
  }
  if (kind !== "not-found") {
    findings.push({
      id: "v1-credentials",
      question,
      answer: `Undetermined, unexpected answer: ${describeV1Answer(body)}, ${signed}; neither "no such order" nor a refusal of the credentials.`,
      status: "problem",
      evidence: [missing.evidence],
    })
    return { findings, stop: EXIT.unreachable }
  }
  findings.push({
    id: "v1-credentials",
    question,
    answer: `Yes, credentials accepted: answered ${describeV1Answer(body)}, ${signed}.`,
    status: "ok",
    options: { v1ApiBase },
    evidence: [missing.evidence],
  })

  const forged = await wire.call("query_order", { mchOrderNo: doctorNumber("DOCNX") }, { corruptSign: true })
  const checked = forged.body !== undefined && !isV1Success(forged.body) && v1FailKind(forged.body) === "signature"
  findings.push({
    id: "v1-query-signature-checked",
    question: "Does IOTPay's v1 API check the signature of a query (so an accepted query proves the key)?",
    answer: checked
      ? `Yes: the same query with a wrong sign was refused (${describeV1Answer(forged.body)}).`
      : `No: a query with a wrong sign was answered ${describeV1Answer(forged.body)}. query_order proves only the merchant id; refunds check the key.`,
    status: checked ? "ok" : "warning",
    evidence: [forged.evidence],
  })
  return { findings }
}
