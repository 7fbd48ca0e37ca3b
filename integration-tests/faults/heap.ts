import v8 from "node:v8"
import vm from "node:vm"

// Jest does not start node with --expose-gc; the flag set at run time gives a fresh context a `gc` to call.
v8.setFlagsFromString("--expose-gc")
const gc = vm.runInNewContext("gc") as () => void

/**
 * The heap in use after a full collection, in MB: what the process keeps, not the garbage it has not yet collected
 * (a peak mostly measures the latter, and how lazy the collector was).
 */
export function heapKeptMb() {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}
