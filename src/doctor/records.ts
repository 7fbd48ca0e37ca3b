import { signatureOf } from "./answers"
import type { Evidence, Finding } from "./findings"

/** What the order records IOTPay sent during a test payment say about signing and settlement. */

// The documented order record (docs/iotpay-protocol.md); anything else is IOTPay telling us more than its docs.
const DOCUMENTED = new Set([
  "payOrderId",
  "mchId",
  "mchOrderNo",
  "originalOrderId",
  "amount",
  "currency",
  "payType",
  "refundable",
  "status",
  "paySuccTime",
  "cardNum",
  "cardType",
  "expiryDate",
  "invoiceNum",
  "authNum",
  "transNum",
  "channel",
  "sign",
  "redirectUrl",
  "secureId",
])
const SETTLEMENT_LIKE = /settl|batch|clear|captur|deposit/i

export interface SeenRecord {
  what: string
  record: Record<string, unknown>
  evidence: Evidence
}

/** Signed and verifying → "required"; unsigned → "if-present"; signed but not verifying → "off", and a problem. */
export function responseSigning(
  seen: SeenRecord[],
  secretKey: string,
  id: "response-signing" | "v1-response-signing" = "response-signing"
): Finding {
  const question = `Do IOTPay's ${id === "v1-response-signing" ? "v1 " : ""}answers carry a sign, and does it verify with this key?`
  const evidence = seen.slice(0, 3).map((s) => s.evidence)
  if (seen.length === 0) {
    return {
      id,
      question,
      answer: "Not seen: only failures were answered (run with --with-test-payment).",
      status: "unanswered",
      evidence,
    }
  }
  const verdicts = seen.map((s) => ({ what: s.what, sign: signatureOf(s.record, secretKey) }))
  const list = (pick: (v: (typeof verdicts)[number]) => boolean) =>
    verdicts
      .filter(pick)
      .map((v) => v.what)
      .join(", ")
  if (verdicts.some((v) => v.sign === "invalid")) {
    return {
      id,
      question,
      answer: `Signed, but the sign does NOT verify on: ${list((v) => v.sign === "invalid")}. IOTPay signs answers differently from its notifies and requests; until IOTPay explains, answers can only be trusted through TLS. Report this to IOTPay.`,
      status: "problem",
      options: { verifyResponseSignatures: "off" },
      evidence,
    }
  }
  if (verdicts.every((v) => v.sign === "valid")) {
    return {
      id,
      question,
      answer: `Yes, every record was signed and verified (${list(() => true)}).`,
      status: "ok",
      options: { verifyResponseSignatures: "required" },
      evidence,
    }
  }
  if (verdicts.every((v) => v.sign === undefined)) {
    return {
      id,
      question,
      answer: `No: answers carry no sign (${list(() => true)}); they are trusted through TLS. "if-present" still checks one should IOTPay start signing.`,
      status: "ok",
      options: { verifyResponseSignatures: "if-present" },
      evidence,
    }
  }
  return {
    id,
    question,
    answer: `Some: signed and verified on ${list((v) => v.sign === "valid")}; unsigned on ${list((v) => v.sign === undefined)}.`,
    status: "ok",
    options: { verifyResponseSignatures: "if-present" },
    evidence,
  }
}

/** IOTPay's docs give no settlement flag: the plugin learns settlement only from a refused void. */
export function settlementFlag(seen: SeenRecord[]): Finding {
  const question = "Do order records carry a settlement flag (or any field the docs do not list)?"
  const extra = [...new Set(seen.flatMap((s) => Object.keys(s.record).filter((k) => !DOCUMENTED.has(k))))]
  const flags = extra.filter((k) => SETTLEMENT_LIKE.test(k))
  const evidence = seen.slice(-2).map((s) => s.evidence)
  if (seen.length === 0) {
    return {
      id: "settlement-flag",
      question,
      answer: "Not seen (no record was answered).",
      status: "unanswered",
      evidence,
    }
  }
  if (flags.length) {
    return {
      id: "settlement-flag",
      question,
      answer: `Possibly: ${flags.join(", ")}. The plugin does not read it yet (it tries a void and refunds when IOTPay refuses); tell the plugin's maintainers.`,
      status: "warning",
      evidence,
    }
  }
  return {
    id: "settlement-flag",
    question,
    answer: extra.length
      ? `No settlement flag; undocumented fields: ${extra.join(", ")}. The plugin tells settlement from a refused void.`
      : "No: records carry only the documented fields. The plugin tells settlement from a refused void.",
    status: "ok",
    evidence,
  }
}
