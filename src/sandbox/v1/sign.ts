/**
 * The sandbox's v1 signing: the rule is V3's (../sign.ts, the sandbox's own implementation, never the client's).
 * v1 answers may nest objects (retParams, payParams); how IOTPay signs those is unknown (docs/iotpay-v1-protocol.md
 * §2), so the sandbox signs their compact JSON text. Clients are told not to verify nested answers, so this choice is
 * invisible to them.
 */
import { sign } from "../sign"

type Fields = Record<string, unknown>

function flattened(fields: Fields): Fields {
  const out: Fields = {}
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === "object" && v !== null ? JSON.stringify(v) : v
  return out
}

/** A copy of `fields` with `sign` set over every other field. */
export function signedV1<T extends Fields>(fields: T, secretKey: string): T & { sign: string } {
  const { sign: _old, ...rest } = fields
  return { ...(rest as T), sign: sign(flattened(rest), secretKey) }
}

/** The badSignature fault: a well-formed but wrong sign. */
export function misSignedV1<T extends Fields>(fields: T): T {
  if (typeof fields.sign !== "string") return fields
  const good = fields.sign
  return { ...fields, sign: `${good[0] === "0" ? "1" : "0"}${good.slice(1)}` }
}
