#!/usr/bin/env node
"use strict"
// Launcher: the built plugin ships .medusa/server/src/doctor/*.js; a source checkout runs the TypeScript through
// ts-node (transpile-only, swc) so no build step is needed, exactly as bin/iotpay-sandbox.js does.
const fs = require("node:fs")
const path = require("node:path")

function loadDoctorModule(name) {
  const built = path.join(__dirname, "..", ".medusa", "server", "src", "doctor", `${name}.js`)
  if (fs.existsSync(built)) return require(built)
  require("ts-node").register({ transpileOnly: true, swc: true, project: path.join(__dirname, "..", "tsconfig.json") })
  return require(path.join(__dirname, "..", "src", "doctor", `${name}.ts`))
}

module.exports = { loadDoctorModule }

if (require.main === module) {
  loadDoctorModule("cli")
    .main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((err) => {
      // Never the stack: it could hold request details; the message is enough to act on.
      process.stderr.write(`iotpay-doctor: ${err && err.message ? err.message : String(err)}\n`)
      process.exit(1)
    })
}
