#!/usr/bin/env node
// What a store owner runs, in a folder of its own. Here: `medusa plugin:build` and `npm pack`, with a check that the
// tarball ships every route of src/api. Then a store's app (integration-tests/package/app/: its own package.json and
// tsconfig.json as create-medusa-app writes them, plus react-router-dom 6.x as apps from older starters hoist it)
// gets the tarball through a real `npm install` (Medusa's packages come from the npm cache when it is warm:
// --prefer-offline) and the medusa-config.ts of the README's install section, copied from README.md itself.
// integration-tests/package/store-owner.spec.ts then runs the real `medusa` CLI in that folder: db:migrate, develop,
// build, start from .medusa/server, and Chromium on the built admin. Nothing of this repo's node_modules is shared
// with the app, and no Jest resolver sits between the package and the app: Jest only drives the CLI processes.
const { execFileSync, spawnSync } = require("node:child_process")
const { packPlugin } = require("./pack-plugin")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")

const { ensureChromium } = require("./chromium")
const { freePort } = require("./postgres")

const root = path.resolve(__dirname, "..")
const appTemplate = path.join(root, "integration-tests", "package", "app")
const log = (line) => console.log(`[test-package] ${line}`)

function run(command, args, cwd = root) {
  execFileSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" } })
}

/** The README's medusa-config.ts: the code block after the `<!-- test:package medusa-config.ts -->` marker. */
function readmeConfig() {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
  const block = /<!-- test:package medusa-config\.ts -->\s*```ts\n([\s\S]*?)\n```/.exec(readme)
  if (!block) throw new Error("README.md has no ```ts block after <!-- test:package medusa-config.ts -->")
  return `${block[1]}\n`
}

/** A store owner's app: its own package.json, then `npm install <tarball>` as the README says. */
function createApp(appDir, tarball) {
  fs.cpSync(appTemplate, appDir, { recursive: true })
  fs.writeFileSync(path.join(appDir, "medusa-config.ts"), readmeConfig())
  // The store's own seed script, run with `medusa exec` as create-medusa-app's `npm run seed`: the repo's test store
  // (scripts/bench/seed.ts: seedStore, the info written to BENCH_INFO_FILE), same relative layout.
  fs.mkdirSync(path.join(appDir, "src", "scripts"), { recursive: true })
  fs.copyFileSync(path.join(root, "scripts", "seed-store.ts"), path.join(appDir, "src", "seed-store.ts"))
  fs.copyFileSync(path.join(root, "scripts", "bench", "seed.ts"), path.join(appDir, "src", "scripts", "seed.ts"))
  log(`npm install ${path.basename(tarball)} in ${appDir} (Medusa from the npm cache when warm)...`)
  const started = Date.now()
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], appDir)
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`)
}

async function main() {
  ensureChromium(process.env.E2E_CHROMIUM || "/usr/bin/chromium", log)
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "iotpay-package-"))
  try {
    const tarball = packPlugin(workDir, log)
    const appDir = path.join(workDir, "store")
    createApp(appDir, tarball)
    const medusaPort = process.env.PACKAGE_MEDUSA_PORT || (await freePort())
    const sandboxPort = process.env.PACKAGE_SANDBOX_PORT || (await freePort())
    const result = spawnSync(
      process.execPath,
      [
        path.join(__dirname, "with-postgres.js"),
        "jest",
        "--config",
        "jest.config.js",
        "--selectProjects",
        "package",
        "--runInBand",
        "--forceExit",
      ],
      {
        cwd: root,
        stdio: "inherit",
        env: {
          ...process.env,
          IOTPAY_PACKAGE_APP_DIR: appDir,
          // integration-tests/e2e/helpers.ts (Chromium, the admin login) reads these.
          E2E_MEDUSA_URL: `http://localhost:${medusaPort}`,
          E2E_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}`,
          E2E_STOREFRONT_URL: "http://localhost:8000",
          E2E_ADMIN_EMAIL: "owner@store.test",
          E2E_ADMIN_PASSWORD: "store-owner-password",
          E2E_ARTIFACTS: process.env.E2E_ARTIFACTS || path.join(root, "test-artifacts", "package"),
        },
      }
    )
    process.exitCode = result.status ?? 1
  } finally {
    if (!process.env.KEEP_PACKAGE_APP) fs.rmSync(workDir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(`[test-package] ${error.message}`)
  process.exitCode = 1
})
