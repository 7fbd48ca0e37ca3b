#!/usr/bin/env node
// The plugin as a store owner gets it: `medusa plugin:build`, `npm pack`, a separate Medusa app that installs the
// tarball and registers it exactly as the README says, then a checkout and a refund through its HTTP APIs
// (integration-tests/package/). The app reuses this repo's installed Medusa packages (symlinked node_modules
// entries) so the test takes a minute or two instead of a fresh Medusa install.
const { execFileSync, spawnSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")

const root = path.resolve(__dirname, "..")
const bin = (name) => path.join(root, "node_modules", ".bin", name)
const log = (line) => console.log(`[test-package] ${line}`)

function run(command, args, cwd = root) {
  execFileSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" } })
}

function packPlugin(workDir) {
  log("building the plugin (npm run build: medusa plugin:build, then the storefront kit's type declarations)...")
  run(bin("medusa"), ["plugin:build"])
  run(bin("tsc"), ["-p", "src/storefront/tsconfig.json"])
  log("packing it (npm pack)...")
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: root, encoding: "utf8" })
  const [{ filename, files }] = JSON.parse(out.slice(out.indexOf("[")))
  const leaked = files.map((f) => f.path).filter((p) => /__tests__|integration-tests|\.env|scripts\//.test(p))
  if (leaked.length) throw new Error(`the package would publish files a store doesn't need: ${leaked.join(", ")}`)
  return path.join(workDir, filename)
}

/** A store owner's app: its own package.json and medusa-config.ts, node_modules borrowed from this repo. */
function createApp(appDir, tarball) {
  fs.mkdirSync(path.join(appDir, "node_modules"), { recursive: true })
  for (const name of fs.readdirSync(path.join(root, "node_modules"))) {
    if (name === ".bin" || name === "medusa-payment-iotpay") continue
    fs.symlinkSync(path.join(root, "node_modules", name), path.join(appDir, "node_modules", name), "dir")
  }
  fs.symlinkSync(path.join(root, "node_modules", ".bin"), path.join(appDir, "node_modules", ".bin"), "dir")
  const target = path.join(appDir, "node_modules", "medusa-payment-iotpay")
  fs.mkdirSync(target)
  run("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"])
  fs.writeFileSync(
    path.join(appDir, "package.json"),
    JSON.stringify(
      { name: "someone-elses-store", private: true, dependencies: { "medusa-payment-iotpay": `file:${tarball}` } },
      null,
      2
    )
  )
  fs.copyFileSync(
    path.join(root, "integration-tests", "package", "app-medusa-config.ts"),
    path.join(appDir, "medusa-config.ts")
  )
  fs.writeFileSync(
    path.join(appDir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2021",
        module: "Node16",
        moduleResolution: "Node16",
        esModuleInterop: true,
        skipLibCheck: true,
      },
    })
  )
}

function main() {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "iotpay-package-"))
  try {
    const tarball = packPlugin(workDir)
    const appDir = path.join(workDir, "store")
    createApp(appDir, tarball)
    log(`installed ${path.basename(tarball)} into ${appDir}`)
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
      { cwd: root, stdio: "inherit", env: { ...process.env, IOTPAY_PACKAGE_APP_DIR: appDir } }
    )
    process.exitCode = result.status ?? 1
  } finally {
    if (!process.env.KEEP_PACKAGE_APP) fs.rmSync(workDir, { recursive: true, force: true })
  }
}

main()
