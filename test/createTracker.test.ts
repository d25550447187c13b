import { beforeEach, describe, expect, test, vi } from 'vitest'
import { dataLayer } from '../src/capture/dataLayer.js'
import { createTracker } from '../src/createTracker.js'
import { replayJourney } from '../src/replayJourney.js'
import type { Batch } from '../src/types.js'

let batches: Batch[]
let status: number

beforeEach(() => {
  batches = []
  status = 200
  vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
    batches.push(JSON.parse(init.body as string))
    return new Response('{}', { status })
  }))
})

const events = () => batches.flatMap((b) => b.batch)

describe('createTracker', () => {
  test('records a page view on start and sends it in the wire format', async () => {
    document.title = 'Home'
    const t = createTracker({ endpoint: 'https://c.example/e' })
    expect(await t.flush()).toEqual({ sent: 1, ok: true })
    const [e] = events()
    expect(e).toMatchObject({ kind: 'page', phase: 'awareness', model: 'fivePhase', url: location.href, title: 'Home', referrer: '' })
    expect(e.id).toMatch(/^[0-9a-f-]{36}\.[0-9a-z]+$/)
    expect(new Date(e.time).toISOString()).toBe(e.time)
    expect(e.anonymousId).toMatch(/^[0-9a-f-]{36}$/)
    expect(e.sessionId).toMatch(/^[0-9a-f-]{36}$/)
    expect(e.journey).toEqual({ touchpoint: 1, session: 1, days: 0 })
    expect(batches[0].sentAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(batches[0].batchId).toBeTruthy()
    await t.shutdown()
  })

  test('keeps the order of calls made before the journey state was read', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false })
    t.page()
    t.track('first')
    t.track('second', { n: 2 })
    t.page()
    await t.flush()
    expect(events().map((e) => e.name ?? e.kind)).toEqual(['page', 'first', 'second', 'page'])
    expect(events()[2].props).toEqual({ n: 2 })
    // Custom events belong to the touchpoint they happen on; they are no touchpoints themselves.
    expect(events().map((e) => e.journey.touchpoint)).toEqual([1, 1, 1, 2])
  })

  test('keeps one visitor across trackers on the same device', async () => {
    const a = createTracker({ endpoint: 'https://c.example/e' })
    await a.flush()
    await a.shutdown()
    const b = createTracker({ endpoint: 'https://c.example/e' })
    await b.flush()
    const [first, second] = events()
    expect(second.anonymousId).toBe(first.anonymousId)
    expect(second.sessionId).toBe(first.sessionId)
    expect(second.journey.touchpoint).toBe(2)
  })

  test('keeps events stored while the collector fails, and sends them later', async () => {
    status = 503
    const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false })
    t.track('kept')
    expect(await t.flush()).toEqual({ sent: 0, ok: false })
    status = 200
    expect(await t.flush()).toEqual({ sent: 1, ok: true })
    expect(events().map((e) => e.name)).toEqual(['kept', 'kept'])
    expect(events()[0].id).toBe(events()[1].id)
  })

  test('never throws into the page, whatever it is given', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => {
      t.track(undefined as never)
      t.track(42 as never)
      t.track('cyclic', cyclic)
      t.track('bigint', { n: 1n } as never)
      t.page('not props' as never)
    }).not.toThrow()
    await t.flush()
    expect(events().map((e) => e.name ?? e.kind)).toEqual(['cyclic', 'bigint', 'page'])
    expect(events()[0].props).toEqual({ self: '[Circular]' })
  })

  test('records checkout steps, purchases and shares from explicit calls', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e' })
    t.checkout('payment', { method: 'card' })
    t.purchase({ orderId: 'WM-9', value: 129, currency: 'EUR', coupon: 'SPRING' })
    t.share({ method: 'whatsapp', url: 'https://shop.example/p/1' })
    await t.flush()
    const [, checkout, purchase, share] = events()
    expect(checkout).toMatchObject({ kind: 'checkout', step: 'payment', phase: 'conversion', props: { method: 'card' } })
    expect(purchase).toMatchObject({ kind: 'purchase', orderId: 'WM-9', value: 129, currency: 'EUR', phase: 'conversion', props: { coupon: 'SPRING' } })
    expect(purchase.path!.channels).toEqual(['direct'])
    expect(share).toMatchObject({ kind: 'share', method: 'whatsapp', phase: 'advocacy', props: { url: 'https://shop.example/p/1' } })
  })

  test('replayJourney reads explicit calls as the tracker does, and a share without a URL has no props', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e' })
    t.share({ method: 'web-share', url: undefined })
    await t.flush()
    expect(events()[1]).toMatchObject({ kind: 'share', method: 'web-share' })
    expect(events()[1].props).toBeUndefined()

    const url = 'https://shop.example/p/1'
    const time = Date.parse('2026-05-04T08:00:00Z')
    const [checkout, purchase, share, bare] = replayJourney([
      { url, time, event: { type: 'checkout', step: 'payment', props: { method: 'card' } } },
      { url, time: time + 1000, event: { type: 'purchase', props: { orderId: 'WM-9', value: '129' as never, currency: 'EUR', coupon: 'SPRING' } } },
      { url, time: time + 2000, event: { type: 'share', method: 'whatsapp', url } },
      { url, time: time + 3000, event: { type: 'share', method: 'copy' } },
    ])
    expect(checkout).toMatchObject({ kind: 'checkout', step: 'payment', props: { method: 'card' } })
    expect(purchase).toMatchObject({ kind: 'purchase', orderId: 'WM-9', value: 129, currency: 'EUR', props: { coupon: 'SPRING' } })
    expect(share).toMatchObject({ kind: 'share', method: 'whatsapp', props: { url } })
    expect(bare).toMatchObject({ kind: 'share', method: 'copy' })
    expect(bare.props).toBeUndefined()
  })

  test('records a purchase once per order, whatever reports it and however often', async () => {
    history.replaceState(null, '', '/checkout/order-received/77/?key=wc_order_abc')
    const t = createTracker({ endpoint: 'https://c.example/e', plugins: [dataLayer()] })
    ;(window as any).dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: '77', value: 20, currency: 'EUR' } })
    t.purchase({ orderId: '77' })
    t.purchase({ orderId: '78' })
    await t.flush()
    await t.shutdown()
    delete (window as any).dataLayer
    // The same page again, as after a reload (left before any report of the order came).
    const again = createTracker({ endpoint: 'https://c.example/e' })
    await again.shutdown()
    // The page's own report of order 77 went first; the URL's then is a page view.
    expect(events().map((e) => [e.kind, e.orderId])).toEqual([
      ['purchase', '77'],
      ['page', undefined],
      ['purchase', '78'],
      ['page', undefined],
    ])
    history.replaceState(null, '', '/')
  })

  test('a route change of a single-page app is a page view, with the previous route as referrer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    history.replaceState(null, '', '/home')
    const t = createTracker({ endpoint: 'https://c.example/e' })
    history.pushState({}, '', '/products/1')
    document.title = 'Product 1'
    vi.advanceTimersByTime(200)
    vi.useRealTimers()
    await t.flush()
    await t.shutdown()
    const [home, product] = events()
    expect(new URL(product.url).pathname).toBe('/products/1')
    expect(product.referrer).toBe(home.url)
    expect(product.title).toBe('Product 1')
    expect(product.journey.touchpoint).toBe(2)
    history.replaceState(null, '', '/')
  })

  test('tells where the visitor stands', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e' })
    t.purchase({ orderId: 'J-1' })
    expect(await t.journey()).toMatchObject({ model: 'fivePhase', phase: 'conversion', sessions: 1, touchpoints: 2, purchases: 1, firstTouch: { channel: 'direct' } })
  })

  test('turns hostile props into a safe event, with a debug warning, and never throws', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    const group = vi.spyOn(console, 'groupCollapsed').mockImplementation(() => {})
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false, debug: true })
    const trap = new Proxy({}, { ownKeys: () => { throw new Error('trap') }, get: () => { throw new Error('trap') } })
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    const nasty = {
      getter: Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('no') } }),
      toJSON: undefined as unknown,
      date: new Date('2026-01-02T03:04:05Z'),
      nan: NaN,
      sym: Symbol('s'),
      fn: () => 1,
      [Symbol('hidden')]: 1,
      deep: JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)),
    }
    expect(() => {
      t.track('nasty', nasty)
      t.track('trap', trap as never)
      t.track('revoked', proxy as never)
      t.track('oversize', { blob: 'x'.repeat(100000) })
      t.track('throwing-toJSON', { v: { toJSON: () => { throw new Error('no') } } })
      t.track(Symbol('name') as never)
      t.track({ toString: () => { throw new Error('no') } } as never)
      t.checkout({} as never)
      t.purchase('order' as never)
      t.purchase({ value: 'not a number', currency: {} } as never)
      t.share(null as never)
    }).not.toThrow()
    await t.flush()
    const byName = Object.fromEntries(events().filter((e) => e.name).map((e) => [e.name, e.props]))
    expect(byName.nasty).toMatchObject({ getter: { boom: '[Unreadable]' }, date: '2026-01-02T03:04:05.000Z', nan: null })
    expect(byName.trap).toBeUndefined()
    expect(byName.revoked).toBeUndefined()
    expect(byName.oversize).toBeUndefined()
    expect(byName['throwing-toJSON']).toEqual({ v: '[Unreadable]' })
    // The second purchase has no order id either: on the same page, it is the same purchase.
    expect(events().map((e) => e.name ?? e.kind)).toEqual(['nasty', 'trap', 'revoked', 'oversize', 'throwing-toJSON', 'checkout', 'purchase', 'share'])
    // Debug output is printed by the debug file, which loads on its own.
    const said = () => [...info.mock.calls, ...group.mock.calls].map(([m]) => String(m)).join('\n')
    await vi.waitFor(() => expect(said()).toMatch(/props over \d+ bytes; dropped/))
    expect(said()).toMatch(/track\(\) needs an event name/)
    await t.shutdown()
    vi.restoreAllMocks()
  })

  test('keeps the event when the site’s onEvent callback throws', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false, onEvent: () => { throw new Error('site bug') } })
    expect(() => t.track('still_sent')).not.toThrow()
    await t.flush()
    expect(events().map((e) => e.name)).toEqual(['still_sent'])
  })

  test('throws a TypeError naming a bad option', () => {
    expect(() => createTracker({ endpoint: 'mailto:x@example.org' })).toThrow(/"endpoint"/)
    expect(() => createTracker({ endpoint: '/e', batchSize: -5 })).toThrow(TypeError)
  })

  test('classifies a burst after the caller’s task, whole, and in order', async () => {
    const seen: string[] = []
    const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false, onEvent: (e) => seen.push(e.name!) })
    await t.journey()
    for (let i = 0; i < 2500; i++) t.track('burst_' + i)
    // The caller's task only recorded the calls.
    expect(seen).toEqual([])
    await t.flush()
    expect(seen.length).toBe(2500)
    expect(seen[0]).toBe('burst_0')
    expect(seen[2499]).toBe('burst_2499')
    await t.shutdown()
  })

  test('records nothing after shutdown', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false })
    await t.shutdown()
    t.track('late')
    expect(events()).toEqual([])
  })

  test('prints each touchpoint and each send in grouped console output in debug mode', async () => {
    const group = vi.spyOn(console, 'groupCollapsed').mockImplementation(() => {})
    const end = vi.spyOn(console, 'groupEnd').mockImplementation(() => {})
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const t = createTracker({ endpoint: 'https://c.example/e', debug: true })
    await t.flush()
    const titles = () => group.mock.calls.map(([m]) => String(m))
    await vi.waitFor(() => expect(titles().some((m) => /sent 1 event/.test(m))).toBe(true))
    expect(titles()).toContainEqual('[waymark] page → awareness (rule awareness, channel direct)')
    expect(end).toHaveBeenCalledTimes(group.mock.calls.length)
    await t.shutdown()
    vi.restoreAllMocks()
  })
})

