#!/usr/bin/env node
// `npm run test:starter`: the storefront recipe (examples/nextjs-starter) on Medusa's own Next.js starter, as a
// storefront developer would apply it. Copies the pinned starter from ../shared/fixtures/dtc-starter-storefront
// (STARTER_FIXTURE overrides; when it is absent, e.g. outside this repository's CI, prints one line and passes),
// installs its dependencies from its lockfile (npm ci, from the npm registry or the warm cache), installs the packed
// plugin, applies the recipe (examples/nextjs-starter/apply.js), and runs the starter's own type check
// (`tsc --noEmit`, which its `next build` skips) expecting zero errors.
const { execFileSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const { packPlugin } = require("./pack-plugin")
const { applyRecipe } = require("../examples/nextjs-starter/apply")

const root = path.resolve(__dirname, "..")
const FIXTURE = path.resolve(
  process.env.STARTER_FIXTURE || path.join(root, "..", "shared", "fixtures", "dtc-starter-storefront")
)
const log = (line) => console.log(`[test-starter] ${line}`)

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } })
}

/** The starter's files without anything a previous install or build left (read-only fixture: copied, never changed). */
function copyStarter(to) {
  fs.cpSync(FIXTURE, to, {
    recursive: true,
    filter: (source) => !/(^|[/\\])(node_modules|\.next)([/\\]|$)/.test(path.relative(FIXTURE, source)),
  })
}

/** The packed plugin as npm installs it: the tarball's package/ folder as node_modules/medusa-payment-iotpay. */
function installPlugin(starter, tarball) {
  const target = path.join(starter, "node_modules", "medusa-payment-iotpay")
  fs.rmSync(target, { recursive: true, force: true })
  fs.mkdirSync(target, { recursive: true })
  run("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], starter)
}

function main() {
  if (!fs.existsSync(path.join(FIXTURE, "package-lock.json"))) {
    log(`skipped: no starter fixture at ${FIXTURE} (a pinned copy of medusajs/dtc-starter's apps/storefront)`)
    return
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "iotpay-starter-"))
  const starter = path.join(workDir, "storefront")
  try {
    copyStarter(starter)
    log(`installing the starter's dependencies (npm ci) in ${starter}...`)
    run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], starter)
    installPlugin(starter, packPlugin(workDir, log))
    applyRecipe(starter)
    log("the starter's type check (tsc --noEmit), recipe applied...")
    run(path.join(starter, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "tsconfig.json"], starter)
    log("passed: the recipe type-checks in Medusa's Next.js starter")
  } finally {
    if (process.env.STARTER_KEEP !== "1") fs.rmSync(workDir, { recursive: true, force: true })
    else log(`kept ${workDir} (STARTER_KEEP=1)`)
  }
}

try {
  main()
} catch (error) {
  console.error(`[test-starter] failed: ${error.message}`)
  process.exit(1)
}
