// The script tag in a shop owner's hands: a bad data- value is said in their words and tracking
// goes on; only a missing endpoint stops it, plainly; a page with the tag twice, or the tag and the
// npm build, runs one tracker; a collector path that does not exist yet loses nothing.
import { expect, test } from 'vitest'
import { waitFor, type Tab } from './driver.js'
import { browserSuite, startFixtures } from './harness.js'

const suite = browserSuite()

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="/logs.js"></script><title>tag</title>${body}</head><body><h1>tag</h1></body></html>`
const stub = `<script>window.waymark = window.waymark || function () { (waymark.q = waymark.q || []).push(arguments) }</script>`
const started = (tab: Tab) => waitFor(() => tab.evaluate(() => !!(window as any).waymark?.tracker), 'the script tag to start')
const rows = (url: string) => suite.collector.store.query('select kind, name, model, channel from events where url like $1 order by time', [url + '%']) as Promise<any[]>

suite.perEngine(() => {
  test('bad data- values are said in the words the shop owner wrote, and the page view still goes out', async () => {
    const attrs = `data-batch-size="abc" data-consent="yes" data-model="sixstage" data-debug="0" data-rules='[{"id": "x", phase: 1}]'`
    const site = await startFixtures(suite.collector.url, {}, { '/bad.html': { html: page(`${stub}<script async src="/dist/waymark.global.js" data-endpoint="${suite.collector.url}/e" ${attrs}></script>`) } })
    try {
      const tab = await suite.newTab()
      await tab.goto(site.url + '/bad.html')
      await started(tab)
      await tab.evaluate(() => (window as any).waymark('track', 'size_guide'))
      await tab.evaluate(() => (window as any).waymark('flush'))
      expect((await rows(site.url + '/bad.html')).map((r) => [r.name ?? r.kind, r.model])).toEqual([
        ['page', 'fivePhase'],
        ['size_guide', 'fivePhase'],
      ])
      const logs = (await tab.logs()).join('\n')
      expect(logs).toContain('waymark: data-batch-size must be a number of at least 1, got "abc"; using the default, 250; tracking goes on')
      expect(logs).toContain('waymark: data-consent must be "granted", "pending" or "denied", got "yes"; using the default, "granted"; tracking goes on')
      expect(logs).toContain('waymark: data-model names no model: "sixstage" (one of fivePhase, sixStage, threeStage); using fivePhase; tracking goes on')
      expect(logs).toMatch(/waymark: data-rules is not valid JSON \(.+\); it is left out, tracking goes on/)
      expect(logs).not.toMatch(/data-debug/)
    } finally {
      await site.close()
    }
  })

  test('a tag without an endpoint says that tracking is off, and the stub stops keeping calls', async () => {
    const site = await startFixtures(suite.collector.url, {}, { '/off.html': { html: page(`${stub}<script async src="/dist/waymark.global.js" data-debug></script>`) } })
    try {
      const tab = await suite.newTab()
      await tab.goto(site.url + '/off.html')
      await waitFor(async () => (await tab.logs()).some((l) => /tracking is off/.test(l)), 'the tag to say it is off')
      expect((await tab.logs()).filter((l) => /waymark/.test(l))).toEqual(['waymark: tracking is off: data-endpoint must be an http(s) URL, got undefined'])
      expect(await tab.evaluate(() => ((window as any).waymark('track', 'later'), (window as any).waymark.q))).toBeFalsy()
    } finally {
      await site.close()
    }
  })

  test('the tag beside the npm build on one page runs one tracker: one page view, one visitor', async () => {
    const html = page(`${stub}<script async src="/dist/waymark.global.js" data-endpoint="${suite.collector.url}/e"></script>
<script type="importmap">{ "imports": { "idb-keyval": "/vendor/idb-keyval.js" } }</script>
<script type="module">
  import { createTracker } from '/dist/index.js'
  await new Promise((r) => (function wait() { window.waymark.tracker ? r() : setTimeout(wait, 5) })())
  window.fromNpm = createTracker({ endpoint: '${suite.collector.url}/e' })
</script>`)
    const site = await startFixtures(suite.collector.url, {}, { '/both.html': { html } })
    try {
      const tab = await suite.newTab()
      await tab.goto(site.url + '/both.html')
      await started(tab)
      await waitFor(() => tab.evaluate(() => !!(window as any).fromNpm), 'the npm tracker')
      expect(await tab.evaluate(() => (window as any).fromNpm === (window as any).waymark.tracker)).toBe(true)
      await tab.evaluate(() => (window as any).fromNpm.track('from_npm'))
      await tab.evaluate(() => (window as any).waymark('flush'))
      const events = await suite.collector.store.query('select kind, name, anonymous_id from events where url like $1 order by time', [site.url + '/both%'])
      expect(events.map((r: any) => r.name ?? r.kind)).toEqual(['page', 'from_npm'])
      expect(new Set(events.map((r: any) => r.anonymous_id)).size).toBe(1)
    } finally {
      await site.close()
    }
  })

  test('a collector path that answers 404 (not set up yet) keeps the events until it answers', async () => {
    const site = await startFixtures(suite.collector.url, {}, { '/absent.html': { html: page(`${stub}<script async src="/dist/waymark.global.js" data-endpoint="${suite.collector.url}/e" data-name="${suite.name('absent')}" data-flush-interval="60000"></script>`) } })
    try {
      suite.collector.faults.push({ status: 404, times: 2 })
      const tab = await suite.newTab()
      await tab.goto(site.url + '/absent.html')
      await started(tab)
      await tab.evaluate(() => (window as any).waymark('track', 'kept'))
      expect(await tab.evaluate(() => (window as any).waymark('flush'))).toEqual({ sent: 0, ok: false })
      expect(await tab.evaluate(() => (window as any).waymark('flush'))).toEqual({ sent: 0, ok: false })
      expect(await rows(site.url + '/absent.html')).toEqual([])
      // The collector is there now.
      expect(await tab.evaluate(() => (window as any).waymark('flush'))).toEqual({ sent: 2, ok: true })
      expect((await rows(site.url + '/absent.html')).map((r) => r.name ?? r.kind)).toEqual(['page', 'kept'])
    } finally {
      await site.close()
    }
  })

  test('identify: the user id travels on every later event, and stops at reset()', async () => {
    const site = await startFixtures(suite.collector.url, {}, { '/who.html': { html: page(`${stub}<script async src="/dist/waymark.global.js" data-endpoint="${suite.collector.url}/e" data-name="${suite.name('who')}"></script>`) } })
    try {
      const tab = await suite.newTab()
      await tab.goto(site.url + '/who.html')
      await started(tab)
      await tab.evaluate(() => {
        const w = (window as any).waymark
        w('identify', 'cust-4711', { plan: 'gold' })
        w('track', 'after')
        w('reset')
        w('track', 'after_reset')
        return w('flush')
      })
      const events = await suite.collector.store.query("select kind, name, body->>'userId' as user_id, anonymous_id from events where url like $1 order by time, received_at", [site.url + '/who%'])
      expect(events.map((r: any) => [r.name ?? r.kind, r.user_id])).toEqual([
        ['page', null],
        ['identify', 'cust-4711'],
        ['after', 'cust-4711'],
        ['after_reset', null],
      ])
      expect(events[3].anonymous_id).not.toBe(events[2].anonymous_id)
    } finally {
      await site.close()
    }
  })
})
