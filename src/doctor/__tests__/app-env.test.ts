// `npx iotpay-doctor` in a store's folder reads the IOTPAY_* lines of its .env; the environment and flags win.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { withAppEnv } from "../app-env"
import { parseDoctorArgs } from "../config"

const appWithEnv = (text: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-app-"))
  fs.writeFileSync(path.join(dir, ".env"), text)
  return dir
}

it("reads IOTPAY_* from the app's .env, and nothing else of it", () => {
  const dir = appWithEnv(
    [
      "DATABASE_URL=postgres://secret@db/store",
      "IOTPAY_MERCHANT_ID=10000701",
      'IOTPAY_LOGIN_NAME="demo"',
      "export IOTPAY_SECRET_KEY='sandbox-secret-key'",
      "IOTPAY_API_BASE=http://127.0.0.1:4848/v3 # the sandbox",
      "# IOTPAY_V1_API_BASE=http://127.0.0.1:4848/v1",
    ].join("\n")
  )
  expect(withAppEnv({}, dir)).toEqual({
    IOTPAY_MERCHANT_ID: "10000701",
    IOTPAY_LOGIN_NAME: "demo",
    IOTPAY_SECRET_KEY: "sandbox-secret-key",
    IOTPAY_API_BASE: "http://127.0.0.1:4848/v3",
  })
})

it("lets the process environment win over the file, and flags win over both", () => {
  const dir = appWithEnv("IOTPAY_MERCHANT_ID=1\nIOTPAY_LOGIN_NAME=file\nIOTPAY_SECRET_KEY=k\n")
  const env = withAppEnv({ IOTPAY_LOGIN_NAME: "shell" }, dir)
  expect(parseDoctorArgs(["--merchant-id", "2"], env)).toMatchObject({
    merchantId: "2",
    loginName: "shell",
    secretKey: "k",
  })
})

it("changes nothing when the folder has no .env", () => {
  const env = { IOTPAY_MERCHANT_ID: "1" }
  expect(withAppEnv(env, fs.mkdtempSync(path.join(os.tmpdir(), "doctor-app-")))).toBe(env)
})
