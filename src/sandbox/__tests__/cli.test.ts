// The command line: argument parsing, --help, and the bin launcher end to end.
import { spawn } from "node:child_process"
import { join } from "node:path"
import { CliUsageError, helpText, main, parseCliArgs } from "../cli"
import { FAST_NOTIFY_RETRY_DELAYS_MS, TEST_CARDS, TEST_WALLET_TOKENS } from "../index"

describe("parseCliArgs", () => {
  it("defaults to port 4848 and leaves the rest to startSandbox's defaults", () => {
    expect(parseCliArgs([], {})).toEqual({
      help: false,
      quiet: false,
      options: expect.objectContaining({ port: 4848, merchantId: undefined, refundBeforeSettlement: undefined }),
    })
  })

  it("reads every flag", () => {
    const parsed = parseCliArgs(
      [
        "--port",
        "0",
        "--host",
        "0.0.0.0",
        "--merchant-id",
        "123",
        "--login-name",
        "bob",
        "--secret-key",
        "K",
        "--state",
        "/tmp/s.json",
        "--auto-settle",
        "2.5",
        "--no-refund-before-settlement",
        "--notify-fast",
        "--upi-delay",
        "10",
        "--repeated-refund-no",
        "refuse",
        "--no-query-by-refund-no",
        "--no-sign-responses",
      ],
      {}
    )
    expect(parsed).toEqual({
      help: false,
      quiet: false,
      options: {
        port: 0,
        host: "0.0.0.0",
        merchantId: "123",
        loginName: "bob",
        secretKey: "K",
        publicUrl: undefined,
        stateFile: "/tmp/s.json",
        autoSettleMs: 2500,
        refundBeforeSettlement: false,
        repeatedRefundNo: "refuse",
        queryByRefundNo: false,
        signResponses: false,
        notifyRetryDelaysMs: FAST_NOTIFY_RETRY_DELAYS_MS,
        upiDelayMs: 10,
      },
    })
  })

  it("falls back to IOTPAY_SANDBOX_* environment variables; flags win", () => {
    const env = { IOTPAY_SANDBOX_PORT: "5000", IOTPAY_SANDBOX_SECRET_KEY: "ENVKEY", IOTPAY_SANDBOX_MERCHANT_ID: "77" }
    const parsed = parseCliArgs(["--merchant-id", "88"], env)
    expect(parsed.help === false && parsed.options).toMatchObject({ port: 5000, secretKey: "ENVKEY", merchantId: "88" })
  })

  it("rejects unknown flags and bad numbers", () => {
    expect(() => parseCliArgs(["--nope"], {})).toThrow(CliUsageError)
    expect(() => parseCliArgs(["--port", "abc"], {})).toThrow(CliUsageError)
    expect(() => parseCliArgs(["--auto-settle", "-1"], {})).toThrow(CliUsageError)
    expect(() => parseCliArgs(["--repeated-refund-no", "ignore"], {})).toThrow(
      new CliUsageError('--repeated-refund-no must be replay or refuse, got "ignore"')
    )
  })

  it("leaves the modes to startSandbox's defaults unless given; replay is accepted explicitly", () => {
    const none = parseCliArgs([], {})
    expect(none.help === false && none.options).toMatchObject({
      repeatedRefundNo: undefined,
      queryByRefundNo: undefined,
      signResponses: undefined,
    })
    const replay = parseCliArgs(["--repeated-refund-no", "replay"], {})
    expect(replay.help === false && replay.options.repeatedRefundNo).toBe("replay")
  })

  it("--help lists the test cards, wallet tokens and control endpoints", () => {
    expect(parseCliArgs(["-h"], {})).toEqual({ help: true })
    const text = helpText()
    for (const c of Object.values(TEST_CARDS)) expect(text).toContain(c.number)
    for (const t of Object.values(TEST_WALLET_TOKENS)) expect(text).toContain(t.walletData)
    expect(text).toContain("/_sandbox/faults")
    expect(text).toContain("/_sandbox/settle")
    for (const flag of [
      "--no-refund-before-settlement",
      "--repeated-refund-no",
      "--no-query-by-refund-no",
      "--no-sign-responses",
    ]) {
      expect(text).toContain(flag)
    }
    for (const fault of ["systemError", "badSignature", "resultStatus: 0|1|9", "/_sandbox/reversals/settle"]) {
      expect(text).toContain(fault)
    }
  })
})

describe("main", () => {
  it("starts a sandbox and prints a one-line banner with URL and credentials", async () => {
    const out: string[] = []
    const sb = await main(["--port", "0", "--secret-key", "K1", "--quiet"], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      env: {},
      handleSignals: false,
    })
    try {
      expect(sb).toBeDefined()
      expect(out).toEqual([
        `IOTPay sandbox on ${sb!.url} (apiBase ${sb!.url}/v3) mchId=10000701 loginName=demo secretKey=K1`,
      ])
    } finally {
      await sb?.close()
    }
  })

  it("passes the mode flags to the sandbox (seen in /_sandbox/health)", async () => {
    const sb = await main(
      ["--port", "0", "--quiet", "--repeated-refund-no", "refuse", "--no-query-by-refund-no", "--no-sign-responses"],
      {
        out: () => {},
        err: () => {},
        env: {},
        handleSignals: false,
      }
    )
    try {
      const health = (await (await fetch(`${sb!.url}/_sandbox/health`)).json()) as { modes: Record<string, unknown> }
      expect(health.modes).toMatchObject({ repeatedRefundNo: "refuse", queryByRefundNo: false, signResponses: false })
    } finally {
      await sb?.close()
    }
  })

  it("a usage error prints a hint and sets exit code 2", async () => {
    const err: string[] = []
    const previous = process.exitCode
    expect(await main(["--bogus"], { out: () => {}, err: (l) => err.push(l), env: {} })).toBeUndefined()
    expect(process.exitCode).toBe(2)
    process.exitCode = previous
    expect(err.join("\n")).toContain("--help")
  })
})

describe("bin/iotpay-sandbox.js", () => {
  it("starts from source, prints the banner, serves, and exits 0 on SIGTERM", async () => {
    const bin = join(__dirname, "..", "..", "..", "bin", "iotpay-sandbox.js")
    const child = spawn(process.execPath, [bin, "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (c: Buffer) => (output += c.toString()))
    child.stderr.on("data", (c: Buffer) => (output += c.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 20_000)
      child.stdout.on("data", () => {
        const m = /IOTPay sandbox on (http:\/\/\S+)/.exec(output)
        if (m) {
          clearTimeout(timer)
          resolve(m[1])
        }
      })
    })
    const health = await fetch(`${url}/_sandbox/health`)
    expect(health.status).toBe(200)
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c))
      child.kill("SIGTERM")
    })
    expect(code).toBe(0)
  }, 30_000)
})
