/** Optional persistence of SandboxState as one JSON file: read once at start, rewritten (debounced) after mutations. */
import { readFileSync } from "node:fs"
import { rename, writeFile } from "node:fs/promises"
import type { SandboxLogger } from "./options"
import type { SandboxState, StateSnapshot } from "./state"

/** Mutations arriving within this window share one write; keeps fs off the request path. */
const DEBOUNCE_MS = 20

export class StateStore {
  private timer?: NodeJS.Timeout
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly state: SandboxState,
    private readonly file: string | undefined,
    private readonly logger: SandboxLogger
  ) {}

  /** Loads the file if it exists; a missing file is a fresh start, a corrupt one is an error (never silently lost). */
  load(): void {
    if (!this.file) return
    let text: string
    try {
      text = readFileSync(this.file, "utf8")
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return
      throw err
    }
    this.state.restore(JSON.parse(text) as StateSnapshot)
    this.logger.info(`sandbox: loaded state from ${this.file} (${this.state.payments.size} payments)`)
  }

  markDirty(): void {
    if (!this.file || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.write()
    }, DEBOUNCE_MS)
  }

  /** Writes pending changes now; close() awaits it so a restart sees everything. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
      await this.write()
    }
    await this.writing
  }

  private write(): Promise<void> {
    const file = this.file
    if (!file) return Promise.resolve()
    // Serialise writes; the snapshot is taken when this write starts, so it includes every earlier mutation.
    this.writing = this.writing.then(async () => {
      const tmp = `${file}.${process.pid}.tmp`
      try {
        await writeFile(tmp, JSON.stringify(this.state.snapshot()), "utf8")
        await rename(tmp, file) // atomic replace: a crash never leaves half a file
      } catch (err) {
        this.logger.error(`sandbox: cannot write state file ${file}: ${(err as Error).message}`)
      }
    })
    return this.writing
  }
}
