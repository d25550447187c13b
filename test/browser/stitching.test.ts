// One customer across browsers and storage resets, in each engine: two browser profiles that
// identify as one customer are one customer with one timeline in the dashboard; a profile whose
// storage is wiped (as Safari does after seven days) comes back through the shop's own origin with
// the collector's cookie, is linked to its earlier journey, and its purchase is credited to the
// channels of its first visit. The shop runs behind a reverse proxy that hands /collect to the
// collector, as in production.
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { startShop } from '../../examples/shop/server.mjs'
import { VISITOR_COOKIE } from '../../examples/collector/visitorCookie.mjs'
import { waitFor, type Tab } from './driver.js'
import { launch, type EngineName } from './engines.js'
import { browserSuite } from './harness.js'
import { COLLECT_PATH, startSiteProxy } from './siteProxy.js'

const suite = browserSuite()
let shop: Awaited<ReturnType<typeof startShop>>
let site: Awaited<ReturnType<typeof startSiteProxy>>

beforeAll(async () => {
  // The tag sends to the shop's own origin, as the README's set-up has it.
  shop = await startShop({ endpoint: COLLECT_PATH })
  site = await startSiteProxy({ site: shop.url, collector: suite.collector.url })
})
afterAll(async () => {
  await site?.close()
  await shop?.close()
})

/** What the dashboard's API answers, asked as the dashboard page asks it. */
const api = async (path: string) => (await fetch(suite.collector.url + path)).json()

/** Kinds of the events the collector holds of an anonymous id, in time order. */
const kindsOf = async (anonymousId: string) =>
  (await suite.collector.store.query('select kind from events where anonymous_id = $1 order by time, received_at', [anonymousId])).map((r: any) => r.kind as string)

/**
 * Flushes the page's tracker and waits until the collector holds the shopper's events up to `last`
 * (a kind); returns the shopper's anonymous id.
 */
async function delivered(tab: Tab, last: string) {
  await waitFor(() => tab.evaluate(() => !!(window as any).waymark?.tracker), 'the script tag to take over the stub')
  // The journey first: it answers once every call is classified and queued, so the flush sends them all.
  const { anonymousId } = await tab.evaluate(() => (window as any).waymark.tracker.journey())
  expect((await tab.evaluate(() => (window as any).waymark('flush'))).ok).toBe(true)
  await waitFor(async () => (await kindsOf(anonymousId)).includes(last), `a ${last} event of shopper ${anonymousId} at the collector`)
  return anonymousId as string
}

/** From a product page to the thank-you page, in euros. */
async function buy(tab: Tab) {
  await tab.click('[data-add-to-cart]')
  await tab.navigates(() => tab.click('nav a[href="/cart"]'))
  await tab.navigates(() => tab.click('a[href="/checkout"]'))
  await tab.navigates(() => tab.click('[data-checkout] button'))
}

/** The euro figures of the revenue view: the orders' total and each rule-based model's split. */
async function euros() {
  const revenue = await api('/api/revenue?model=fivePhase')
  const eur = revenue.currencies.find((c: any) => c.currency == 'EUR')
  return { stitched: revenue.stitched, total: eur.total, byModel: eur.byModel }
}

/** The purchase event as the browser that placed it sent it. */
const purchaseOf = async (anonymousId: string) =>
  (await suite.collector.store.events({ anonymousId })).find((e: any) => e.kind == 'purchase') as any

