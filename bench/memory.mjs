// Memory with the collector down: 10,000 events tracked over a minute, with bounds configured; the
// JS heap (after GC) and the IndexedDB queue at the end, against those bounds.
import { build } from 'esbuild'
import path from 'node:path'
import { ROOT } from './lib/targets.mjs'
import { withBrowser } from './lib/browser.mjs'

export const BOUNDS = { maxQueueEvents: 2000, maxQueueBytes: 1048576 }

export async function runMemory(servers, { log, seconds = 60, events = 10000 }) {
  const js = (
    await build({
      stdin: { contents: `import { createTracker } from 'waymark'; window.tracker = createTracker({ endpoint: ${JSON.stringify(servers.collectorOrigin + '/waymark')}, name: 'bounded', ...${JSON.stringify(BOUNDS)} })`, resolveDir: ROOT },
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2020',
      write: false,
      alias: { waymark: path.join(ROOT, 'dist/index.js') },
    })
  ).outputFiles[0].text
  servers.pages.set('memory', `<!doctype html><html><head><meta charset="utf-8"><title>memory</title><script>${js}</script></head><body><h1>memory</h1></body></html>`)
  servers.pages.set('memory-blank', '<!doctype html><html><head><meta charset="utf-8"><title>memory</title></head><body><h1>memory</h1></body></html>')
  const heapOf = (page) => page.evaluate(() => (gc(), performance.memory.usedJSHeapSize))
  const blank = await withBrowser(async (page) => {
    await page.goto(`${servers.pageOrigin}/memory-blank`)
    return heapOf(page)
  })
  servers.state.down = true
  try {
    return await withBrowser(async (page) => {
      await page.goto(`${servers.pageOrigin}/memory`)
      await page.evaluate(() => tracker.journey())
      const start = await heapOf(page)
      const rounds = 100
      for (let r = 0; r < rounds; r++) {
        await page.evaluate(([n, r]) => {
          for (let i = 0; i < n; i++) tracker.track('bounded', { r, i, plan: 'pro', step: 'checkout', value: 42.5, currency: 'EUR', sku: 'SKU-12345' })
        }, [events / rounds, r])
        await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / rounds))
      }
      await page.evaluate(() => tracker.flush())
      const end = await heapOf(page)
      const queue = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const open = indexedDB.open('bounded')
            open.onsuccess = () => {
              const keys = open.result.transaction('queue').objectStore('queue').getAllKeys()
              keys.onsuccess = () => {
                const chunks = keys.result.filter(Array.isArray)
                resolve({ events: chunks.reduce((n, k) => n + k[3], 0), bytes: chunks.reduce((n, k) => n + k[4], 0) })
              }
            }
          }),
      )
      const r = { blank, start, end, queue, events, seconds }
      log(`memory: ${events} events in ${seconds} s, collector down: heap ${(end / 1048576).toFixed(2)} MB (blank page ${(blank / 1048576).toFixed(2)} MB), queue ${queue.events} events / ${queue.bytes} B`)
      return r
    })
  } finally {
    servers.state.down = false
  }
}
