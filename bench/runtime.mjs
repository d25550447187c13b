// Runtime in real headless Chromium, each run in a fresh browser and profile: time to ready, a
// burst of 1,000 track() calls (the loop, the loop with its microtasks, all main-thread time until
// delivery), long tasks, delivery to the local collector, requests and bytes, heap after GC. And
// the physical floors in the same run: one IndexedDB transaction of 1,000 puts, one fetch of 1,000
// events.
import { TARGETS, bundle } from './lib/targets.mjs'
import { benchPage, burst, tagPage } from './lib/page.mjs'
import { withBrowser, withTimeout } from './lib/browser.mjs'

const N = 1000
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const rid = () => Math.random().toString(36).slice(2, 10).replace(/[^a-z0-9]/g, 'z')

// A waymark-shaped event, for the floors: "the same 1,000 events" as the SDK sends.
const FLOOR_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>floors</title><script>
window.__event = (i, run) => ({ id: '3f2a9c1e-5b7d-4e8a-9c0f-1d2e3f4a5b6c.' + i.toString(36), time: new Date().toISOString(), kind: 'custom', name: 'bench_evt', phase: 'awareness', rule: 'current-phase', model: 'fivePhase', anonymousId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', sessionId: '16fd2706-8baf-433b-82eb-8c7fada847da', url: location.href, referrer: '', title: document.title, channel: 'direct', analog: false, indirect: false, journey: { touchpoint: 1, session: 1, days: 0 }, props: { i, marker: 'bm' + run + 'x' + i + 'e', plan: 'pro', step: 'checkout', value: 42.5, currency: 'EUR', sku: 'SKU-12345' } })
window.__floors = {
  async idb(n, run) {
    const db = await new Promise((resolve, reject) => { const r = indexedDB.open('floor', 1); r.onupgradeneeded = () => r.result.createObjectStore('e'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error) })
    const events = Array.from({ length: n }, (_, i) => __event(i, run))
    const t = performance.now()
    await new Promise((resolve, reject) => { const tx = db.transaction('e', 'readwrite'); const s = tx.objectStore('e'); for (let i = 0; i < n; i++) s.put(events[i], i); tx.oncomplete = resolve; tx.onerror = () => reject(tx.error) })
    return performance.now() - t
  },
  async fetch(n, run, url) {
    const t = performance.now()
    const body = JSON.stringify({ batch: Array.from({ length: n }, (_, i) => __event(i, run)) })
    await (await fetch(url, { method: 'POST', body })).text()
    return { ms: performance.now() - t, bytes: body.length }
  },
}
</script></head><body><h1>floors</h1></body></html>`

async function runTarget(servers, target, { windowMs }) {
  const run = rid()
  return withBrowser(async (page, ctx) => {
    await page.goto(`${servers.pageOrigin}/${target.id}`, { waitUntil: 'load', timeout: 20000 })
    await page.evaluate(() => Promise.race([new Promise((r) => (function wait() { window.__m.tReady != null || window.__m.readyError ? r() : setTimeout(wait, 10) })()), new Promise((r) => setTimeout(r, 10000))]))
    const init = await page.evaluate(() => ({ ready: __m.tReady != null ? __m.tReady - __m.t0 : null, evaluated: __m.tEval - __m.t0, error: __m.readyError }))
    await sleep(1000)
    const cdp = await ctx.newCDPSession(page)
    await cdp.send('Performance.enable')
    const taskTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == 'TaskDuration').value * 1000
    const before = servers.state.requests.length
    const task0 = await taskTime()
    const b = await page.evaluate(burst, [N, run])
    const deadline = b.epoch + windowMs
    const seen = () => servers.state.arrivals.get(run) || new Map()
    const now = () => performance.timeOrigin + performance.now()
    while (seen().size < N && now() < deadline) await sleep(20)
    const done = now()
    const task1 = await taskTime()
    const arrived = [...seen().values()].filter((t) => t <= deadline)
    const reqs = servers.state.requests.slice(before).filter((r) => r.t <= deadline)
    const after = await page.evaluate(({ s, end }) => {
      const lt = __m.lt.filter(([st, d]) => st + d >= s && st <= end)
      const tx = __m.tx.filter((t) => t.start >= s)
      window.gc && gc()
      return { longTasks: lt.length, longTaskMs: lt.reduce((a, [, d]) => a + d, 0), transactions: tx.length, persisted: tx[0]?.end != null ? tx[0].end - s : null, heap: performance.memory ? performance.memory.usedJSHeapSize : null }
    }, { s: b.s, end: b.s + (done - b.epoch) })
    return {
      ...init,
      loop: b.e - b.s,
      drained: b.drained - b.s,
      mainThread: task1 - task0,
      ...after,
      delivered: arrived.length,
      allDelivered: arrived.length == N ? Math.max(...arrived) - b.epoch : null,
      posts: reqs.filter((r) => r.method == 'POST').length,
      preflights: reqs.filter((r) => r.method == 'OPTIONS').length,
      postBytes: reqs.filter((r) => r.method == 'POST').reduce((a, r) => a + r.bytes, 0),
    }
  })
}

async function runFloors(servers) {
  return withBrowser(async (page) => {
    await page.goto(`${servers.pageOrigin}/floors`)
    const run = rid()
    const idb = await page.evaluate(([n, r]) => __floors.idb(n, r), [N, run])
    const fetched = await page.evaluate(([n, r, u]) => __floors.fetch(n, r, u), [N, run, servers.collectorOrigin + '/floor'])
    return { idb, fetch: fetched.ms, fetchBytes: fetched.bytes, fetchDelivered: (servers.state.arrivals.get(run) || new Map()).size }
  })
}

/** Runs every target `reps` times, interleaved so that drift hits all alike, and the floors as often. */
export async function runRuntime(servers, { reps, windowMs, only, log }) {
  const targets = [{ id: 'blank', label: '(blank page, no SDK)', pkg: null }, ...TARGETS.filter((t) => !only || only.includes(t.id))]
  for (const t of targets) servers.pages.set(t.id, t.tag ? tagPage(servers.collectorOrigin + '/waymark') : benchPage((await bundle(t, { endpoint: servers.collectorOrigin, runtime: true })).toString('utf8')))
  servers.pages.set('floors', FLOOR_PAGE)
  const results = { targets: Object.fromEntries(targets.map((t) => [t.id, { label: t.label, pkg: t.pkg, runs: [] }])), floors: [] }
  for (let rep = 0; rep < reps; rep++) {
    for (const t of targets) {
      let r
      try {
        r = await withTimeout(runTarget(servers, t, { windowMs }), windowMs + 40000, t.id)
      } catch (e) {
        r = { error: String(e.message || e).split('\n')[0] }
      }
      results.targets[t.id].runs.push(r)
      log(`[${rep + 1}/${reps}] ${t.id}: ${r.error ? 'ERROR ' + r.error : `loop ${r.loop.toFixed(1)} ms, +microtasks ${r.drained.toFixed(1)} ms, delivered ${r.delivered}/${N} in ${r.posts} POSTs`}`)
    }
    try {
      const f = await withTimeout(runFloors(servers), 60000, 'floors')
      results.floors.push(f)
      log(`[${rep + 1}/${reps}] floors: one IndexedDB transaction of ${N} puts ${f.idb.toFixed(1)} ms, one fetch of ${N} events ${f.fetch.toFixed(1)} ms`)
    } catch (e) {
      log(`[${rep + 1}/${reps}] floors: ERROR ${e.message}`)
    }
  }
  return results
}