describe('identify', () => {
  test('the user id travels on every later event and in the journey, until reset()', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false })
    t.track('before')
    t.identify('cust-4711', { plan: 'gold' })
    t.track('after')
    t.page()
    t.reset()
    t.track('after_reset')
    await t.flush()
    expect(events().map((e) => [e.kind, e.name ?? '', e.userId ?? null])).toEqual([
      ['custom', 'before', null],
      ['identify', '', 'cust-4711'],
      ['custom', 'after', 'cust-4711'],
      ['page', '', 'cust-4711'],
      ['custom', 'after_reset', null],
    ])
    expect(events()[1].props).toEqual({ plan: 'gold' })
    // An identify is no touchpoint, and keeps the phase.
    expect(events()[1]).toMatchObject({ rule: 'current-phase', journey: { touchpoint: 1 } })
    expect(events()[4].anonymousId).not.toBe(events()[3].anonymousId)
  })

  test('is kept with the journey for the next page, and says so in journey()', async () => {
    const a = createTracker({ endpoint: 'https://c.example/e', autoCapture: false })
    a.identify(4711)
    expect(await a.journey()).toMatchObject({ userId: '4711' })
    await a.shutdown()
    const b = createTracker({ endpoint: 'https://c.example/e' })
    await b.flush()
    expect(events().map((e) => e.userId)).toEqual(['4711', '4711'])
  })

  test('ignores an empty id, and waits for consent like every call', async () => {
    const t = createTracker({ endpoint: 'https://c.example/e', autoCapture: false, consent: 'pending' })
    t.identify('' as never)
    t.identify('u-1')
    await t.flush()
    expect(events()).toEqual([])
    t.setConsent('granted')
    await t.flush()
    expect(events().map((e) => [e.kind, e.userId])).toEqual([['identify', 'u-1']])
  })
})

describe('a purchase read from the URL', () => {
  test('gives way to the page’s own report of it, which brings the value; the page view is then a page view', async () => {
    history.replaceState(null, '', '/checkout/order-received/512/?key=wc_order_x')
    const t = createTracker({ endpoint: 'https://c.example/e' })
    // The shop's confirmation script reports the order a moment after the tag started.
    await new Promise((r) => setTimeout(r, 100))
    t.purchase({ orderId: '512', value: 89.9, currency: 'EUR' })
    await new Promise((r) => setTimeout(r, 50))
    await t.flush()
    expect(events().map((e) => [e.kind, e.orderId, e.value, e.currency])).toEqual([
      ['purchase', '512', 89.9, 'EUR'],
      ['page', undefined, undefined, undefined],
    ])
    history.replaceState(null, '', '/')
  })

  test('is recorded from the URL alone when no report comes', async () => {
    history.replaceState(null, '', '/checkout/order-received/513/?key=wc_order_y')
    const t = createTracker({ endpoint: 'https://c.example/e' })
    await new Promise((r) => setTimeout(r, 1700))
    await t.flush()
    expect(events().map((e) => [e.kind, e.orderId])).toEqual([['purchase', '513']])
    history.replaceState(null, '', '/')
  })
})
