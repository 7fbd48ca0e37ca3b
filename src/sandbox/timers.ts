/** Every timer the sandbox starts goes through here, so close() can stop them all and jest exits cleanly. */
export class Timers {
  private readonly active = new Set<NodeJS.Timeout>()
  private closed = false

  after(ms: number, fn: () => void): void {
    if (this.closed) return
    const t = setTimeout(() => {
      this.active.delete(t)
      fn()
    }, ms)
    this.active.add(t)
  }

  /** Resolves after `ms`; never resolves once closed (the request it delays is being torn down anyway). */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve))
  }

  clearAll(): void {
    for (const t of this.active) clearTimeout(t)
    this.active.clear()
  }

  close(): void {
    this.closed = true
    this.clearAll()
  }
}
