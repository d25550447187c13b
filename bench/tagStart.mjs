// The script tag's start: from the moment the browser starts fetching the tag to the moment the
// page view is written to IndexedDB, on an internal page (no knowledge file needed) and on a landing
// from a newsletter (the arrival file first). Each run in a fresh browser and profile: a first visit.
import { withBrowser } from './lib/browser.mjs'
import { tagPage } from './lib/page.mjs'

export const PAGES = [
  ['internal page', ''],
  ['landing from outside', '?utm_source=newsletter&utm_medium=email&utm_campaign=spring'],
]

const measure = (servers, query) =>
  withBrowser(async (page) => {
    await page.goto(`${servers.pageOrigin}/waymark-start${query}`, { waitUntil: 'load', timeout: 20000 })
    return page.evaluate(
      () =>
        new Promise((resolve) => {
          const started = performance.now()
          ;(function wait() {
            const files = performance.getEntriesByType('resource').filter((e) => /\/waymark\.[\w.-]+\.js$/.test(e.name))
            const core = files.find((e) => /waymark\.global\.js$/.test(e.name))
            const arrival = files.find((e) => /waymark\.arrival\./.test(e.name))
            // The page view's write: the first write transaction to complete after the knowledge
            // it needed arrived (a landing first writes the call itself, while it waits).
            const tx = __m.tx.find((t) => t.end != null && (!arrival || t.start >= arrival.responseEnd))
            if (core && tx) resolve({ ms: tx.end - core.startTime, files: files.length })
            else if (performance.now() - started > 10000) resolve(null)
            else setTimeout(wait, 5)
          })()
        }),
    )
  })

/** Runs each page `reps` times. */
export async function runTagStart(servers, { reps, log }) {
  servers.pages.set('waymark-start', tagPage(servers.collectorOrigin + '/waymark'))
  const rows = []
  for (let r = 0; r < reps; r++)
    for (const [label, query] of PAGES) {
      const m = await measure(servers, query)
      log(`tag start, ${label}: ${m ? m.ms.toFixed(1) + ' ms, ' + m.files + ' files' : 'no write seen'}`)
      rows.push({ label, ...m })
    }
  return rows
}
