import { z } from "zod"
import { IOTPAY_MAX_AMOUNT_CENTS } from "./money"

/**
 * Field rules shared by the V3 and v1 message schemas (both APIs sign and encode fields the same way). Requests are
 * strict, responses tolerant; see schemas.ts and v1/schemas.ts. Internal: not part of the package's public surface.
 */

// ---------- request field rules ----------

// '&' and '=' are the signing separators; whitespace/control chars invite mismatched signatures.
export const merchantNo = (max: number) =>
  z
    .string({ error: "is required and must be a string" })
    .min(1, { error: "must not be empty" })
    .max(max, { error: `must be at most ${max} characters` })
    .regex(/^[\x21-\x7e]+$/, { error: "must be printable ASCII without spaces" })
    .refine((s) => !/[&=]/.test(s), { error: "must not contain '&' or '='" })

export const text = (max: number) =>
  z
    .string({ error: "must be a string" })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((s) => !/[\u0000-\u001f]/.test(s), { error: "must not contain control characters" })

export const cents = z
  .number({ error: "must be a number of cents" })
  .int({ error: "must be a whole number of cents (integer)" })
  .positive({ error: "must be greater than 0 cents" })
  .max(IOTPAY_MAX_AMOUNT_CENTS, { error: `must be at most ${IOTPAY_MAX_AMOUNT_CENTS} cents` })

export const httpUrl = z
  .string({ error: "is required and must be a URL" })
  .max(200, { error: "must be at most 200 characters" })
  .refine(
    (s) => {
      try {
        const u = new URL(s)
        return (u.protocol === "https:" || u.protocol === "http:") && !/\s/.test(s)
      } catch {
        return false
      }
    },
    { error: "must be an absolute http(s) URL" }
  )

// ---------- response field rules (tolerant) ----------

export const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v)
const intFromWire = (v: unknown) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v)

export const wireInt = z.preprocess(
  intFromWire,
  z.number({ error: "must be an integer" }).int({ error: "must be an integer" })
)
export const optionalWireInt = z.preprocess(
  (v) => intFromWire(blankToUndefined(v)),
  z.number({ error: "must be an integer" }).int({ error: "must be an integer" }).optional()
)
// IOTPay may send ids as numbers; keep them as strings so comparisons and storage are uniform.
export const wireString = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z.string({ error: "must be a string" }).min(1, { error: "must not be empty" })
)
export const optionalWireString = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : blankToUndefined(v)),
  z.string({ error: "must be a string" }).optional()
)
