// The cost of a burst of 1,000 track() calls in real headless Chromium: main-thread time (CDP's
// TaskDuration, every task the burst causes: the loop, microtasks, serialising and storing, the
// flush), the synchronous loop alone, long tasks, IndexedDB transactions, time until the burst is
// stored and until the collector has all of it. Each run uses a fresh browser profile.
// Usage: node bench/burst.mjs [--reps 5] [--n 1000]
import { chromium } from 'playwright-core'
import http from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name, fallback) => {
  const i = process.argv.indexOf('--' + name)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const REPS = arg('reps', 5)
const N = arg('n', 1000)
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const sdk = readFileSync(path.join(root, 'dist/waymark.global.js'), 'utf8')

// A collector that only counts: the bench measures the page, not a database.
const seen = new Set()
let posts = 0
let bytes = 0
let lastArrival = 0
const collector = http.createServer((req, res) => {
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type, content-encoding' }
  if (req.method == 'OPTIONS') return res.writeHead(204, cors).end()
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    posts++
    bytes += body.length
    for (const e of JSON.parse(body).batch) if (e.name == 'bench_evt') seen.add(e.props.i)
    lastArrival = performance.timeOrigin + performance.now()
    res.writeHead(200, cors).end('{}')
  })
})
await new Promise((r) => collector.listen(0, '127.0.0.1', r))
const endpoint = `http://127.0.0.1:${collector.address().port}/e`

// Counts IndexedDB readwrite transactions and when each completes, before the SDK runs.
const HEAD = `<script>
window.__tx = []
const tx = IDBDatabase.prototype.transaction
IDBDatabase.prototype.transaction = function (names, mode, o) {
  const t = tx.call(this, names, mode, o)
  if (mode == 'readwrite') { const r = { start: performance.now() }; __tx.push(r); t.addEventListener('complete', () => (r.end = performance.now())) }
  return t
}
window.__lt = []
new PerformanceObserver((l) => { for (const e of l.getEntries()) __lt.push([e.startTime, e.duration]) }).observe({ type: 'longtask', buffered: true })
</script>`
const page = `<!doctype html><html><head><meta charset="utf-8"><title>burst</title>${HEAD}
<script>window.waymark = window.waymark || function () { (waymark.q = waymark.q || []).push(arguments) }</script>
<script data-endpoint="${endpoint}" src="/waymark.global.js"></script></head><body><h1>burst</h1></body></html>`
const pages = http.createServer((req, res) => {
  if (req.url == '/waymark.global.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk)
  res.writeHead(200, { 'content-type': 'text/html' }).end(page)
})
await new Promise((r) => pages.listen(0, '127.0.0.1', r))

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const runs = []
for (let rep = 0; rep < REPS; rep++) {
  seen.clear()
  posts = bytes = 0
  const dir = mkdtempSync(path.join(tmpdir(), 'waymark-bench-'))
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    const tab = ctx.pages()[0]
    await tab.goto(`http://127.0.0.1:${pages.address().port}/`)
    await tab.waitForFunction(() => window.waymark?.tracker)
    await tab.evaluate(() => window.waymark('flush'))
    await sleep(1000)
    const cdp = await ctx.newCDPSession(tab)
    await cdp.send('Performance.enable')
    const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
    const m0 = await metric()
    const tx0 = await tab.evaluate(() => __tx.length)
    const posts0 = posts
    const bytes0 = bytes
    const burst = await tab.evaluate((n) => new Promise((resolve) => {
      setTimeout(() => {
        const epoch = performance.timeOrigin + performance.now()
        const s = performance.now()
        for (let i = 0; i < n; i++) waymark('track', 'bench_evt', { i, plan: 'pro', step: 'checkout', value: 42.5, currency: 'EUR', sku: 'SKU-12345', marker: 'm' + i })
        const e = performance.now()
        const c = new MessageChannel()
        c.port1.onmessage = () => resolve({ epoch, s, e, drained: performance.now() })
        c.port2.postMessage(0)
      })
    }), N)
    const deadline = Date.now() + 10000
    while (seen.size < N && Date.now() < deadline) await sleep(10)
    await sleep(300)
    const m1 = await metric()
    const after = await tab.evaluate((s) => ({
      tx: __tx.filter((t) => t.start >= s),
      lt: __lt.filter(([st, d]) => st + d >= s),
    }), burst.s)
    runs.push({
      loopMs: burst.e - burst.s,
      drainedMs: burst.drained - burst.s,
      mainThreadMs: (m1.TaskDuration - m0.TaskDuration) * 1000,
      scriptMs: (m1.ScriptDuration - m0.ScriptDuration) * 1000,
      transactions: after.tx.length,
      persistedMs: after.tx[0]?.end != null ? after.tx[0].end - burst.s : null,
      longTasks: after.lt.length,
      delivered: seen.size,
      deliveredMs: seen.size == N ? lastArrival - burst.epoch : null,
      requests: posts - posts0,
      kb: (bytes - bytes0) / 1024,
    })
    process.stderr.write(`run ${rep + 1}: ${JSON.stringify(runs.at(-1), (k, v) => (typeof v == 'number' ? +v.toFixed(1) : v))}\n`)
  } finally {
    await ctx.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
collector.close()
pages.close()

const stat = (k) => {
  const v = runs.map((r) => r[k]).filter((x) => x != null).sort((a, b) => a - b)
  if (!v.length) return 'n/a'
  const med = v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2
  return `${med.toFixed(1)} (${v[0].toFixed(1)}–${v.at(-1).toFixed(1)})`
}
console.log(`\n${REPS} runs, ${N} track() calls each, median (min–max):\n`)
console.log('| measure | value |\n| --- | ---: |')
for (const [k, label] of [
  ['loopMs', 'synchronous loop, ms'],
  ['drainedMs', 'loop + microtasks, ms'],
  ['mainThreadMs', 'main-thread time of everything the burst caused (TaskDuration), ms'],
  ['scriptMs', 'of which script (ScriptDuration), ms'],
  ['longTasks', 'long tasks (≥ 50 ms)'],
  ['transactions', 'IndexedDB readwrite transactions'],
  ['persistedMs', 'burst start → first write transaction complete, ms'],
  ['delivered', 'events at the collector'],
  ['deliveredMs', 'burst start → all events at the collector, ms'],
  ['requests', 'POST requests'],
  ['kb', 'request bytes, KB'],
])
  console.log(`| ${label} | ${stat(k)} |`)
