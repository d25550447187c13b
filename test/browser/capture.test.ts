// Touchpoint capture and journey state in a real browser: single-page-app navigation, the
// dataLayer hook, share clicks, and a journey that survives reloads.
import { expect, test } from 'vitest'
import { waitFor, type Tab } from './driver.js'
import { browserSuite, openTracker } from './harness.js'

const suite = browserSuite()

const open = async (options: Record<string, unknown> = {}, extra = '', name = suite.name('capture')) => {
  const tab = await suite.newTab()
  await openTracker(tab, suite.fixtures.url, { name, flushInterval: 60000, ...options }, extra)
  return tab
}
const flush = (tab: Tab) => tab.evaluate(() => (window as any).tracker.flush())
// The events this tab's tracker generated, as the collector stored them, in order.
const storedFor = async (tab: Tab) => {
  // journey() resolves once the tracker has read its state and classified what it held.
  await tab.evaluate(() => (window as any).tracker.journey())
  const ids: string[] = await tab.evaluate(() => (window as any).__ids)
  await flush(tab)
  const rows = await suite.collector.store.query('select body from events where id = any($1)', [ids])
  const byId = new Map(rows.map((r: any) => [r.body.id, r.body]))
  return ids.map((id) => byId.get(id)).filter(Boolean) as Record<string, any>[]
}
const settle = () => new Promise((r) => setTimeout(r, 250))

