// The demo storefront: static files from ./storefront, /config.js, which tells the page where Medusa is and which
// publishable key and region to use, and /iotpay-storefront.js: the plugin's storefront kit (src/storefront, the
// `medusa-payment-iotpay/storefront` export) bundled for the browser by esbuild (installed with vite) as the global
// `IotpayStorefront`, built from source at start so the page always runs the kit in this checkout. Plain Node http.
// Standalone: node scripts/demo/storefront-server.js (reads .demo-data/demo.json, PORT/STOREFRONT_PORT, MEDUSA_URL).
const http = require("node:http")
const fs = require("node:fs")
const path = require("node:path")

const ROOT = path.join(__dirname, "storefront")
const KIT_ENTRY = path.join(__dirname, "..", "..", "src", "storefront", "index.ts")
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
}

/** config: { medusaUrl, publishableKey, regionId, providerId, sandboxUrl } */
function startStorefront({ port, host, config }) {
  const configJs = `window.DEMO_CONFIG = ${JSON.stringify(config)};\n`
  const kitJs = bundleKit()
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname)
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end()
      return
    }
    if (pathname === "/config.js") return send(res, 200, TYPES[".js"], configJs)
    if (pathname === "/iotpay-storefront.js") return send(res, 200, TYPES[".js"], kitJs)
    const file = path.join(ROOT, pathname === "/" ? "index.html" : pathname)
    // Only files directly inside ./storefront: no "..", no directories.
    if (path.dirname(file) !== ROOT || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(res, 404, TYPES[".html"], "<h1>Not found</h1><p><a href='/'>Back to the shop</a></p>")
    }
    send(res, 200, TYPES[path.extname(file)] || "application/octet-stream", fs.readFileSync(file))
  })
  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => resolve(server))
  })
}

/** The storefront kit as one browser script defining `window.IotpayStorefront`. */
function bundleKit() {
  const { buildSync } = require("esbuild")
  const result = buildSync({
    entryPoints: [KIT_ENTRY],
    bundle: true,
    format: "iife",
    globalName: "IotpayStorefront",
    platform: "browser",
    target: "es2020",
    write: false,
    logLevel: "silent",
  })
  return result.outputFiles[0].text
}

function send(res, status, type, body) {
  // no-store: the page and its config change between demo runs (new key after a reset).
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" })
  res.end(body)
}

module.exports = { startStorefront, bundleKit }

if (require.main === module) {
  const info = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", ".demo-data", "demo.json"), "utf8"))
  const port = Number(process.env.STOREFRONT_PORT || process.env.PORT || 8000)
  const config = {
    medusaUrl: process.env.MEDUSA_URL || "http://localhost:9000",
    publishableKey: info.publishableKey,
    regionId: info.regionId,
    providerId: "pp_iotpay_iotpay",
  }
  startStorefront({ port, config }).then(() => console.log(`storefront on http://localhost:${port}`))
}
