// Debian's Chromium for the browser tests (scripts/test-e2e.js, scripts/test-package.js): playwright-core never
// downloads one.
const { execFileSync } = require("node:child_process")
const fs = require("node:fs")
const path = require("node:path")

function onPath(command) {
  return (process.env.PATH || "").split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, command)))
}

/**
 * When `chromium` (/usr/bin/chromium, or E2E_CHROMIUM) is missing: as root on a machine with apt-get, install Debian's
 * `chromium` (apt-get update, then install -y chromium: what CI needs on a bare machine); otherwise stop with one
 * line saying what to install.
 */
function ensureChromium(chromium, log) {
  if (fs.existsSync(chromium)) return
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0
  if (process.env.E2E_CHROMIUM || !isRoot || !onPath("apt-get")) {
    log(
      process.env.E2E_CHROMIUM
        ? `${chromium} (E2E_CHROMIUM) does not exist: point E2E_CHROMIUM at a Chromium binary.`
        : `Chromium is missing at ${chromium}: install Debian's chromium (as root: apt-get install -y chromium), or set E2E_CHROMIUM to a Chromium binary.`
    )
    process.exit(1)
  }
  log(`${chromium} is missing: installing Debian's chromium (apt-get update; apt-get install -y chromium)...`)
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  execFileSync("apt-get", ["update"], { stdio: "inherit", env: aptEnv })
  execFileSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env: aptEnv })
  if (!fs.existsSync(chromium)) throw new Error(`apt-get installed chromium, but ${chromium} is still missing.`)
  log(`installed ${chromium}`)
}

module.exports = { ensureChromium }
