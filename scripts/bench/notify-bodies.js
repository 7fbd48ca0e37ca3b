"use strict"
// The signed notify bodies both notify phases send: the notify of a paid checkout as IOTPay sends it (sandbox-only
// fields dropped), repeated; and notifies IOTPay never sent twice, each its own payOrderId and a mchOrderNo that is
// no session of this store, so every one is a first delivery (our route: an inbox INSERT and an event; the
// subscriber then ignores it).
const { loadSandboxModule } = require("../../bin/iotpay-sandbox.js")
const { MERCHANT } = require("./stack")

function notifyBodies(sandbox, paidSession) {
  const { withSignature } = loadSandboxModule("../iotpay/sign")
  const { sandbox: _extra, sign: _sign, ...record } = sandbox.order(paidSession.data.mchOrderNo)
  const repeated = JSON.stringify(withSignature(record, MERCHANT.secretKey))
  let distinctCount = 0
  /** 12,000 bodies never sent before (more than a 5 s wrk run sends). */
  const distinct = () =>
    Array.from({ length: 12_000 }, () => {
      const n = ++distinctCount
      const fields = { ...record, payOrderId: `BENCH${process.pid}N${n}`, mchOrderNo: `bench-${process.pid}-${n}` }
      return JSON.stringify(withSignature(fields, MERCHANT.secretKey))
    })
  return { repeated, distinct }
}

module.exports = { notifyBodies }
