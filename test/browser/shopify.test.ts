// Shopify's pixels, where the checkout runs no script tags: dist/waymark.shopify.js in a Web Worker
// (an app pixel) and in a sandboxed iframe (a custom pixel), fed a shopper's journey by a harness
// that emulates Shopify's pixel API (fixtures/shopify.html). One journey from the ad click to the
// thank-you page, across pages that each run a new pixel; nothing before consent.
import { expect, test } from 'vitest'
import { readmeSnippets } from '../readmeSnippets.js'
import type { Tab } from './driver.js'
import { browserSuite } from './harness.js'

// The README's line, which a merchant pastes under the file.
const line = readmeSnippets().find((s) => /shopify-pixel/.test(s.info))!.body.trim()

const suite = browserSuite()
const SHOP = 'https://trail-co.example'
const TOKEN = 'hWN7YxMNTr99pOTOSFbKIEOf'

type Mode = 'worker' | 'iframe'
const open = async (tab: Tab, mode: Mode, options: Record<string, unknown>, allowed = true) =>
  tab.evaluate(([mode, cfg]) => (window as any).shopify.open(mode, cfg), [mode, { allowed, options, line }] as const)
const event = (tab: Tab, name: string, path: string, data: unknown = {}, referrer = SHOP + '/') =>
  tab.evaluate(([name, href, data, referrer]) => (window as any).shopify.event(name, href, data, referrer), [name, SHOP + path, data, referrer] as const)
const flush = (tab: Tab) => tab.evaluate(() => (window as any).shopify.flush())
const close = (tab: Tab) => tab.evaluate(() => (window as any).shopify.close())

const variant = { id: 'gid://shopify/ProductVariant/41', sku: 'TS-42', title: '42', price: { amount: 129.5, currencyCode: 'EUR' }, product: { id: 'gid://shopify/Product/4', title: 'Trail shoe' } }
const checkout = { token: TOKEN, currencyCode: 'EUR', totalPrice: { amount: 134.4, currencyCode: 'EUR' }, lineItems: [{ quantity: 1, variant }], order: { id: null } }

