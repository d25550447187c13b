// The bench page: a head script that notes the start time, watches long tasks and counts
// IndexedDB write transactions (and when each completes), then the SDK bundle inline, then a
// script that notes when the SDK says it is ready.
const HEAD = `<script>
window.__m = { t0: performance.now(), lt: [], tx: [] }
try { new PerformanceObserver((l) => { for (const e of l.getEntries()) __m.lt.push([e.startTime, e.duration]) }).observe({ type: 'longtask', buffered: true }) } catch {}
const tx = IDBDatabase.prototype.transaction
IDBDatabase.prototype.transaction = function (names, mode, o) {
  const t = tx.call(this, names, mode, o)
  if (mode == 'readwrite') { const r = { start: performance.now() }; __m.tx.push(r); t.addEventListener('complete', () => (r.end = performance.now())) }
  return t
}
</script>`
const AFTER = `<script>
__m.tEval = performance.now()
Promise.resolve(window.__bench && window.__bench.ready).then(() => (__m.tReady = performance.now()), (e) => (__m.readyError = String(e)))
</script>`

/**
 * The bench page of the script tag as shipped: the stub, the tag from the page's own server (which
 * serves dist/), its knowledge files loaded from beside it, and the adapter the runs call.
 * @param endpoint the collector URL
 */
export const tagPage = (endpoint) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>${HEAD}` +
  `<script>window.waymark = window.waymark || function () { (waymark.q = waymark.q || []).push(arguments) }
window.__bench = {
  ready: new Promise((resolve) => (function wait() { window.waymark.tracker ? resolve(window.waymark.tracker.journey()) : setTimeout(wait, 2) })()),
  track: (name, props) => waymark('track', name, props),
}</script>` +
  `<script async src="/dist/waymark.global.js" data-endpoint="${endpoint}"></script>${AFTER}</head>` +
  '<body><h1>bench</h1><p>A page with an SDK on it.</p><a href="#x">link</a><button>Buy</button></body></html>'

export const benchPage = (js) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>${HEAD}<script>${js.replace(/<\/script/gi, '<\\/script')}</script>${AFTER}</head>` +
  '<body><h1>bench</h1><p>A page with an SDK on it.</p><a href="#x">link</a><button>Buy</button></body></html>'

/** Calls `__bench.track` n times in one event-loop task, as an app's handler would, and times it. */
export const burst = ([n, run]) =>
  new Promise((resolve) => {
    setTimeout(() => {
      const epoch = performance.timeOrigin + performance.now()
      const s = performance.now()
      for (let i = 0; i < n; i++)
        window.__bench.track('bench_evt', { i, marker: `bm${run}x${i}e`, plan: 'pro', step: 'checkout', value: 42.5, currency: 'EUR', sku: 'SKU-12345' })
      const e = performance.now()
      // A MessageChannel task runs only after every microtask the loop queued.
      const c = new MessageChannel()
      c.port1.onmessage = () => resolve({ epoch, s, e, drained: performance.now() })
      c.port2.postMessage(0)
    })
  })
