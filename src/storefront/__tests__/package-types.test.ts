// The kit's types as a storefront sees them: the package's own package.json (exports, storefront/package.json) with
// the declarations `npm run build` emits, imported next to the real `@medusajs/js-sdk` under each moduleResolution a
// storefront uses (Medusa's Next.js starter: "node"; Node ESM/CJS: "node16"; Vite, Next with bundler: "bundler").
import { spawnSync } from "node:child_process"
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const ROOT = join(__dirname, "..", "..", "..")
const TSC = join(ROOT, "node_modules", ".bin", "tsc")

// A storefront file: the real Medusa class given to fromSdk without a cast, and calls that must (not) type-check.
const CONSUMER = `
import Medusa from "@medusajs/js-sdk"
import { completeCart, fromSdk, shopperLocale, type CheckoutOutcome, type Transport } from "medusa-payment-iotpay/storefront"

const sdk = new Medusa({ baseUrl: "http://localhost:9000", publishableKey: "pk_test" })
export const store: Transport = fromSdk(sdk)
export const signedIn = fromSdk(sdk, { headers: async () => ({ authorization: "Bearer t" }) })
export const placeOrder = (cartId: string): Promise<CheckoutOutcome> =>
  completeCart(store, cartId, { locale: shopperLocale("fr-CA") })
// The kit's types are real, not any: a wrong call fails.
// @ts-expect-error a cart id is a string
completeCart(store, 42)
`

let dir: string
beforeAll(() => {
  // Inside the repo's node_modules so that "@medusajs/js-sdk" resolves to the installed one, walking up.
  mkdirSync(join(ROOT, "node_modules", ".cache"), { recursive: true })
  dir = mkdtempSync(join(ROOT, "node_modules", ".cache", "storefront-types-"))
  const pkg = join(dir, "node_modules", "medusa-payment-iotpay")
  mkdirSync(join(pkg, "storefront"), { recursive: true })
  copyFileSync(join(ROOT, "package.json"), join(pkg, "package.json"))
  copyFileSync(join(ROOT, "storefront", "package.json"), join(pkg, "storefront", "package.json"))
  // The declarations exactly as `npm run build` emits them (its second step: tsc -p src/storefront/tsconfig.json).
  const out = join(pkg, ".medusa", "server", "src", "storefront")
  const emit = spawnSync(TSC, ["-p", join(ROOT, "src", "storefront", "tsconfig.json"), "--outDir", out], {
    encoding: "utf8",
  })
  expect(emit.stdout + emit.stderr).toBe("")
  writeFileSync(join(dir, "consumer.ts"), CONSUMER)
  // The storefront's own package.json: without it, consumer.ts would sit in this repository's package scope and
  // TypeScript (node16, bundler) would resolve "medusa-payment-iotpay" to the repository itself (a package importing
  // its own name), i.e. to whatever a local `npm run build` left in .medusa/, not to the installed copy.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "storefront", private: true }))
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it.each([
  ["node", "esnext"],
  ["node16", "node16"],
  ["bundler", "esnext"],
])(
  "moduleResolution %s: medusa-payment-iotpay/storefront resolves and fromSdk takes js-sdk's Medusa",
  (moduleResolution, module) => {
    const config = join(dir, `tsconfig.${moduleResolution}.json`)
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          target: "es2020",
          lib: ["dom", "dom.iterable", "esnext"],
          module,
          moduleResolution,
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        files: ["consumer.ts"],
      })
    )
    const run = spawnSync(TSC, ["-p", config, "--listFiles"], { encoding: "utf8", maxBuffer: 64 << 20 })
    const errors = run.stdout.split("\n").filter((line) => /error TS/.test(line))
    expect(errors).toEqual([])
    expect(run.status).toBe(0)
    // …and it was our package's declarations and the real js-sdk that were used, not something found elsewhere.
    const files = run.stdout.split("\n")
    expect(files).toContain(join(dir, "node_modules/medusa-payment-iotpay/.medusa/server/src/storefront/index.d.ts"))
    expect(files.some((f) => f.startsWith(join(ROOT, "node_modules/@medusajs/js-sdk/dist/")))).toBe(true)
  },
  120_000
)
