import { spawn, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import path from "node:path"

const ROOT = path.resolve(__dirname, "..", "..")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [ROOT] })

export type ChildMedusa = { url: string; child: ChildProcess; logFile: string; exited: Promise<unknown> }

/** Where and how to run Medusa: by default this repository's `medusa start` in development mode. */
export type ChildMedusaOptions = {
  /** The app folder (default this repository). */
  cwd?: string
  /** The `medusa` CLI to run (default this repository's @medusajs/cli). */
  cli?: string
  command?: "start" | "develop"
  nodeEnv?: "development" | "production"
}

/**
 * `medusa start` of this repository as a separate process (as scripts/demo/run.js starts it: TypeScript from src/,
 * no build), in a process group of its own so a test can SIGKILL it like a crashed machine. `options` runs another
 * app's CLI instead (the package test's store app: `medusa develop`, or `medusa start` of its build).
 */
export async function startChildMedusa(
  port: number,
  env: Record<string, string | undefined>,
  logFile: string,
  { cwd = ROOT, cli = MEDUSA_CLI, command = "start", nodeEnv = "development" }: ChildMedusaOptions = {}
) {
  const out = fs.openSync(logFile, "a")
  const child = spawn(process.execPath, [cli, command], {
    cwd,
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: nodeEnv, MEDUSA_DISABLE_TELEMETRY: "true" },
  })
  fs.closeSync(out)
  const exited = new Promise((r) => child.once("exit", (code, signal) => r(code ?? signal)))
  const url = `http://localhost:${port}`
  for (const until = Date.now() + 4 * 60_000; ;) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 500))])
    if (code !== undefined) throw new Error(`medusa ${command} exited (${code}); see ${logFile}`)
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false
      )
    ) {
      return { url, child, logFile, exited } as ChildMedusa
    }
    if (Date.now() > until) throw new Error(`medusa ${command} did not answer within 4 minutes; see ${logFile}`)
  }
}

/** kill -9 of the whole process group: no shutdown hooks, nothing flushed, in-memory events gone. */
export async function sigkill(medusa: ChildMedusa) {
  try {
    process.kill(-medusa.child.pid!, "SIGKILL")
  } catch {}
  await medusa.exited
}