suite.perEngine(() => {
  for (const mode of ['worker', 'iframe'] as Mode[])
    test(`${mode}: a journey from a Google Ads click to the thank-you page, reloaded, is one journey with its steps and one purchase`, async () => {
      const name = suite.name('shopify-' + mode)
      const options = { endpoint: suite.collector.url + '/e', name }
      const tab = await suite.newTab()
      await tab.goto(suite.fixtures.url + '/shopify.html')
      // Each page of the shop runs a pixel of its own.
      const page = async (run: () => Promise<unknown>) => {
        await open(tab, mode, options)
        await run()
        expect(await flush(tab)).toMatchObject({ ok: true })
        await close(tab)
      }
      await open(tab, mode, options)
      const probe = await tab.evaluate(() => (window as any).shopify.probe())
      await close(tab)
      // Where Shopify runs pixels: an opaque origin, no IndexedDB (and in a worker, no sendBeacon).
      expect(probe.origin).toBe('null')
      expect(probe.idb).not.toBe('opened')
      if (mode == 'worker') expect(probe.beacon).toBe('undefined')

      await page(async () => {
        await event(tab, 'page_viewed', `/products/trail-shoe?gclid=abc&utm_source=google&utm_medium=cpc&utm_campaign=spring`, {}, 'https://www.google.com/')
        await event(tab, 'product_viewed', `/products/trail-shoe?gclid=abc&utm_source=google&utm_medium=cpc&utm_campaign=spring`, { productVariant: variant })
      })
      await page(async () => {
        await event(tab, 'page_viewed', '/collections/running', {}, SHOP + '/products/trail-shoe')
        await event(tab, 'collection_viewed', '/collections/running', { collection: { id: 'gid://shopify/Collection/7', title: 'Running', productVariants: [variant] } })
        await event(tab, 'product_added_to_cart', '/collections/running', { cartLine: { quantity: 1, merchandise: variant, cost: { totalAmount: { amount: 129.5, currencyCode: 'EUR' } } } })
      })
      await page(async () => {
        const at = `/checkouts/cn/${TOKEN}/en-de`
        await event(tab, 'page_viewed', at, {}, SHOP + '/cart')
        for (const step of ['checkout_started', 'checkout_contact_info_submitted', 'checkout_shipping_info_submitted', 'payment_info_submitted']) await event(tab, step, at, { checkout })
      })
      const thanks = `/checkouts/cn/${TOKEN}/en-de/thank-you`
      await page(async () => {
        await event(tab, 'page_viewed', thanks, {}, SHOP + `/checkouts/cn/${TOKEN}/en-de`)
        await event(tab, 'checkout_completed', thanks, { checkout: { ...checkout, order: { id: 'gid://shopify/OrderIdentity/1001' } } })
      })
      // The thank-you page reloaded: Shopify sends page_viewed only.
      await page(() => event(tab, 'page_viewed', thanks, {}, SHOP + thanks))

      const rows = await suite.collector.store.query(
        `select kind, name, channel, phase, body->>'step' as step, body->>'orderId' as "orderId", (body->>'value')::float as value, body->>'currency' as currency, body->'path'->'channels' as path, anonymous_id
         from events where body->>'url' like $1 and model is not null order by time, received_at`,
        [SHOP + '%'],
      )
      const mine = rows.filter((r: any) => r.anonymous_id == rows[0].anonymous_id)
      expect(new Set(rows.map((r: any) => r.anonymous_id)).size).toBe(1)
      expect(mine.map((r: any) => [r.kind, r.name ?? r.step ?? '', r.phase])).toEqual([
        ['ad-click', '', 'awareness'],
        ['custom', 'view_item', 'awareness'],
        ['page', '', 'awareness'],
        ['custom', 'view_item_list', 'awareness'],
        ['custom', 'add_to_cart', 'consideration'],
        ['page', '', 'consideration'],
        ['checkout', 'begin', 'conversion'],
        ['checkout', 'contact', 'conversion'],
        ['checkout', 'shipping', 'conversion'],
        ['checkout', 'payment', 'conversion'],
        ['page', '', 'consideration'],
        ['purchase', '', 'conversion'],
        ['page', '', 'retention'],
      ])
      expect(mine.every((r: any) => r.channel == 'paid-search')).toBe(true)
      const purchases = mine.filter((r: any) => r.kind == 'purchase')
      expect(purchases).toEqual([expect.objectContaining({ orderId: 'gid://shopify/OrderIdentity/1001', value: 134.4, currency: 'EUR', path: ['paid-search'] })])
      await suite.collector.store.query('delete from events where body->>$1 = $2', ['anonymousId', rows[0].anonymous_id])
    })

  test('consent withheld: nothing stored, nothing sent; then given: everything held arrives', async () => {
    const name = suite.name('shopify-consent')
    const tab = await suite.newTab()
    await tab.goto(suite.fixtures.url + '/shopify.html')
    await open(tab, 'worker', { endpoint: suite.collector.url + '/e', name }, false)
    await event(tab, 'page_viewed', '/products/rain-jacket?utm_source=newsletter&utm_medium=email', {}, '')
    await event(tab, 'product_added_to_cart', '/products/rain-jacket', { cartLine: { quantity: 1, merchandise: variant } })
    expect(await flush(tab)).toMatchObject({ sent: 0 })
    const stored = () => tab.evaluate((key) => localStorage.getItem(key), 'waymark:' + name)
    expect(await stored()).toBeNull()
    const sent = () => suite.collector.store.query(`select kind, name, channel from events where body->>'url' like $1 order by time`, [SHOP + '/products/rain-jacket%'])
    expect(await sent()).toEqual([])
    await tab.evaluate(() => (window as any).shopify.consent(true))
    await flush(tab)
    expect((await sent()).map((r: any) => [r.kind, r.name ?? '', r.channel])).toEqual([
      ['page', '', 'email'],
      ['custom', 'add_to_cart', 'email'],
    ])
    expect(await stored()).not.toBeNull()
    await close(tab)
  })
})
