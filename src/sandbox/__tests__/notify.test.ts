// Notify delivery: retries until the merchant answers SUCCESS, attempt log, and the notify faults.
import { TEST_CARDS } from "../index"
import { control, payHosted, startHarness, startNotifyReceiver, waitFor, type Harness } from "./helpers"

let h: Harness
/** What the sandbox logs: "gave up" is its signal that a delivery's last scheduled try is over. */
const warnings: string[] = []
beforeAll(async () => {
  h = await startHarness({
    notifyRetryDelaysMs: [0, 20, 40, 80, 160],
    logger: { info() {}, warn: (m) => void warnings.push(m), error() {} },
  })
})
afterAll(() => h.close())
afterEach(async () => {
  await control(h.sb, "DELETE", "faults")
})

const attemptsFor = (payOrderId: string) => h.sb.notifications().filter((a) => a.payOrderId === payOrderId)

it("retries until the receiver answers SUCCESS (here: 'fail', 'fail', then ' success ')", async () => {
  const receiver = await startNotifyReceiver(["fail", "fail", " success \n"])
  try {
    const { mchOrderNo } = await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
    const payOrderId = h.sb.order(mchOrderNo)!.payOrderId
    await waitFor(() => attemptsFor(payOrderId).some((a) => a.ok), "successful attempt")
    await new Promise((r) => setTimeout(r, 300)) // no attempt after the successful one
    const attempts = attemptsFor(payOrderId)
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.body, a.ok])).toEqual([
      [1, 200, "fail", false],
      [2, 200, "fail", false],
      [3, 200, " success \n", true],
    ])
    expect(attempts[0].url).toBe(receiver.url)
    expect(receiver.received).toHaveLength(3)
    expect(new Set(receiver.received.map((n) => n.sign)).size).toBe(1) // the same signed message each time
    const { json } = await control(h.sb, "GET", "notifications")
    expect((json.attempts as unknown[]).length).toBeGreaterThanOrEqual(3)
  } finally {
    await receiver.close()
  }
})

it("gives up after the last scheduled try when nobody listens", async () => {
  const { mchOrderNo } = await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: "http://127.0.0.1:9/notify" })
  const payOrderId = h.sb.order(mchOrderNo)!.payOrderId
  // The sandbox logs "gave up" once the fifth try has failed and no sixth is scheduled.
  await waitFor(() => warnings.some((w) => w.includes(`notify ${payOrderId} `) && w.endsWith("gave up")), "gave up")
  const attempts = attemptsFor(payOrderId)
  expect(attempts).toHaveLength(5)
  expect(attempts.every((a) => !a.ok && a.statusCode === null && a.error)).toBe(true)
})

it("fault 'duplicate': the same notify arrives twice", async () => {
  const receiver = await startNotifyReceiver()
  try {
    await control(h.sb, "POST", "faults", { notify: "duplicate" })
    const { mchOrderNo } = await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
    await waitFor(() => receiver.received.length === 2, "2 notifies")
    expect(receiver.received[0]).toEqual(receiver.received[1])
    expect(receiver.received[0].mchOrderNo).toBe(mchOrderNo)
  } finally {
    await receiver.close()
  }
})

it("fault 'delay': the first attempt waits delayMs", async () => {
  const receiver = await startNotifyReceiver()
  try {
    await control(h.sb, "POST", "faults", { notify: "delay", delayMs: 400 })
    const paidAt = Date.now()
    await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
    await waitFor(() => receiver.received.length === 1, "delayed notify")
    expect(Date.now() - paidAt).toBeGreaterThanOrEqual(400) // it arrived, and no sooner than delayMs
  } finally {
    await receiver.close()
  }
})

it("fault 'reorder': a notify is held back until the next one has been sent", async () => {
  const receiver = await startNotifyReceiver()
  try {
    await control(h.sb, "POST", "faults", { notify: "reorder", delayMs: 5000 })
    const first = await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
    const second = await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
    await waitFor(() => receiver.received.length === 2, "both notifies")
    expect(receiver.received.map((n) => n.mchOrderNo)).toEqual([second.mchOrderNo, first.mchOrderNo])
  } finally {
    await receiver.close()
  }
})

it("fault 'reorder' with nothing following: released after delayMs (late, not lost)", async () => {
  const receiver = await startNotifyReceiver()
  try {
    await control(h.sb, "POST", "faults", { notify: "reorder", delayMs: 150 })
    const paidAt = Date.now()
    const { mchOrderNo } = await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
    await waitFor(() => receiver.received.length === 1, "released notify")
    expect(receiver.received[0].mchOrderNo).toBe(mchOrderNo) // not lost
    expect(Date.now() - paidAt).toBeGreaterThanOrEqual(150) // late: held for delayMs
  } finally {
    await receiver.close()
  }
})

it("fault 'drop' (times 2): two notifies never leave, the third does; the drops are logged", async () => {
  const receiver = await startNotifyReceiver()
  try {
    const { json } = await control(h.sb, "POST", "faults", { notify: "drop", times: 2 })
    expect(json.notify).toEqual([{ notify: "drop", remaining: 2 }])
    const a = await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
    const b = await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
    const c = await payHosted(h, TEST_CARDS.visa.number, { notifyUrl: receiver.url })
    await waitFor(() => receiver.received.length === 1, "third notify")
    // A dropped notify is recorded when it would have been sent, and never retried: once both drops are recorded,
    // nothing more can arrive for them.
    await waitFor(() => [a, b].every((p) => attemptsFor(h.sb.order(p.mchOrderNo)!.payOrderId).length === 1), "drops")
    expect(receiver.received.map((n) => n.mchOrderNo)).toEqual([c.mchOrderNo])
    for (const dropped of [a, b]) {
      const attempts = attemptsFor(h.sb.order(dropped.mchOrderNo)!.payOrderId)
      expect(attempts).toEqual([expect.objectContaining({ fault: "drop", ok: false, statusCode: null })])
    }
  } finally {
    await receiver.close()
  }
})
