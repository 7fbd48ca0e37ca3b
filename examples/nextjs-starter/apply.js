#!/usr/bin/env node
// Applies the IOTPay recipe to a copy of Medusa's Next.js starter (medusajs/dtc-starter, apps/storefront):
//   node examples/nextjs-starter/apply.js <starter folder>
// 1. copies files/ (server actions, the pay button, the return routes) into the starter;
// 2. makes the few one-line edits to the starter's own files: the methods' titles in paymentInfoMap, an isIotpay
//    helper, and a case in PaymentButton. Each edit finds its anchor or stops with an error (a changed starter), and
//    applying twice changes nothing. The payment step needs no edit: the session it creates with { provider_id }
//    opens nothing at IOTPay (the plugin opens the payment when "Place order" sends a return URL).
const fs = require("node:fs")
const path = require("node:path")

const EDITS = [
  {
    file: "src/lib/constants.tsx",
    anchor: "  // Add more payment providers here\n",
    insert:
      '  pp_iotpay_iotpay: { title: "Credit card (IOTPay)", icon: <CreditCard /> },\n' +
      '  "pp_iotpay-wechat_iotpay": { title: "WeChat Pay", icon: <CreditCard /> },\n' +
      '  "pp_iotpay-alipay_iotpay": { title: "Alipay", icon: <CreditCard /> },\n' +
      '  "pp_iotpay-unionpay_iotpay": { title: "UnionPay", icon: <CreditCard /> },\n',
    where: "before",
  },
  {
    file: "src/lib/constants.tsx",
    anchor: "// Add currencies that don't need to be divided by 100\n",
    insert:
      "// IOTPay: cards, WeChat Pay, Alipay and UnionPay (medusa-payment-iotpay)\n" +
      'export { isIotpayProvider as isIotpay } from "medusa-payment-iotpay/storefront"\n\n',
    where: "before",
  },
  {
    file: "src/modules/checkout/components/payment-button/index.tsx",
    anchor: 'import { isManual, isStripeLike } from "@lib/constants"\n',
    insert:
      'import { isIotpay } from "@lib/constants"\n' +
      'import IotpayPaymentButton from "@modules/checkout/components/iotpay-payment-button"\n',
    where: "after",
  },
  {
    file: "src/modules/checkout/components/payment-button/index.tsx",
    anchor: "    default:\n      return <Button disabled>Select a payment method</Button>\n",
    insert:
      "    case isIotpay(paymentSession?.provider_id):\n" +
      "      return <IotpayPaymentButton notReady={notReady} cart={cart} data-testid={dataTestId} />\n",
    where: "before",
  },
]

function copyTree(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name)
    const target = path.join(to, entry.name)
    if (entry.isDirectory()) {
      fs.mkdirSync(target, { recursive: true })
      copyTree(source, target)
    } else fs.copyFileSync(source, target)
  }
}

function applyRecipe(starter) {
  if (!fs.existsSync(path.join(starter, "src", "lib", "constants.tsx"))) {
    throw new Error(`${starter} is not Medusa's Next.js starter (no src/lib/constants.tsx)`)
  }
  copyTree(path.join(__dirname, "files"), starter)
  for (const edit of EDITS) {
    const file = path.join(starter, edit.file)
    const text = fs.readFileSync(file, "utf8")
    if (text.includes(edit.insert)) continue // applied before
    if (!text.includes(edit.anchor)) throw new Error(`${edit.file}: "${edit.anchor.trim()}" not found; edit it by hand`)
    const replaced = edit.where === "before" ? edit.insert + edit.anchor : edit.anchor + edit.insert
    fs.writeFileSync(file, text.replace(edit.anchor, replaced))
  }
}

module.exports = { applyRecipe }

if (require.main === module) {
  const starter = process.argv[2]
  if (!starter) {
    console.error("usage: node examples/nextjs-starter/apply.js <starter folder>")
    process.exit(2)
  }
  applyRecipe(path.resolve(starter))
  console.log(`IOTPay recipe applied to ${starter}; add medusa-payment-iotpay to its dependencies.`)
}
