// @vitest-environment node
import { beforeAll, describe, expect, test } from 'vitest'
import { startCollector } from '../../examples/collector/server.mjs'
import { createDashboardQueries } from '../../examples/collector/dashboardQueries.mjs'
import { MODEL_PHASES, modelPhases } from '../../examples/collector/modelPhases.mjs'
import { fivePhase, sixStage, threeStage } from '../../src/index.js'
import { STORES, useCollector } from './helpers.js'

type Over = Record<string, unknown>
let n = 0
const event = (anonymousId: string, time: string, over: Over = {}) => ({
  id: `dash-${++n}`,
  time,
  kind: 'page',
  model: 'fivePhase',
  phase: 'awareness',
  rule: 'awareness',
  anonymousId,
  sessionId: `${anonymousId}-s1`,
  url: 'https://shop.example/',
  referrer: '',
  title: 'Shop',
  channel: 'direct',
  analog: false,
  indirect: false,
  journey: { touchpoint: 1, session: 1, days: 0 },
  ...over,
})
const purchase = (anonymousId: string, time: string, touchpoints: number, days: number, over: Over = {}) =>
  event(anonymousId, time, {
    kind: 'purchase',
    phase: 'conversion',
    rule: 'conversion',
    url: 'https://shop.example/checkout/thank-you?order=1',
    path: { touchpoints, days, channels: ['direct'], credit: {}, firstTouch: { channel: 'direct', time }, lastTouch: { channel: 'direct', time } },
    ...over,
  })

// Four fivePhase visitors over a week of March, one sixStage visitor and one of a model the collector
// does not know; the expected figures below are counted from this by hand.
const v1 = [
  event('v1', '2026-03-02T10:00:00Z'),
  event('v1', '2026-03-02T10:05:00Z', { kind: 'custom', name: 'add_to_cart', phase: 'consideration', rule: 'consideration.evaluation', url: 'https://shop.example/products/trail-shoe' }),
  event('v1', '2026-03-05T18:30:00Z', { phase: 'consideration', rule: 'consideration.review-site', channel: 'review-site', indirect: true, url: 'https://shop.example/products/trail-shoe?ref=x', journey: { touchpoint: 2, session: 2, days: 3 } }),
  event('v1', '2026-03-05T18:40:00Z', { kind: 'checkout', phase: 'conversion', rule: 'conversion', channel: 'review-site', indirect: true, url: 'https://shop.example/checkout' }),
  purchase('v1', '2026-03-05T18:41:00Z', 4, 3, { channel: 'review-site', indirect: true }),
]
const v2 = [
  event('v2', '2026-03-03T09:00:00Z', { kind: 'ad-click', channel: 'paid-search' }),
  event('v2', '2026-03-03T09:01:00Z', { channel: 'paid-search' }),
  purchase('v2', '2026-03-03T09:30:00Z', 3, 0, { channel: 'paid-search' }),
]
const v3 = [
  event('v3', '2026-03-04T12:00:00Z', { analog: true }),
  event('v3', '2026-03-04T12:01:00Z', { kind: 'custom', name: 'add_to_wishlist', phase: 'consideration', analog: true }),
  purchase('v3', '2026-03-04T12:10:00Z', 2, 0, { analog: true }),
  event('v3', '2026-03-04T12:15:00Z', { kind: 'share', phase: 'advocacy', rule: 'advocacy', analog: true }),
]
const v4 = [event('v4', '2026-03-10T08:00:00Z'), purchase('v4', '2026-03-10T08:20:00Z', 25, 40)]
const v5 = [
  event('v5', '2026-03-01T08:00:00Z', { model: 'sixStage', phase: 'inform', rule: 'inform' }),
  event('v5', '2026-03-01T08:10:00Z', { model: 'sixStage', phase: 'evaluate', rule: 'evaluate' }),
]
const v6 = [
  event('v6', '2026-03-06T08:00:00Z', { model: 'shopModel', phase: 'look', rule: 'look' }),
  event('v6', '2026-03-06T08:05:00Z', { model: 'shopModel', phase: 'buy', rule: 'buy' }),
]

const fivePhaseOnly = { model: 'fivePhase', from: null, to: null }
const march2To4 = { model: 'fivePhase', from: '2026-03-02T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' }

