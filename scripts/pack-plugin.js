// The plugin as npm would publish it: `npm run build` (medusa plugin:build, then the type declarations of the
// storefront kit and of the other exported import paths), then `npm pack`, refusing a tarball that would ship tests or
// scripts, or would miss a route of src/api or an image the README links. Used by test-package.js (a store owner's
// Medusa app) and test-starter.js (Medusa's Next.js starter storefront).
const { execFileSync } = require("node:child_process")
const fs = require("node:fs")
const path = require("node:path")

const root = path.resolve(__dirname, "..")

/** Route files of src/api as the build names them (src/api/x/route.ts → .medusa/server/src/api/x/route.js). */
function apiFiles(dir = path.join(root, "src", "api")) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "__tests__" ? [] : apiFiles(full)
    if (!/\.ts$/.test(entry.name)) return []
    return [path.relative(root, full).split(path.sep).join("/").replace(/\.ts$/, ".js")]
  })
}

/** Builds and packs the plugin into `workDir`; answers the tarball's path. `log` reports each step. */
function packPlugin(workDir, log) {
  const run = (command, args) =>
    execFileSync(command, args, {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
    })
  // The package.json script itself, so what is tested is what `npm publish` builds (prepublishOnly runs it).
  log("building the plugin (npm run build: medusa plugin:build, then the type declarations)...")
  run("npm", ["run", "-s", "build"])
  log("packing it (npm pack)...")
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: root, encoding: "utf8" })
  const [{ filename, files }] = JSON.parse(out.slice(out.indexOf("[")))
  const packed = new Set(files.map((f) => f.path))
  const leaked = [...packed].filter((p) => /__tests__|integration-tests|\.env|scripts\//.test(p))
  if (leaked.length) throw new Error(`the package would publish files a store doesn't need: ${leaked.join(", ")}`)
  // `medusa plugin:build` leaves out folders it takes for tests (`test`, `unit-tests`, ...): a route in such a
  // folder answers 404 in every installed copy.
  const missing = apiFiles().filter((file) => !packed.has(`.medusa/server/${file}`))
  if (missing.length) throw new Error(`src/api files missing from the package: ${missing.join(", ")}`)
  // The README's images are links to the package's own copies (jsDelivr), so npm's page shows them.
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
  const images = [...readme.matchAll(/https:\/\/cdn\.jsdelivr\.net\/npm\/medusa-payment-iotpay\/([^)\s]+)/g)]
  const unshipped = images.map((m) => m[1]).filter((file) => !packed.has(file))
  if (unshipped.length) throw new Error(`README images not in the package: ${unshipped.join(", ")}`)
  // The README is short and links into docs/ for the rest: those pages ship too, so the links open in node_modules.
  const docs = [...readme.matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]).filter((file) => !packed.has(file))
  if (docs.length) throw new Error(`docs the README links to are not in the package: ${docs.join(", ")}`)
  log(
    `${filename}: ${files.length} files, all ${apiFiles().length} files of src/api, the README's images and the docs it links to included`
  )
  return path.join(workDir, filename)
}

module.exports = { packPlugin }
