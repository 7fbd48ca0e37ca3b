/** Delivers signed notifies to notifyUrl with IOTPay-style retries, records every attempt, applies notify faults. */
import { request as httpRequest, type ClientRequest } from "node:http"
import { request as httpsRequest } from "node:https"
import type { Faults, NotifyFaultKind } from "./faults"
import type { SandboxLogger } from "./options"
import type { Timers } from "./timers"

export interface NotifyAttempt {
  /** One delivery (one notify message) may take several attempts; a duplicate fault makes two deliveries. */
  deliveryId: number
  attempt: number
  url: string
  payOrderId: string
  payType: string
  status: number
  at: string
  statusCode: number | null
  /** What the receiver answered (first 1,000 characters). */
  body: string | null
  ok: boolean
  error?: string
  fault?: NotifyFaultKind
}

/** A signed order record; only these fields are read here. */
type Payload = { payOrderId: string; payType: string; status: number }

/** One HTTP POST of a notify: V3 posts the record as JSON to notifyUrl; v1 its own encoding (v1/notify.ts). */
export interface NotifyRequest {
  url: string
  contentType: string
  body: string
}

export interface NotifyEncoding {
  encode(url: string, payload: Payload): NotifyRequest
  /** Called once, when the receiver first acknowledges a delivery (v1 then moves the order from 2 to 3). */
  onAcknowledged?(): void
}

const JSON_ENCODING: NotifyEncoding = {
  encode: (url, payload) => ({ url, contentType: "application/json;charset=UTF-8", body: JSON.stringify(payload) }),
}

interface Delivery {
  id: number
  url: string
  payload: Payload
  encoding: NotifyEncoding
  fault?: NotifyFaultKind
  /** reset()/close() bump the generation; answers to older deliveries are then ignored, not retried. */
  generation: number
  /** Runs once after the first attempt ends; used to release a notify held back by the reorder fault. */
  afterFirstAttempt?: () => void
}

const MAX_ANSWER = 64 * 1024
const DEFAULT_FAULT_DELAY_MS = 1_000
const DEFAULT_REORDER_HOLD_MS = 5_000

export class Notifier {
  private readonly attempts: NotifyAttempt[] = []
  private readonly inflight = new Set<ClientRequest>()
  private nextId = 1
  private generation = 0
  private held?: { delivery: Delivery; released: boolean }

  constructor(
    private readonly timers: Timers,
    private readonly faults: Faults,
    private readonly opts: { retryDelaysMs: number[]; timeoutMs: number; logger: SandboxLogger }
  ) {}

  send(url: string, payload: Payload, encoding: NotifyEncoding = JSON_ENCODING): void {
    const fault = this.faults.takeNotify()
    const delivery: Delivery = {
      id: this.nextId++,
      url,
      payload,
      encoding,
      fault: fault?.notify,
      generation: this.generation,
    }
    const heldBefore = this.takeHeld()
    if (heldBefore) {
      // reorder: the held notify goes out only after this later one has been tried.
      delivery.afterFirstAttempt = () => this.schedule(heldBefore, 0, 0)
    }
    switch (fault?.notify) {
      case "drop":
        this.record(delivery, 1, { statusCode: null, body: null, ok: false, error: "dropped by fault injection" })
        delivery.afterFirstAttempt?.()
        return
      case "duplicate":
        this.schedule(delivery, 0, 0)
        this.schedule({ ...delivery, id: this.nextId++, afterFirstAttempt: undefined }, 0, 0)
        return
      case "delay":
        this.schedule(delivery, 0, fault.delayMs ?? DEFAULT_FAULT_DELAY_MS)
        return
      case "reorder": {
        const held = { delivery, released: false }
        this.held = held
        // Nothing else may come: release it anyway after a while so it is late, not lost.
        this.timers.after(fault.delayMs ?? DEFAULT_REORDER_HOLD_MS, () => {
          if (this.held === held) this.held = undefined
          if (!held.released) {
            held.released = true
            this.schedule(delivery, 0, 0)
          }
        })
        return
      }
      default:
        this.schedule(delivery, 0, 0)
    }
  }

