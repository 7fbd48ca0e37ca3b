#!/usr/bin/env node
"use strict"
// Launcher: the built plugin ships .medusa/server/src/sandbox/*.js; a source checkout runs the TypeScript
// through ts-node (transpile-only, swc) so no build step is needed for local use.
const fs = require("node:fs")
const path = require("node:path")

/** Loads src/sandbox/<name> from the build if present, else from TypeScript source. */
function loadSandboxModule(name) {
  const built = path.join(__dirname, "..", ".medusa", "server", "src", "sandbox", `${name}.js`)
  if (fs.existsSync(built)) return require(built)
  require("ts-node").register({ transpileOnly: true, swc: true, project: path.join(__dirname, "..", "tsconfig.json") })
  return require(path.join(__dirname, "..", "src", "sandbox", `${name}.ts`))
}

module.exports = { loadSandboxModule }

if (require.main === module) {
  loadSandboxModule("cli")
    .main(process.argv.slice(2))
    .catch((err) => {
      process.stderr.write(`iotpay-sandbox: ${err && err.message ? err.message : String(err)}\n`)
      process.exit(1)
    })
}