suite.perEngine(() => {
  test('single-page navigation: one page view per real route change, with the new title', async () => {
    const tab = await open()
    await tab.evaluate(() => {
      // What a router does for one navigation: save scroll state, push the route, set the title later.
      history.replaceState({ scroll: 10 }, '', location.href)
      history.pushState({}, '', '/products/trail-shoe')
      setTimeout(() => (document.title = 'Trail shoe'), 20)
    })
    await settle()
    await tab.evaluate(() => history.replaceState({ scroll: 300 }, '', location.href))
    await settle()
    await tab.evaluate(() => history.pushState({}, '', '/cart'))
    await settle()
    await tab.back()
    await settle()
    const events = await storedFor(tab)
    const paths = events.map((e) => new URL(e.url).pathname)
    expect(paths).toEqual(['/tracker.html', '/products/trail-shoe', '/cart', '/products/trail-shoe'])
    expect(events[1].title).toBe('Trail shoe')
    expect(events[1].referrer).toBe(events[0].url)
    expect(events.every((e) => e.kind == 'page' && e.channel == 'direct')).toBe(true)
    const nav = await tab.evaluate(() => 'navigation' in window)
    console.log(`[${suite.engine.name}] route changes seen through ${nav ? 'the Navigation API' : 'History API patches'}`)
  })

  test('a page restored from the back/forward cache is a page view', async () => {
    const tab = await open()
    const other = suite.fixtures.url + '/tracker.html?other=1&options=' + encodeURIComponent(JSON.stringify({ name: 'elsewhere', autoCapture: false }))
    await tab.goto(other)
    await tab.back()
    await settle()
    const restored = await tab.evaluate(() => (window as any).__restored ?? 0)
    const events = await storedFor(tab)
    if (!restored) {
      console.log(`[${suite.engine.name}] the page was not restored from the back/forward cache here (${events.length} page views): case not shown`)
      return
    }
    expect(events.map((e) => e.kind)).toEqual(['page', 'page'])
  })

  test('the dataLayer hook records checkout steps and one purchase, and leaves Tag Manager working', async () => {
    const tab = await suite.newTab()
    const name = suite.name('capture')
    // A shop that pushes before waymark loads, as GTM snippets do.
    await tab.goto(suite.fixtures.url + '/tracker.html?plugins=datalayer&options=' + encodeURIComponent(JSON.stringify({ name, flushInterval: 60000, autoCapture: false })))
    await waitFor(() => tab.evaluate(() => (window as any).__ready), 'the tracker')
    const gtmSeen = await tab.evaluate(() => {
      const dl = (window as any).dataLayer
      // Tag Manager arrives after waymark and installs its own push on top.
      const seen: string[] = []
      const previous = dl.push
      dl.push = function (...args: any[]) {
        const r = previous.apply(dl, args)
        for (const a of args) seen.push(a.event)
        return r
      }
      dl.push({ event: 'begin_checkout', ecommerce: { value: 129, currency: 'EUR' } })
      dl.push({ event: 'add_payment_info', ecommerce: { payment_type: 'card' } })
      dl.push({ event: 'purchase', ecommerce: { transaction_id: 'GTM-1', value: 129, currency: 'EUR' } })
      dl.push({ event: 'purchase', ecommerce: { transaction_id: 'GTM-1', value: 129, currency: 'EUR' } })
      return seen
    })
    expect(gtmSeen).toEqual(['begin_checkout', 'add_payment_info', 'purchase', 'purchase'])
    const events = await storedFor(tab)
    expect(events.map((e) => [e.kind, e.step ?? e.orderId])).toEqual([
      ['checkout', 'begin'],
      ['checkout', 'payment'],
      ['purchase', 'GTM-1'],
    ])
    expect(events[2]).toMatchObject({ phase: 'conversion', value: 129, currency: 'EUR' })
  })

  test('share clicks are recorded as advocacy after a purchase', async () => {
    const tab = await open({}, '&plugins=share')
    await tab.evaluate(() => (window as any).tracker.purchase({ orderId: 'S-1' }))
    // The share link would leave the page; keep the test on it.
    await tab.evaluate(() => document.addEventListener('click', (e) => e.preventDefault()))
    await tab.click('#share-wa')
    await tab.click('#plain')
    const events = await storedFor(tab)
    expect(events.map((e) => [e.kind, e.phase])).toEqual([
      ['page', 'awareness'],
      ['purchase', 'conversion'],
      ['share', 'advocacy'],
    ])
    expect(events[2].method).toBe('whatsapp')
  })

  test('the journey survives reloads, and every event carries phase, rule and journey', async () => {
    const name = suite.name('capture')
    const tab = await open({}, '', name)
    await tab.evaluate(() => (window as any).tracker.track('add_to_cart', { sku: 'SHOE-1' }))
    const first = await storedFor(tab)
    await tab.reload()
    await waitFor(() => tab.evaluate(() => (window as any).__ready), 'the reloaded tracker')
    await tab.evaluate(() => (window as any).tracker.checkout('payment'))
    const snapshot = await tab.evaluate(() => (window as any).tracker.journey())
    const second = await storedFor(tab)
    const all = [...first, ...second]
    expect(all.map((e) => [e.kind, e.phase, e.rule])).toEqual([
      ['page', 'awareness', 'awareness'],
      ['custom', 'consideration', 'consideration.evaluation'],
      ['page', 'consideration', 'consideration.continued'],
      ['checkout', 'conversion', 'conversion'],
    ])
    expect(new Set(all.map((e) => e.anonymousId)).size).toBe(1)
    expect(all.map((e) => e.journey)).toEqual([
      { touchpoint: 1, session: 1, days: 0 },
      { touchpoint: 1, session: 1, days: 0 },
      { touchpoint: 2, session: 1, days: 0 },
      { touchpoint: 3, session: 1, days: 0 },
    ])
    expect(snapshot).toMatchObject({ phase: 'conversion', sessions: 1, touchpoints: 3, purchases: 0 })
  })

  test('the web-vitals plugin reports the page’s metrics, tied to its page touchpoint', async () => {
    const tab = await open({}, '&plugins=vitals')
    // Which of the metrics the engine can measure at all.
    const types: string[] = await tab.evaluate(() => PerformanceObserver.supportedEntryTypes as string[])
    const expected = ['TTFB', ...(types.includes('paint') ? ['FCP'] : []), ...(types.includes('largest-contentful-paint') ? ['LCP'] : [])]
    const missing = ['FCP', 'LCP'].filter((m) => !expected.includes(m))
    if (missing.length) console.log(`[${suite.engine.name}] measures no ${missing.join(' or ')} (no PerformanceObserver entry type for it): not expected`)
    // LCP is final at the first input; TTFB and FCP come on their own.
    await tab.click('h1')
    await waitFor(async () => (await tab.evaluate(() => (window as any).__ids.length)) >= 1 + expected.length, expected.join(', '))
    const events = await storedFor(tab)
    const vitals = events.filter((e) => e.name == 'web_vitals')
    expect(vitals.map((e) => e.props.metric).sort()).toEqual(expect.arrayContaining(expected))
    for (const v of vitals) {
      expect(v.props).toMatchObject({ touchpoint: 1, page: events[0].url, rating: expect.stringMatching(/good|needs-improvement|poor/) })
      expect(typeof v.props.value).toBe('number')
    }
  })
})
