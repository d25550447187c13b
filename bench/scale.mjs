// Scale: how waymark's main-thread cost and persist time grow with the size of a burst (10 to
// 10,000 calls in one task) and with the events already queued (10 to 10,000, the collector down),
// when 100 more are tracked. And a burst of 1,000 in a page that already made one: the first burst
// of a page runs code the engine has not compiled yet, a later one shows the cost once it has.
import { bundle } from './lib/targets.mjs'
import { benchPage, burst } from './lib/page.mjs'
import { withBrowser } from './lib/browser.mjs'

export const SIZES = [10, 100, 1000, 10000]
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const measure = (servers, n, queued, warm = false) =>
  withBrowser(async (page, ctx) => {
    await page.goto(`${servers.pageOrigin}/waymark-scale`)
    await page.evaluate(() => window.__bench.ready)
    if (warm) {
      await page.evaluate(burst, [1000, 'warm-up'])
      await sleep(1500)
    }
    if (queued) {
      servers.state.down = true
      for (let left = queued; left > 0; left -= 1000) {
        await page.evaluate(burst, [Math.min(1000, left), 'fill'])
        await sleep(100)
      }
      await page.evaluate(() => new Promise((r) => setTimeout(r, 200)))
    }
    await sleep(500)
    const cdp = await ctx.newCDPSession(page)
    await cdp.send('Performance.enable')
    const taskTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == 'TaskDuration').value * 1000
    const t0 = await taskTime()
    const b = await page.evaluate(burst, [n, 'scale'])
    // Until the write of the burst is complete.
    const persisted = await page.evaluate(
      (s) =>
        new Promise((resolve) => {
          const started = performance.now()
          ;(function wait() {
            // The first write after the burst is the burst's; later ones are deliveries.
            const tx = __m.tx.find((t) => t.start >= s)
            if (tx && tx.end != null) resolve(tx.end - s)
            else if (performance.now() - started > 20000) resolve(null)
            else setTimeout(wait, 5)
          })()
        }),
      b.s,
    )
    const t1 = await taskTime()
    servers.state.down = false
    return { n, queued, warm, loop: b.e - b.s, drained: b.drained - b.s, mainThread: t1 - t0, persisted }
  })

/** Bursts of each size with an empty queue, then 100 calls on top of each queue depth. */
export async function runScale(servers, { log, reps = 2 }) {
  // A long flush interval: the burst is measured, not the sending that follows it.
  const t = { id: 'waymark', label: 'waymark' }
  const js = (await bundle(t, { endpoint: servers.collectorOrigin, runtime: true })).toString('utf8')
  servers.pages.set('waymark-scale', benchPage(js))
  const rows = []
  for (const n of SIZES) for (let r = 0; r < reps; r++) rows.push(await measure(servers, n, 0))
  for (const q of SIZES) for (let r = 0; r < reps; r++) rows.push(await measure(servers, 100, q))
  for (let r = 0; r < reps; r++) rows.push(await measure(servers, 1000, 0, true))
  for (const row of rows) log(`scale: ${row.n} calls, ${row.queued} queued${row.warm ? ', second burst' : ''}: +microtasks ${row.drained.toFixed(1)} ms, persisted after ${row.persisted?.toFixed(1)} ms`)
  return rows
}
