/** `iotpay-doctor` on the command line: flags/env (and the app's .env) → runDoctor → report on stdout, exit code. */
import { withAppEnv } from "./app-env"
import { DoctorUsageError, HELP, parseDoctorArgs } from "./config"
import { formatReport, runDoctor } from "./index"
import { scrubSecret } from "./wire"

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
}

const stdio: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = withAppEnv(process.env),
  io: CliIo = stdio
): Promise<number> {
  let config
  try {
    config = parseDoctorArgs(argv, env)
  } catch (error) {
    const secret = env.IOTPAY_SECRET_KEY ?? ""
    io.err(`iotpay-doctor: ${scrubSecret((error as Error).message, secret)}\n(--help lists every option)\n`)
    return 1
  }
  if (config === "help") {
    io.out(`${HELP}\n`)
    return 0
  }
  const secretKey = config.secretKey
  const report = await runDoctor(config, {
    onPaymentPage: (url) =>
      // stderr, so --json output on stdout stays one JSON document.
      io.err(
        `\nPay this test purchase (${(config.amountCents / 100).toFixed(2)} CAD) with IOTPay's test card, within ` +
          `${Math.round(config.paymentTimeoutMs / 1000)} s:\n\n  ${url}\n\nWaiting for IOTPay to report it paid…\n`
      ),
    onV1Payment: (payment) =>
      io.err(
        `\nPay the v1 test payment ${payment.mchOrderNo} (${(config.v1AmountCents / 100).toFixed(2)} CAD) with WeChat ` +
          `within ${Math.round(config.paymentTimeoutMs / 1000)} s: scan a QR code of\n\n  ${payment.codeUrl}\n` +
          (payment.walletPage ? `\nor, on this sandbox, open its wallet page:\n\n  ${payment.walletPage}\n` : "") +
          `\nWaiting for IOTPay to report it paid…\n`
      ),
  })
  io.out(
    config.json
      ? `${scrubSecret(JSON.stringify(report, null, 2), secretKey)}\n`
      : `${formatReport(report, secretKey)}\n`
  )
  return report.exitCode
}

export { DoctorUsageError }