describe('model phases', () => {
  test('match the models the SDK ships', () => {
    const ids = (model: { phases: readonly { id: string }[] }) => model.phases.map((p) => p.id)
    expect(MODEL_PHASES).toEqual({ fivePhase: ids(fivePhase), sixStage: ids(sixStage), threeStage: ids(threeStage) })
  })

  test('put a known model in its order and an unknown one in the order seen', () => {
    expect(modelPhases('threeStage', ['post-purchase', 'pre-purchase'])).toEqual(['pre-purchase', 'purchase', 'post-purchase'])
    expect(modelPhases('threeStage', ['pre-purchase', 'gifting'])).toEqual(['pre-purchase', 'purchase', 'post-purchase', 'gifting'])
    expect(modelPhases('shopModel', ['look', 'buy'])).toEqual(['look', 'buy'])
    expect(modelPhases('toString', ['a'])).toEqual(['a'])
  })
})

describe.each(STORES)('dashboard on %s', (kind) => {
  const suite = useCollector(kind)
  let queries: ReturnType<typeof createDashboardQueries>
  beforeAll(async () => {
    // Out of time order and over several batches, as events arrive from several devices.
    await suite.collector.store.insertBatch({ batchId: 'b1', batch: [...v4, ...v2] })
    await suite.collector.store.insertBatch({ batchId: 'b2', batch: [...v1, ...v6] })
    await suite.collector.store.insertBatch({ batchId: 'b3', batch: [...v3, ...v5] })
    queries = createDashboardQueries(suite.collector.store)
  })

  describe('dashboard queries', () => {
    test('list the models seen, the most recently used first, and call that one in use', async () => {
      const { models, inUse } = await queries.models()
      expect(models.map((m: any) => [m.model, m.events, m.visitors])).toEqual([
        ['fivePhase', 14, 4],
        ['shopModel', 2, 1],
        ['sixStage', 2, 1],
      ])
      expect(inUse).toBe('fivePhase')
    })

    test('count events, visitors and purchases within the filter', async () => {
      expect(await queries.summary(fivePhaseOnly)).toEqual({ events: 14, visitors: 4, purchases: 4 })
      expect(await queries.summary(march2To4)).toEqual({ events: 9, visitors: 3, purchases: 2 })
      expect(await queries.summary({ model: null })).toEqual({ events: 18, visitors: 6, purchases: 4 })
    })

    test('count the visitors who reached each phase, in the model order, with the drop-off to the next', async () => {
      expect(await queries.funnel(fivePhaseOnly)).toEqual({
        model: 'fivePhase',
        phases: [
          { phase: 'awareness', visitors: 4, dropOff: 0.5 },
          // More reached conversion than consideration: v2 and v4 bought without considering.
          { phase: 'consideration', visitors: 2, dropOff: -1 },
          { phase: 'conversion', visitors: 4, dropOff: 1 },
          { phase: 'retention', visitors: 0, dropOff: null },
          { phase: 'advocacy', visitors: 1, dropOff: null },
        ],
      })
    })

    test('limit the funnel to the date range, from inclusive and to exclusive', async () => {
      const { phases } = await queries.funnel(march2To4)
      expect(phases.map((p) => [p.phase, p.visitors])).toEqual([
        ['awareness', 3],
        ['consideration', 2],
        ['conversion', 2],
        ['retention', 0],
        ['advocacy', 1],
      ])
      const exactlyAtFrom = await queries.funnel({ model: 'fivePhase', from: '2026-03-10T08:00:00.000Z', to: '2026-03-10T08:20:00.000Z' })
      expect(exactlyAtFrom.phases.map((p) => p.visitors)).toEqual([1, 0, 0, 0, 0])
    })

    test('show every phase of a known model and the phases of an unknown one in first-seen order', async () => {
      const six = await queries.funnel({ model: 'sixStage' })
      expect(six.phases).toEqual([
        { phase: 'inform', visitors: 1, dropOff: 1 },
        { phase: 'enable', visitors: 0, dropOff: null },
        { phase: 'evaluate', visitors: 1, dropOff: 1 },
        { phase: 'assess', visitors: 0, dropOff: null },
        { phase: 'buy', visitors: 0, dropOff: null },
        { phase: 'use', visitors: 0, dropOff: null },
      ])
      const custom = await queries.funnel({ model: 'shopModel' })
      expect(custom.phases).toEqual([
        { phase: 'look', visitors: 1, dropOff: 0 },
        { phase: 'buy', visitors: 1, dropOff: null },
      ])
    })

    test('bucket the touchpoints and days before each purchase, with their medians', async () => {
      const paths = await queries.pathLengths(fivePhaseOnly)
      expect(paths.purchases).toBe(4)
      // Touchpoints 2, 3, 4, 25 and days 0, 0, 3, 40.
      expect(paths.touchpoints.median).toBe(3.5)
      expect(paths.days.median).toBe(1.5)
      const filled = (buckets: { label: string; purchases: number }[]) => buckets.filter((b) => b.purchases).map((b) => [b.label, b.purchases])
      expect(paths.touchpoints.buckets.map((b) => b.label)).toEqual(['0–1', '2', '3', '4', '5', '6–7', '8–10', '11–20', '21+'])
      expect(filled(paths.touchpoints.buckets)).toEqual([['2', 1], ['3', 1], ['4', 1], ['21+', 1]])
      expect(paths.days.buckets.map((b) => b.label)).toEqual(['0', '1', '2', '3–6', '7–13', '14–29', '30+'])
      expect(filled(paths.days.buckets)).toEqual([['0', 2], ['3–6', 1], ['30+', 1]])
    })

    test('report no purchases as empty buckets and no medians', async () => {
      const paths = await queries.pathLengths({ model: 'sixStage' })
      expect(paths.purchases).toBe(0)
      expect(paths.touchpoints.median).toBeNull()
      expect(paths.days.buckets.every((b) => b.purchases === 0)).toBe(true)
    })

    test('count visitors per channel in each phase, the busiest channel first', async () => {
      expect(await queries.channelsByPhase(fivePhaseOnly)).toEqual({
        phases: ['awareness', 'consideration', 'conversion', 'retention', 'advocacy'],
        channels: [
          { channel: 'direct', byPhase: { awareness: 3, consideration: 2, conversion: 2, retention: 0, advocacy: 1 } },
          { channel: 'paid-search', byPhase: { awareness: 1, consideration: 0, conversion: 1, retention: 0, advocacy: 0 } },
          { channel: 'review-site', byPhase: { awareness: 0, consideration: 1, conversion: 1, retention: 0, advocacy: 0 } },
        ],
      })
    })

    test('count touchpoints in the matrix, custom events left out', async () => {
      expect(await queries.matrix(fivePhaseOnly)).toEqual({
        touchpoints: 12,
        cells: [
          { analog: false, indirect: false, touchpoints: 6 },
          { analog: false, indirect: true, touchpoints: 3 },
          { analog: true, indirect: false, touchpoints: 3 },
          { analog: true, indirect: true, touchpoints: 0 },
        ],
      })
    })

    test('list the most recent visitors with their first channel and their latest phase', async () => {
      const visitors = await queries.visitors(fivePhaseOnly, 3)
      expect(visitors.map((v: any) => v.anonymousId)).toEqual(['v4', 'v1', 'v3'])
      expect(visitors[1]).toEqual({
        anonymousId: 'v1',
        firstSeen: new Date('2026-03-02T10:00:00Z'),
        lastSeen: new Date('2026-03-05T18:41:00Z'),
        events: 5,
        purchases: 1,
        channel: 'direct',
        phase: 'conversion',
      })
    })

    test("read one visitor's journey whole and in time order", async () => {
      const { anonymousId, events } = await queries.timeline('v1')
      expect(anonymousId).toBe('v1')
      expect(events.map((e: any) => [e.kind, e.name, e.path, e.phase, e.channel, e.rule])).toEqual([
        ['page', null, '/', 'awareness', 'direct', 'awareness'],
        ['custom', 'add_to_cart', '/products/trail-shoe', 'consideration', 'direct', 'consideration.evaluation'],
        ['page', null, '/products/trail-shoe', 'consideration', 'review-site', 'consideration.review-site'],
        ['checkout', null, '/checkout', 'conversion', 'review-site', 'conversion'],
        ['purchase', null, '/checkout/thank-you', 'conversion', 'review-site', 'conversion'],
      ])
      expect(events[2].journey).toEqual({ touchpoint: 2, session: 2, days: 3 })
      expect((await queries.timeline('nobody')).events).toEqual([])
    })
  })

  describe('dashboard routes', () => {
    const get = (path: string) => fetch(suite.collector.url + path)

    test('serve the page at / under a strict Content-Security-Policy, with its script and styles', async () => {
      const page = await get('/')
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toMatch(/^text\/html/)
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/)
      const html = await page.text()
      expect(html).toContain('src="/dashboard.js"')
      expect(html).not.toMatch(/https?:\/\//)
      expect((await get('/dashboard.js')).headers.get('content-type')).toMatch(/^text\/javascript/)
      expect((await get('/dashboard.css')).headers.get('content-type')).toMatch(/^text\/css/)
      expect((await get('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml')
      expect((await get('/index.html')).status).toBe(404)
      expect((await get('/../store.mjs')).status).toBe(404)
    })

    test('answer the figures as JSON for the model in use unless the request names one', async () => {
      const res = await get('/api/funnel')
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect((await res.json()).model).toBe('fivePhase')
      const six = await (await get('/api/summary?model=sixStage')).json()
      expect(six).toEqual({ events: 2, visitors: 1, purchases: 0 })
      const ranged = await (await get(`/api/summary?model=fivePhase&from=${march2To4.from}&to=${march2To4.to}`)).json()
      expect(ranged).toEqual({ events: 9, visitors: 3, purchases: 2 })
      const { visitors } = await (await get('/api/visitors?limit=2')).json()
      expect(visitors.map((v: any) => v.anonymousId)).toEqual(['v4', 'v1'])
      const { events } = await (await get('/api/timeline?visitor=v2')).json()
      expect(events.map((e: any) => e.kind)).toEqual(['ad-click', 'page', 'purchase'])
    })

    test.each([
      ['/api/funnel?from=last-week', /"from"/],
      ['/api/visitors?limit=0', /"limit"/],
      ['/api/timeline', /"visitor"/],
    ])('refuse %s with 400', async (path, message) => {
      const res = await get(path)
      expect(res.status).toBe(400)
      expect((await res.json()).error).toMatch(message)
    })

    test('leave other paths and methods to the collector', async () => {
      expect((await get('/api/nothing')).status).toBe(404)
      expect((await fetch(suite.collector.url + '/api/funnel', { method: 'POST', body: '{}' })).status).toBe(404)
      expect((await get('/health')).status).toBe(200)
    })

    test('can be turned off', async () => {
      const bare = await startCollector({ dashboard: false, store: suite.collector.store })
      try {
        expect((await fetch(bare.url + '/')).status).toBe(404)
        expect((await fetch(bare.url + '/api/funnel')).status).toBe(404)
      } finally {
        await bare.close()
      }
    })

    test('answer only requests that carry the token, when it has one', async () => {
      const guarded = await startCollector({ dashboardToken: 'open sesame', store: suite.collector.store })
      const at = (path: string, headers: Record<string, string> = {}) => fetch(guarded.url + path, { headers, redirect: 'manual' })
      try {
        for (const path of ['/', '/dashboard.js', '/api/summary', '/api/timeline?visitor=v1']) expect((await at(path)).status, path).toBe(401)
        expect((await at('/api/summary', { authorization: 'Bearer open sesamE' })).status).toBe(401)
        expect((await at('/?token=wrong')).status).toBe(401)
        expect(await (await at('/api/summary?model=sixStage', { authorization: 'Bearer open sesame' })).json()).toEqual({ events: 2, visitors: 1, purchases: 0 })
        // The page is opened once with the token in its address; from then on its cookie carries it.
        const entry = await at('/?token=open%20sesame')
        expect(entry.status).toBe(303)
        expect(entry.headers.get('location')).toBe('/')
        const cookie = entry.headers.get('set-cookie')!
        expect(cookie).toMatch(/HttpOnly/)
        const jar = { cookie: cookie.split(';')[0] }
        expect((await at('/', jar)).status).toBe(200)
        expect((await at('/api/funnel', jar)).status).toBe(200)
        // Collecting needs no token: browsers send batches from every shopper's page.
        expect((await fetch(guarded.url + '/e', { method: 'POST', body: JSON.stringify({ batch: [] }) })).status).toBe(200)
      } finally {
        await guarded.close()
      }
    })

    test('is not served beyond loopback without a token', async () => {
      await expect(startCollector({ host: '0.0.0.0', store: suite.collector.store })).rejects.toThrow(/--dashboard-token.*--no-dashboard/)
    })
  })
})
