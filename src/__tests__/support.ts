/**
 * What the unit and integration tests share: a logger that says nothing, one way to poll for a condition, the
 * error of a call expected to fail, and stand-ins for objects that a beforeAll makes. Not shipped (a __tests__ folder).
 */

/** Medusa's logger, silent (the code under test logs through info, warn and error only). */
export const silentLogger = { info() {}, warn() {}, error() {}, debug() {}, log() {} } as any

/**
 * Polls `probe` (sync or async) every `intervalMs` until it returns a truthy value, and returns that value; throws
 * naming `what` once `timeoutMs` has passed.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what = "condition",
  timeoutMs = 3_000,
  intervalMs = 10
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Awaits a promise expected to reject; returns the error (and fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error("expected the call to fail, but it succeeded")
}

/**
 * A stand-in for an object that exists only once a beforeAll/beforeEach has run (`get` returns the current one):
 * property reads and method calls go to the real object, so the stand-in can be handed out before the hooks run.
 */
export function later<T extends object>(get: () => T): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const real = get()
      const value = Reflect.get(real, key, real)
      return typeof value === "function" ? value.bind(real) : value
    },
    has: (_target, key) => Reflect.has(get(), key),
  })
}