  list(): NotifyAttempt[] {
    return [...this.attempts]
  }

  reset(): void {
    this.generation++
    this.attempts.length = 0
    this.held = undefined
    this.destroyInflight()
  }

  close(): void {
    this.generation++
    this.held = undefined
    this.destroyInflight()
  }

  private takeHeld(): Delivery | undefined {
    const held = this.held
    if (!held || held.released) return undefined
    this.held = undefined
    held.released = true
    return held.delivery
  }

  private destroyInflight(): void {
    for (const req of this.inflight) req.destroy()
    this.inflight.clear()
  }

  private schedule(delivery: Delivery, attemptIndex: number, extraDelayMs: number): void {
    const delays = this.opts.retryDelaysMs
    if (attemptIndex >= delays.length) {
      this.opts.logger.warn(`sandbox: notify ${delivery.payload.payOrderId} to ${delivery.url} gave up`)
      return
    }
    this.timers.after(delays[attemptIndex] + extraDelayMs, () => void this.attempt(delivery, attemptIndex))
  }

  private async attempt(delivery: Delivery, attemptIndex: number): Promise<void> {
    if (delivery.generation !== this.generation) return
    const outcome = await this.post(delivery.encoding.encode(delivery.url, delivery.payload))
    if (delivery.generation !== this.generation) return
    // V3 documents "SUCCESS", v1 "success": either is accepted, whatever the case.
    const ok = outcome.body !== null && outcome.body.trim().toUpperCase() === "SUCCESS"
    this.record(delivery, attemptIndex + 1, { ...outcome, ok })
    if (ok) delivery.encoding.onAcknowledged?.()
    if (attemptIndex === 0) delivery.afterFirstAttempt?.()
    if (!ok) this.schedule(delivery, attemptIndex + 1, 0)
  }

  private record(
    delivery: Delivery,
    attempt: number,
    outcome: { statusCode: number | null; body: string | null; ok: boolean; error?: string }
  ): void {
    this.attempts.push({
      deliveryId: delivery.id,
      attempt,
      url: delivery.url,
      payOrderId: delivery.payload.payOrderId,
      payType: delivery.payload.payType,
      status: delivery.payload.status,
      at: new Date().toISOString(),
      statusCode: outcome.statusCode,
      body: outcome.body === null ? null : outcome.body.slice(0, 1000),
      ok: outcome.ok,
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(delivery.fault ? { fault: delivery.fault } : {}),
    })
  }

  /** node:http without an agent: one connection per attempt, nothing left open to keep a test process alive. */
  private post(request: NotifyRequest): Promise<{ statusCode: number | null; body: string | null; error?: string }> {
    return new Promise((resolve) => {
      let target: URL
      try {
        target = new URL(request.url)
      } catch {
        resolve({ statusCode: null, body: null, error: "invalid notifyUrl" })
        return
      }
      const send = target.protocol === "https:" ? httpsRequest : httpRequest
      const req = send(target, {
        method: "POST",
        agent: false,
        timeout: this.opts.timeoutMs,
        headers: { "content-type": request.contentType, "content-length": Buffer.byteLength(request.body) },
      })
      this.inflight.add(req)
      const done = (r: { statusCode: number | null; body: string | null; error?: string }) => {
        this.inflight.delete(req)
        resolve(r)
      }
      req.on("timeout", () => req.destroy(new Error("timeout")))
      req.on("error", (err) => done({ statusCode: null, body: null, error: err.message }))
      req.on("response", (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on("data", (c: Buffer) => {
          size += c.length
          if (size <= MAX_ANSWER) chunks.push(c)
        })
        res.on("error", (err) => done({ statusCode: res.statusCode ?? null, body: null, error: err.message }))
        res.on("end", () => done({ statusCode: res.statusCode ?? null, body: Buffer.concat(chunks).toString("utf8") }))
      })
      req.end(request.body)
    })
  }
}
