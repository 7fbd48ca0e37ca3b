#!/usr/bin/env node
// `npm run test:starter`: the storefront recipe (examples/nextjs-starter) on Medusa's own Next.js starter, as a
// storefront developer would apply it. Copies the pinned starter from ../shared/fixtures/dtc-starter-storefront
// (STARTER_FIXTURE overrides; when it is absent, e.g. outside this repository's CI, prints one line and passes),
// installs its dependencies from its lockfile (npm ci, from the npm registry or the warm cache), installs the packed
// plugin, applies the recipe (examples/nextjs-starter/apply.js), and runs the starter's own type check
// (`tsc --noEmit`, which its `next build` skips) expecting zero errors. Then the demo backend (throw-away database)
// serves it, `next build` and `next start`, and headless Chromium (/usr/bin/chromium or E2E_CHROMIUM) pays as a
// shopper: card approved, card declined then retried, WeChat Pay QR paid in the sandbox wallet, Alipay and UnionPay
// through the cashier, each ending on the starter's order-confirmed page with exactly one order and no extra IOTPay
// order, the shopper's IP (as a load balancer in front of the Next.js server reports it) reaching IOTPay v1, and
// IOTPay's pages in the browser's language (scripts/starter-browser.js). Ports: STARTER_PORT (Next.js, 8310), STARTER_MEDUSA_PORT (9310),
// STARTER_DEMO_STOREFRONT_PORT (8309), STARTER_SANDBOX_PORT (4958).
const { execFileSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const { packPlugin } = require("./pack-plugin")
const { applyRecipe } = require("../examples/nextjs-starter/apply")
const { run: shopInBrowser } = require("./starter-browser")
const { startBackend, startStarter } = require("./starter-stack")

const root = path.resolve(__dirname, "..")
const FIXTURE = path.resolve(
  process.env.STARTER_FIXTURE || path.join(root, "..", "shared", "fixtures", "dtc-starter-storefront")
)
const log = (line) => console.log(`[test-starter] ${line}`)
const CHROMIUM = process.env.E2E_CHROMIUM || "/usr/bin/chromium"
const ARTIFACTS = path.join(root, "test-artifacts", "starter") // screenshots of a failed step
const port = (name, fallback) => Number(process.env[name] || fallback)
const PORTS = {
  starter: port("STARTER_PORT", 8310),
  medusa: port("STARTER_MEDUSA_PORT", 9310),
  storefront: port("STARTER_DEMO_STOREFRONT_PORT", 8309),
  sandbox: port("STARTER_SANDBOX_PORT", 4958),
}

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

async function main() {
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
    log("the recipe type-checks in Medusa's Next.js starter")
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`)
    await inBrowser(starter, workDir)
    log("passed")
  } finally {
    if (process.env.STARTER_KEEP !== "1") fs.rmSync(workDir, { recursive: true, force: true })
    else log(`kept ${workDir} (STARTER_KEEP=1)`)
  }
}

/** The demo backend, the built starter, and the shopper in Chromium; everything started is stopped. */
async function inBrowser(starter, workDir) {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const starterUrl = `http://localhost:${PORTS.starter}`
  const backend = await startBackend({ dataDir: workDir, ports: PORTS, starterUrl, log })
  let server
  try {
    server = await startStarter({ starter, port: PORTS.starter, backend, dataDir: workDir, log })
    await shopInBrowser({
      storefrontUrl: starterUrl,
      medusaUrl: backend.medusaUrl,
      sandboxUrl: backend.sandboxUrl,
      chromiumPath: CHROMIUM,
      artifacts: ARTIFACTS,
      log,
    })
  } finally {
    await server?.stop()
    await backend.stop()
  }
}

main().catch((error) => {
  console.error(`[test-starter] failed: ${error.message}`)
  process.exit(1)
})
