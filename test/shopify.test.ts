import type { ExtensionApi } from '@shopify/web-pixels-extension'
import { beforeEach, expect, test, vi } from 'vitest'
import { waymarkShopify, type ShopifyPixelApi } from '../src/shopify.js'
import type { Batch, WireEvent } from '../src/types.js'

// Type checks: an app pixel's api and a custom pixel's globals, as @shopify/web-pixels-extension
// types them, are what waymarkShopify takes (`npm run typecheck` fails otherwise; never run).
export const appPixel = (api: ExtensionApi) => waymarkShopify(api, { endpoint: 'https://collector.example/e' })
export const customPixel = (analytics: ExtensionApi['analytics'], browser: ExtensionApi['browser'], init: ExtensionApi['init'], customerPrivacy: ExtensionApi['customerPrivacy']) =>
  waymarkShopify({ analytics, browser, init, customerPrivacy }, { endpoint: 'https://collector.example/e', model: 'sixStage' as never })

let batches: Batch[]
beforeEach(() => {
  batches = []
  vi.stubGlobal('fetch', vi.fn(async (_: string, init: RequestInit) => (batches.push(JSON.parse(init.body as string)), new Response('{}'))))
})
const events = () => batches.flatMap((b) => b.batch) as WireEvent[]

// A pixel API over plain objects: events go to the subscribers, storage is a Map.
const fakeApi = (allowed = true) => {
  const subscribers: Record<string, ((e: any) => void)[]> = {}
  const store = new Map<string, string>()
  const api: ShopifyPixelApi = {
    analytics: { subscribe: (name: string, cb: (e: any) => void) => (subscribers[name] ||= []).push(cb) },
    browser: { localStorage: { getItem: async (k) => store.get(k) ?? null, setItem: async (k, v) => void store.set(k, v) } },
    init: { customerPrivacy: { analyticsProcessingAllowed: allowed } },
  }
  const emit = (name: string, path: string, data: unknown = {}, referrer = '') =>
    subscribers[name]?.forEach((cb) => cb({ name, context: { document: { location: { href: 'https://shop.example' + path }, referrer, title: 'Shop' } }, data }))
  return { api, emit, store }
}

test('maps the standard events to page views, the models’ custom events, checkout steps and one purchase', async () => {
  const { api, emit } = fakeApi()
  const t = waymarkShopify(api, { endpoint: 'https://c.example/e', name: 'map' })
  emit('page_viewed', '/products/x?utm_source=idealo&utm_medium=cpc', {}, 'https://www.idealo.de/')
  emit('product_added_to_cart', '/products/x', { cartLine: { quantity: 2, merchandise: { id: 'v1', sku: 'S', price: { amount: 10, currencyCode: 'EUR' }, product: { id: 'p1', title: 'X' } } } })
  emit('checkout_started', '/checkouts/cn/t', { checkout: { totalPrice: { amount: 20, currencyCode: 'EUR' }, lineItems: [{}] } })
  emit('checkout_completed', '/checkouts/cn/t/thank-you', { checkout: { order: { id: 'o-1' }, totalPrice: { amount: 20, currencyCode: 'EUR' }, lineItems: [{}] } })
  await t.flush()
  expect(events().map((e) => [e.kind, e.name ?? e.step ?? '', e.channel])).toEqual([
    ['ad-click', '', 'review-site'],
    ['custom', 'add_to_cart', 'review-site'],
    ['checkout', 'begin', 'review-site'],
    ['purchase', '', 'review-site'],
  ])
  expect(events()[1].props).toEqual({ id: 'v1', product: 'p1', title: 'X', sku: 'S', value: 10, currency: 'EUR', quantity: 2 })
  expect(events()[3]).toMatchObject({ orderId: 'o-1', value: 20, currency: 'EUR', url: 'https://shop.example/checkouts/cn/t/thank-you' })
})

test('beside the theme’s script tag (storefront: false), records the checkout only', async () => {
  const { api, emit } = fakeApi()
  const t = waymarkShopify(api, { endpoint: 'https://c.example/e', name: 'beside', storefront: false })
  emit('page_viewed', '/products/x')
  emit('product_viewed', '/products/x', { productVariant: { id: 'v' } })
  emit('page_viewed', '/checkouts/cn/t')
  emit('checkout_started', '/checkouts/cn/t', { checkout: {} })
  await t.flush()
  expect(events().map((e) => [e.kind, e.url])).toEqual([
    ['page', 'https://shop.example/checkouts/cn/t'],
    ['checkout', 'https://shop.example/checkouts/cn/t'],
  ])
})

test('keeps the journey in the shop’s localStorage, and stores nothing before analytics is allowed', async () => {
  const first = fakeApi(false)
  const t = waymarkShopify(first.api, { endpoint: 'https://c.example/e', name: 'kept' })
  first.emit('page_viewed', '/')
  await t.flush()
  expect([...first.store.keys()]).toEqual([])
  t.setConsent('granted')
  await t.flush()
  expect([...first.store.keys()]).toEqual(['waymark:kept'])
  expect(JSON.parse(first.store.get('waymark:kept')!).some(([k]: [string]) => k == 'journey')).toBe(true)
})
