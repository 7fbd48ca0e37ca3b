// The kit runs in browsers: its files import only each other, and use no Node-only globals.
import { readdirSync, readFileSync } from "node:fs"
import { spawnSync } from "node:child_process"
import { join } from "node:path"

const DIR = join(__dirname, "..")
const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"))

it.each(files)("%s imports only ./ siblings and uses no Node-only API", (file) => {
  const code = readFileSync(join(DIR, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")
  const imports = [...code.matchAll(/from\s+"([^"]+)"|import\(\s*"([^"]+)"|require\(\s*"([^"]+)"/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]
  )
  expect(imports.filter((p) => !/^\.\/[a-z-]+$/.test(p))).toEqual([])
  expect(code).not.toMatch(/\b(process|Buffer|__dirname|require|global)\b/)
})

it("type-checks with the DOM library only (no Node types): src/storefront/tsconfig.json", () => {
  const tsc = join(__dirname, "..", "..", "..", "node_modules", ".bin", "tsc")
  const run = spawnSync(tsc, ["-p", join(DIR, "tsconfig.json"), "--noEmit"], { encoding: "utf8" })
  expect(run.stdout + run.stderr).toBe("")
  expect(run.status).toBe(0)
}, 60_000)
