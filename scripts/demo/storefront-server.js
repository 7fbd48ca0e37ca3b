// The demo storefront: static files from ./storefront, /config.js, which tells the page where Medusa is and which
// publishable key and region to use, and /iotpay-storefront.js: the plugin's storefront kit (src/storefront, the
// `medusa-payment-iotpay/storefront` export) bundled for the browser by esbuild (installed with vite) as the global
// `IotpayStorefront`, built from source at start so the page always runs the kit in this checkout. Plain Node http.
// For WeChat Pay (IOTPay v1): /qr.svg?text=<codeUrl> draws a QR code (the `qrcode` package, which Medusa's admin
// dashboard already installs), so the page needs no QR library; Alipay and UnionPay come back to
// /wallet-return/<wallet>/<cart id>, answered with return.html.
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

const WALLET_RETURN = /^\/wallet-return\/(wechat|alipay|unionpay)\/[A-Za-z0-9_]+$/

/** config: { medusaUrl, publishableKey, regionId, regions ({ USD: id, CNY: id }), providerId, sandboxUrl } */
function startStorefront({ port, host, config }) {
  const configJs = `window.DEMO_CONFIG = ${JSON.stringify(config)};\n`
  const kitJs = bundleKit()
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname)
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end()
      return
    }
    if (pathname === "/config.js") return send(res, 200, TYPES[".js"], configJs)
    if (pathname === "/qr.svg") return sendQr(res, new URL(req.url, "http://x").searchParams.get("text"))
    if (pathname === "/iotpay-storefront.js") return send(res, 200, TYPES[".js"], kitJs)
    // Alipay / UnionPay come back to /wallet-return/<wallet>/<cart id>: IOTPay v1 takes no query string in the return
    // URL, so the cart id is in the path; the page is return.html.
    const page = WALLET_RETURN.test(pathname) ? "/return.html" : pathname
    const file = path.join(ROOT, page === "/" ? "index.html" : page)
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

/** An SVG QR code of `text` (at most 512 characters: a codeUrl, not arbitrary data). */
async function sendQr(res, text) {
  if (!text || text.length > 512) {
    return send(res, 400, "text/plain; charset=utf-8", "text= (1-512 characters) is required")
  }
  try {
    const svg = await require("qrcode").toString(text, { type: "svg", margin: 2, errorCorrectionLevel: "M" })
    send(res, 200, "image/svg+xml", svg)
  } catch (error) {
    send(res, 500, "text/plain; charset=utf-8", `could not draw the QR code: ${error.message}`)
  }
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
    regions: info.regions,
    providerId: "pp_iotpay_iotpay",
    sandboxUrl: process.env.IOTPAY_SANDBOX_URL || "http://127.0.0.1:4848",
  }
  startStorefront({ port, config }).then(() => console.log(`storefront on http://localhost:${port}`))
}
