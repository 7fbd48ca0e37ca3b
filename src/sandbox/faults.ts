/** Fault injection set through POST /_sandbox/faults: misbehaving endpoints and notify deliveries. */
import { V1_ENDPOINTS, type V1Endpoint } from "./v1/names"

export const V3_ENDPOINTS = [
  "cc_purchase",
  "cc_addcard",
  "cc_directaddcard",
  "cc_querycard",
  "cc_purchasewithtoken",
  "cc_purchasewithwallet",
  "cc_refund",
  "cc_void",
  "cc_query",
] as const
export type V3Endpoint = (typeof V3_ENDPOINTS)[number]
/** Every endpoint a fault can target: V3's and v1's (their names do not overlap). */
export const FAULTABLE_ENDPOINTS: readonly (V3Endpoint | V1Endpoint)[] = [...V3_ENDPOINTS, ...V1_ENDPOINTS]

export interface EndpointFault {
  endpoint: V3Endpoint | V1Endpoint
  /** Wait this long before handling. */
  latencyMs?: number
  /** Answer HTTP 500 without handling (nothing is committed). */
  http500?: boolean
  /** Handle (commit), then answer a truncated, unparsable JSON body. */
  invalidJson?: boolean
  /** Handle (commit), then never answer: the socket stays open until the client gives up or the sandbox closes. */
  commitThenHang?: boolean
  /** Answer FAIL "system error" (errCode 0010) without handling (nothing is committed). */
  systemError?: boolean
  /** Handle (commit), then answer with a wrong `sign` on retData. */
  badSignature?: boolean
  /**
   * cc_refund / cc_void: commit the reversal with this status (0/1 pending, 9 failed), see Reversals. refund_order
   * (v1): 0/1 pending, 3 failed (xxpay's refund statuses), see V1Ledger.refund.
   */
  resultStatus?: ReversalFaultStatus | V1RefundFaultStatus
  /** Requests left it applies to; null = until cleared. */
  remaining: number | null
}

/** 0 pending and 1 unknown reserve the money until POST /_sandbox/reversals/settle; 9 fails, moving nothing. */
export const REVERSAL_FAULT_STATUSES = [0, 1, 9] as const
export type ReversalFaultStatus = (typeof REVERSAL_FAULT_STATUSES)[number]
const REVERSAL_ENDPOINTS: readonly V3Endpoint[] = ["cc_refund", "cc_void"]
/** v1 refund_order: 0/1 reserve the money until settled (POST /_sandbox/v1/refunds/settle), 3 fails, moving nothing. */
export const V1_REFUND_FAULT_STATUSES = [0, 1, 3] as const
export type V1RefundFaultStatus = (typeof V1_REFUND_FAULT_STATUSES)[number]

export const NOTIFY_FAULTS = ["duplicate", "delay", "reorder", "drop"] as const
export type NotifyFaultKind = (typeof NOTIFY_FAULTS)[number]

export interface NotifyFault {
  notify: NotifyFaultKind
  /** delay: wait before the first attempt; reorder: longest time a held notify waits for a later one. */
  delayMs?: number
  remaining: number | null
}

export const ENDPOINT_FAULT_KINDS = [
  "latencyMs",
  "http500",
  "invalidJson",
  "commitThenHang",
  "systemError",
  "badSignature",
  "resultStatus",
] as const

export class FaultSpecError extends Error {}

function optionalNumber(spec: Record<string, unknown>, name: string): number | undefined {
  const v = spec[name]
  if (v === undefined) return undefined
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new FaultSpecError(`${name} must be a number >= 0`)
  return v
}

function optionalFlag(spec: Record<string, unknown>, name: string): boolean | undefined {
  const v = spec[name]
  if (v === undefined) return undefined
  if (typeof v !== "boolean") throw new FaultSpecError(`${name} must be a boolean`)
  return v
}

