import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { waitFor, type Engine } from './driver.js'
import { ENGINES, launch } from './engines.js'
import { queuedInIndexedDB, startDemo, storedEvents } from './harness.js'

let demo: Awaited<ReturnType<typeof startDemo>>
let engine: Engine

beforeAll(async () => {
  demo = await startDemo()
})
afterAll(async () => {
  await demo?.close()
})

describe.each(ENGINES)('%s', (name) => {
  beforeAll(async () => {
    // Each engine starts from an empty collector, so that its counts are its own.
    await demo.collector.reset()
    engine = await launch(name)
  })
  afterAll(async () => {
    await engine?.close()
  })

  test('a walk through the shop lands in the collector once per event, classified, and leaves IndexedDB empty', async () => {
    const tab = await engine.newTab()
    const shop = demo.shop.url
    await tab.goto(shop + '/')
    await tab.navigates(() => tab.click('a[href="/products/trail-shoe"]'))
    await tab.click('[data-add-to-cart]')
    await tab.navigates(() => tab.click('nav a[href="/cart"]'))
    await tab.navigates(() => tab.click('a[href="/checkout"]'))
    await tab.navigates(() => tab.click('[data-checkout] button'))
    // The script tag is async: wait until it has taken over the stub before calling flush through it.
    await tab.evaluate(() => new Promise<void>((r) => (window as any).waymark.tracker ? r() : addEventListener('load', () => r())))
    const flushed = await tab.evaluate(() => (window as any).waymark('flush'))
    expect(flushed.ok).toBe(true)

    const events = await waitFor(async () => {
      const e = await storedEvents(demo.collector)
      return e.length >= 6 && e
    }, 'six events at the collector')
    const paths = events.map((e) => (e.kind == 'custom' ? e.name : new URL(e.url).pathname))
    expect(paths).toEqual(['/', '/products/trail-shoe', 'add_to_cart', '/cart', '/checkout', '/checkout/thank-you'])
    expect(new Set(events.map((e) => e.id)).size).toBe(6)
    expect(new Set(events.map((e) => e.anonymousId)).size).toBe(1)
    expect(new Set(events.map((e) => e.sessionId)).size).toBe(1)
    expect(events.map((e) => [e.kind, e.phase])).toEqual([
      ['page', 'awareness'],
      ['page', 'awareness'],
      ['custom', 'consideration'],
      ['page', 'consideration'],
      ['checkout', 'conversion'],
      ['purchase', 'conversion'],
    ])
    expect(events[5].orderId).toMatch(/^TH-/)
    // The confirmation page reports the order it placed: 129 euros, the shop's default currency.
    expect([events[5].value, events[5].currency]).toEqual([129, 'EUR'])
    expect(events[5].path.channels).toEqual(['direct'])
    expect(events[2].props).toEqual({ sku: 'SHOE-1', name: 'Trail shoe', price: 129, currency: 'EUR' })
    expect(events[1].referrer).toBe(shop + '/')
    expect(events[1].channel).toBe('direct')
    expect(events[0].title).toBe('Trailhead Outfitters')
    expect(await queuedInIndexedDB(tab)).toBe(0)
    // Duplicates from page-hide beacons are expected and dropped by id at the collector.
    const { duplicates, accepted } = demo.collector.stats
    console.log(`spine: ${accepted} events stored, ${duplicates} resends dropped by id`)
    await tab.close()
  })

  test('a visit after 30 minutes of inactivity starts a second session, classified after the first', async () => {
    const tab = await engine.newTab()
    await tab.goto(demo.shop.url + '/')
    await tab.evaluate(() => (window as any).waymark('flush'))
    // Age the stored journey by 31 minutes instead of waiting for them.
    await tab.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('waymark')
          open.onsuccess = () => {
            const store = open.result.transaction('queue', 'readwrite').objectStore('queue')
            const get = store.get('journey')
            get.onsuccess = () => {
              const j = get.result
              j.lastSeen -= 31 * 60000
              store.put(j, 'journey').onsuccess = () => resolve()
            }
          }
          open.onerror = () => reject(open.error)
        }),
    )
    await tab.reload()
    await tab.evaluate(() => new Promise<void>((r) => ((window as any).waymark.tracker ? r() : addEventListener('load', () => r()))))
    await tab.evaluate(() => (window as any).waymark('flush'))
    const events = await storedEvents(demo.collector)
    const last = events[events.length - 1]
    // After the purchase of the first test, a return visit is retention.
    expect(last.phase).toBe('retention')
    expect(last.journey.session).toBe(2)
    expect(last.rule).toBe('retention')
    await tab.close()
  })
})
