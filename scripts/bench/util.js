"use strict"
// Small helpers every bench phase uses: the log line, sleeping, medians and rounding, a free loopback port.
const { freePort } = require("../postgres")

const log = (line) => console.log(`[bench] ${line}`)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round = (x, digits = 1) => Number(x.toFixed(digits))

/**
 * A 95 % interval for the median of `xs` by bootstrap (2,000 resamples, a fixed seed so one run's figures can be
 * reproduced from its samples): how far the reported median could move on this machine's noise alone.
 */
function medianInterval(xs, resamples = 2000) {
  let seed = 0x2545f491
  const random = () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return (seed >>> 0) / 2 ** 32
  }
  const medians = Array.from({ length: resamples }, () =>
    median(Array.from({ length: xs.length }, () => xs[Math.floor(random() * xs.length)]))
  ).sort((a, b) => a - b)
  return [medians[Math.floor(resamples * 0.025)], medians[Math.ceil(resamples * 0.975) - 1]]
}

module.exports = { log, sleep, median, medianInterval, round, freePort }