function optionalResultStatus(
  spec: Record<string, unknown>,
  endpoint: EndpointFault["endpoint"]
): EndpointFault["resultStatus"] {
  const v = spec.resultStatus
  if (v === undefined) return undefined
  const allowed: readonly number[] | undefined =
    endpoint === "refund_order"
      ? V1_REFUND_FAULT_STATUSES
      : REVERSAL_ENDPOINTS.includes(endpoint as V3Endpoint)
        ? REVERSAL_FAULT_STATUSES
        : undefined
  if (!allowed) throw new FaultSpecError("resultStatus applies to cc_refund, cc_void and refund_order only")
  if (!allowed.includes(v as number)) {
    throw new FaultSpecError(`resultStatus must be one of ${allowed.join(", ")}`)
  }
  return v as EndpointFault["resultStatus"]
}

/** `times` absent → 1 (a fault that cleans up after itself); `times: 0` → until DELETE /_sandbox/faults. */
function remainingOf(spec: Record<string, unknown>): number | null {
  const times = optionalNumber(spec, "times")
  if (times !== undefined && !Number.isInteger(times)) throw new FaultSpecError("times must be an integer")
  return times === undefined ? 1 : times === 0 ? null : times
}

export class Faults {
  private endpointFaults: EndpointFault[] = []
  private notifyFaults: NotifyFault[] = []

  /** Validates and adds one fault spec (the JSON body of POST /_sandbox/faults). */
  add(spec: unknown): EndpointFault | NotifyFault {
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
      throw new FaultSpecError("fault must be a JSON object")
    }
    const s = spec as Record<string, unknown>
    if (s.endpoint !== undefined) {
      if (!FAULTABLE_ENDPOINTS.includes(s.endpoint as V3Endpoint)) {
        throw new FaultSpecError(`endpoint must be one of ${FAULTABLE_ENDPOINTS.join(", ")}`)
      }
      const endpoint = s.endpoint as EndpointFault["endpoint"]
      const fault: EndpointFault = {
        endpoint,
        latencyMs: optionalNumber(s, "latencyMs"),
        http500: optionalFlag(s, "http500"),
        invalidJson: optionalFlag(s, "invalidJson"),
        commitThenHang: optionalFlag(s, "commitThenHang"),
        systemError: optionalFlag(s, "systemError"),
        badSignature: optionalFlag(s, "badSignature"),
        resultStatus: optionalResultStatus(s, endpoint),
        remaining: remainingOf(s),
      }
      const { latencyMs, http500, invalidJson, commitThenHang, systemError, badSignature, resultStatus } = fault
      const flags = [http500, invalidJson, commitThenHang, systemError, badSignature]
      if (!latencyMs && !flags.some(Boolean) && resultStatus === undefined) {
        throw new FaultSpecError(`endpoint fault needs one of ${ENDPOINT_FAULT_KINDS.join(", ")}`)
      }
      this.endpointFaults.push(fault)
      return fault
    }
    if (s.notify !== undefined) {
      if (!NOTIFY_FAULTS.includes(s.notify as NotifyFaultKind)) {
        throw new FaultSpecError(`notify must be one of ${NOTIFY_FAULTS.join(", ")}`)
      }
      const fault: NotifyFault = {
        notify: s.notify as NotifyFaultKind,
        delayMs: optionalNumber(s, "delayMs"),
        remaining: remainingOf(s),
      }
      this.notifyFaults.push(fault)
      return fault
    }
    throw new FaultSpecError('fault needs "endpoint" or "notify"')
  }

  /** The fault for this request, if any, using up one of its `times`. */
  takeEndpoint(endpoint: string): EndpointFault | undefined {
    if (this.endpointFaults.length === 0) return undefined // hot path: no allocation when no faults are set
    return take(this.endpointFaults, (f) => f.endpoint === endpoint)
  }

  takeNotify(): NotifyFault | undefined {
    if (this.notifyFaults.length === 0) return undefined
    return take(this.notifyFaults, () => true)
  }

  list(): { endpoints: EndpointFault[]; notify: NotifyFault[] } {
    return { endpoints: [...this.endpointFaults], notify: [...this.notifyFaults] }
  }

  clear(): void {
    this.endpointFaults = []
    this.notifyFaults = []
  }
}

function take<F extends { remaining: number | null }>(faults: F[], match: (f: F) => boolean): F | undefined {
  const i = faults.findIndex(match)
  if (i < 0) return undefined
  const fault = faults[i]
  if (fault.remaining !== null && --fault.remaining <= 0) faults.splice(i, 1)
  return fault
}
