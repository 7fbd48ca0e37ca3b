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

module.exports = { log, sleep, median, round, freePort }
