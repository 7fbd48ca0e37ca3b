import fs from "node:fs"
import path from "node:path"

/**
 * The `IOTPAY_*` lines of the app's `.env` (the folder the doctor runs in) under the process environment, so
 * `npx iotpay-doctor` in a store's folder asks IOTPay with the values the store runs with (Medusa's loadEnv reads
 * the same file). Variables already set win, as with dotenv; flags win over both (parseDoctorArgs). Other lines are
 * never read: the doctor has no business with the store's other secrets.
 */
export function withAppEnv(env: NodeJS.ProcessEnv, dir = process.cwd()): NodeJS.ProcessEnv {
  let text: string
  try {
    text = fs.readFileSync(path.join(dir, ".env"), "utf8")
  } catch {
    return env
  }
  const fromFile: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?(IOTPAY_[A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line)
    if (m) fromFile[m[1]] = unquote(m[2])
  }
  return { ...fromFile, ...env }
}

/** `"a b"` and `'a b'` → `a b`; an unquoted value ends at ` #` (a comment), as dotenv reads it. */
function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value)
  return quoted ? quoted[2] : value.replace(/\s+#.*$/, "")
}
