// The doctor against the sandbox in every combination of the behaviours IOTPay's docs leave open: each answer it
// reports, and each option it recommends, must be the mode the sandbox was started in.
import { doctorAgainst, finding, withSandbox } from "./helpers"

const MODES = [true, false].flatMap((refundBeforeSettlement) =>
  (["replay", "refuse"] as const).flatMap((repeatedRefundNo) =>
    [true, false].flatMap((queryByRefundNo) =>
      [true, false].map((signResponses) => ({
        refundBeforeSettlement,
        repeatedRefundNo,
        queryByRefundNo,
        signResponses,
      }))
    )
  )
)

describe.each(MODES)("sandbox mode %o", (mode) => {
  it("reports the mode, recommends its options, and gives every cent back", async () => {
    await withSandbox(mode, async (sandbox) => {
      const report = await doctorAgainst(sandbox)
      expect(report.exitCode).toBe(0)
      expect(report.completed).toBe(true)
      expect(report.options).toEqual({
        verifyResponseSignatures: mode.signResponses ? "required" : "if-present",
        reversalLookup: mode.queryByRefundNo ? "query-by-number" : "none",
        repeatedRefundNo: mode.repeatedRefundNo,
      })
      expect(finding(report, "refund-before-settlement").answer).toMatch(mode.refundBeforeSettlement ? /^Yes/ : /^No/)
      // The sandbox refuses a void once a refund was made.
      if (mode.refundBeforeSettlement) expect(finding(report, "void-after-refund").answer).toMatch(/^No/)
      expect(finding(report, "settlement-flag").status).toBe("ok")
      expect(finding(report, "money-returned").status).toBe("ok")
      const payment = sandbox.order(report.testPayment!.payOrderId!)!
      expect(payment.refundable).toBe(0)
      expect(report.findings.every((f) => f.status === "ok")).toBe(true)
    })
  })
})