suite.perEngine(() => {
  // Each case counts its own customers.
  beforeEach(() => suite.collector.reset())

  test('two browsers that identify as one customer are one customer with one timeline, and one path to the purchase', { timeout: 120000 }, async () => {
    // The laptop: from a search ad, signs in.
    const laptop = await suite.newTab()
    await laptop.goto(site.url + '/?utm_source=google&utm_medium=cpc&utm_campaign=spring')
    await waitFor(() => laptop.evaluate(() => !!(window as any).waymark?.tracker), 'the script tag to start')
    await laptop.evaluate(() => (window as any).waymark('identify', 'cust-4711', { plan: 'gold' }))
    const first = await delivered(laptop, 'identify')

    // The phone, another profile: from the newsletter, signs in as the same customer, buys.
    const phone = await launch(suite.engine.name as EngineName)
    let second: string
    try {
      const tab = await phone.newTab()
      await tab.goto(site.url + '/products/trail-shoe?utm_source=newsletter&utm_medium=email&utm_campaign=spring')
      await waitFor(() => tab.evaluate(() => !!(window as any).waymark?.tracker), 'the script tag to start')
      await tab.evaluate(() => (window as any).waymark('identify', 'cust-4711'))
      await buy(tab)
      second = await delivered(tab, 'purchase')
    } finally {
      await phone.close()
    }
    expect(second).not.toBe(first)

    expect(await api('/api/summary?model=fivePhase')).toMatchObject({ visitors: 2, customers: 1, purchases: 1 })
    const { customers } = await api('/api/customers?model=fivePhase')
    expect(customers.map((c: any) => [c.anonymousIds, c.userIds])).toEqual([[[first, second].sort(), ['cust-4711']]])
    const timeline = await api(`/api/timeline?visitor=${second}`)
    expect(timeline.anonymousIds).toEqual([first, second])
    // Every event of both browsers, in time order.
    const stored = await suite.collector.store.events()
    expect(timeline.events.map((e: any) => e.id).sort()).toEqual(stored.map((e: any) => e.id).sort())
    const times = timeline.events.map((e: any) => Date.parse(e.time))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(timeline.events[0]).toMatchObject({ anonymousId: first, channel: 'paid-search' })

    // The phone saw the newsletter only; the customer came by the search ad first.
    const purchase = await purchaseOf(second)
    expect(purchase.path.credit.firstTouch).toEqual({ email: 1 })
    const { stitched, total, byModel } = await euros()
    expect(stitched).toBe(1)
    expect(byModel.firstTouch).toEqual({ 'paid-search': total })
    expect(byModel.lastTouch).toEqual({ email: total })

    // The dashboard's page says so: one customer of two visitors, and their timeline across both.
    const dashboard = await suite.newTab()
    await dashboard.goto(suite.collector.url + '/')
    const shown = await waitFor(
      () =>
        dashboard.evaluate(() => {
          const text = (selector: string) => (document.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ')
          const timeline = [...document.querySelectorAll('[data-timeline] li[data-kind]')]
          return (
            timeline.length > 0 && {
              customers: text('[data-total="customers"]'),
              visitors: text('[data-total="visitors"]'),
              words: text('[data-customer-words]'),
              list: [...document.querySelectorAll('[data-visitor-list] [data-visitor]')].map((b) => b.getAttribute('data-anonymous-ids')),
              devices: [...new Set(timeline.map((li) => li.getAttribute('data-anonymous-id')))],
              kinds: timeline.map((li) => li.getAttribute('data-kind')),
            }
          )
        }),
      'the dashboard to show the customer',
    )
    expect(shown).toMatchObject({ customers: '1', visitors: '2', list: [[first, second].sort().join(' ')], devices: [first, second] })
    expect(shown.words).toMatch(/linked by a login or sign-up \(identify\) or by the collector's cookie/)
    expect(shown.kinds).toEqual(timeline.events.map((e: any) => e.kind))
  })

  test("a browser whose storage is wiped comes back with the collector's cookie, linked to its earlier journey, and its purchase is credited to the first visit's channels", { timeout: 120000 }, async () => {
    const browser = await launch(suite.engine.name as EngineName)
    try {
      // First visit, from the newsletter: the collector's answer sets its cookie.
      const first = await browser.newTab()
      await first.goto(site.url + '/?utm_source=newsletter&utm_medium=email&utm_campaign=spring')
      const before = await delivered(first, 'page')
      await first.close()

      // What Safari does after seven days without a visit: every storage a script can write is
      // gone. The collector's cookie stays, and no script can see it (HttpOnly).
      const wipe = await browser.newTab()
      await wipe.goto(site.url + '/nothing-here')
      const left = await wipe.evaluate(async () => {
        localStorage.clear()
        for (const { name } of await indexedDB.databases())
          await new Promise((resolve, reject) => {
            const req = indexedDB.deleteDatabase(name!)
            req.onsuccess = resolve
            req.onerror = () => reject(req.error)
          })
        return { databases: (await indexedDB.databases()).map((d) => d.name), cookies: document.cookie }
      })
      expect(left).toEqual({ databases: [], cookies: '' })
      await wipe.close()

      // Back later, typed in: a new journey in the browser, a new anonymous id, and a purchase.
      const second = await browser.newTab()
      await second.goto(site.url + '/products/trail-shoe')
      await buy(second)
      const after = await delivered(second, 'purchase')
      expect(after).not.toBe(before)
      const journey = await second.evaluate(() => (window as any).waymark.tracker.journey())
      // The browser's own journey started afresh: one visit, direct.
      expect([journey.sessions, journey.firstTouch.channel]).toEqual([1, 'direct'])

      // One cookie, both anonymous ids linked to it.
      const links = await suite.collector.store.links()
      expect(links.map((l: any) => l.anonymousId)).toEqual([before, after])
      expect(new Set(links.map((l: any) => l.cookieId)).size).toBe(1)
      expect(links[0].cookieId).toMatch(/^[0-9a-f-]{36}$/)

      expect(await api('/api/summary?model=fivePhase')).toMatchObject({ visitors: 2, customers: 1, purchases: 1 })
      const timeline = await api(`/api/timeline?visitor=${after}`)
      expect(timeline.anonymousIds).toEqual([before, after])
      expect(timeline.events[0]).toMatchObject({ anonymousId: before, kind: 'page', channel: 'email' })

      // The browser credited its own path, direct; the collector credits the whole one, the newsletter first.
      expect((await purchaseOf(after)).path.credit.firstTouch).toEqual({ direct: 1 })
      const { stitched, total, byModel } = await euros()
      expect(stitched).toBe(1)
      expect(byModel.firstTouch).toEqual({ email: total })
      // Direct takes the last touch only when nothing else led there.
      expect(byModel.lastTouch).toEqual({ email: total })
      expect(byModel.linear).toEqual({ email: total / 2, direct: total / 2 })
      console.log(`${suite.engine.name}: cookie ${VISITOR_COOKIE} linked ${before} (newsletter) and ${after} (after the wipe); ${total / 100} EUR first touch to email`)
    } finally {
      await browser.close()
    }
  })
})
