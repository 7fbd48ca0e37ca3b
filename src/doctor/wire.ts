import { V1_CONTENT_TYPE, encodeV1Body, redactFields, signV1Message, withSignature } from "../iotpay"
import type { Evidence } from "./findings"

/**
 * The doctor's own way to talk to IOTPay: a signed POST whose raw answer is kept. The gateway client turns answers
 * into typed results and errors, which is right for the plugin but hides exactly what the doctor must observe
 * (errCode, whether a `sign` is present, a record IOTPay sent for the wrong number). Signing is the client's.
 */
export interface WireConfig {
  apiBase: string
  merchantId: string
  loginName: string
  secretKey: string
  timeoutMs: number
  /** IOTPay's v1 API: the signed JSON travels as the form field `params` (empties left out), not as the body. */
  v1?: boolean
}

export interface Exchange {
  evidence: Evidence
  /** The parsed JSON answer, untouched (for checking signatures); absent when there was none. */
  body?: Record<string, unknown>
  /** No usable answer: the network failed, or the answer is not IOTPay's JSON envelope. */
  failure?: "unreachable" | "not-iotpay"
}

export class DoctorWire {
  constructor(private readonly config: WireConfig) {}

  get loginName(): string {
    return this.config.loginName
  }

  /** Signs (unless `corruptSign`: then a well-formed but wrong sign, to see whether IOTPay checks it) and sends. */
  async call(
    endpoint: string,
    fields: Record<string, unknown>,
    options: { corruptSign?: boolean } = {}
  ): Promise<Exchange> {
    const message = { ...fields, mchId: this.config.merchantId }
    const v1 = this.config.v1 === true
    const signed = v1 ? signV1Message(message, this.config.secretKey) : withSignature(message, this.config.secretKey)
    if (options.corruptSign) signed.sign = `${signed.sign[0] === "0" ? "1" : "0"}${signed.sign.slice(1)}`
    const evidence: Evidence = { endpoint, request: this.scrub(signed) }
    let status: number
    let text: string
    try {
      const res = await fetch(`${this.config.apiBase.replace(/\/+$/, "")}/${endpoint}`, {
        method: "POST",
        headers: {
          "content-type": v1 ? V1_CONTENT_TYPE : "application/json;charset=UTF-8",
          accept: "application/json",
        },
        body: v1 ? encodeV1Body(signed) : JSON.stringify(signed),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      })
      status = res.status
      text = await res.text()
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      evidence.error = this.scrubText(cause?.code ?? cause?.message ?? (error as Error).message)
      return { evidence, failure: "unreachable" }
    }
    evidence.httpStatus = status
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      evidence.response = this.scrubText(text.slice(0, 200))
      return { evidence, failure: "not-iotpay" }
    }
    evidence.response = this.scrub(body)
    const envelope = body as Record<string, unknown>
    if (typeof body !== "object" || body === null || (envelope.retCode !== "SUCCESS" && envelope.retCode !== "FAIL")) {
      return { evidence, body: undefined, failure: "not-iotpay" }
    }
    return { evidence, body: envelope }
  }

  /** Redacts `sign`, cards and, should IOTPay ever echo it, the secret key itself. */
  scrub<T>(value: T): T {
    return JSON.parse(this.scrubText(JSON.stringify(redactFields(value)))) as T
  }

  scrubText(text: string): string {
    return scrubSecret(text, this.config.secretKey)
  }
}

/** Removes every occurrence of the secret key from text (the last line of defence before anything is printed). */
export function scrubSecret(text: string, secretKey: string): string {
  if (!secretKey) return text
  // Also its JSON-escaped form: evidence is scrubbed as JSON text.
  const forms = [secretKey, JSON.stringify(secretKey).slice(1, -1)]
  return forms.reduce((out, form) => out.split(form).join("[redacted]"), text)
}
