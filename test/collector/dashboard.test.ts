// @vitest-environment node
import { beforeAll, describe, expect, test } from 'vitest'
import { startCollector } from '../../examples/collector/server.mjs'
import { createDashboardQueries } from '../../examples/collector/dashboardQueries.mjs'
import { MODEL_PHASES, PHASE_WORDS, PURCHASE_PHASE, modelPhases } from '../../examples/collector/modelPhases.mjs'
import { fivePhase, sixStage, threeStage } from '../../src/index.js'
import { STORES, createDatabase, spawnCollector, useCollector } from './helpers.js'

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
// Each rule-based model's shares, as a purchase event carries them.
const credit = (shares: Record<string, number>, over: Over = {}) => ({
  firstTouch: shares,
  lastTouch: shares,
  linear: shares,
  positionBased: shares,
  timeDecay: shares,
  ...over,
})
const purchase = (anonymousId: string, time: string, touchpoints: number, days: number, over: Over = {}, channels = ['direct'], shares = credit({ direct: 1 })) =>
  event(anonymousId, time, {
    kind: 'purchase',
    phase: 'conversion',
    rule: 'conversion',
    url: 'https://shop.example/checkout/thank-you?order=1',
    path: { touchpoints, days, channels, credit: shares, firstTouch: { channel: channels[0], time }, lastTouch: { channel: channels.at(-1), time } },
    ...over,
  })

// Four fivePhase visitors over a week of March, one sixStage visitor and one of a model the collector
// does not know, on shop.example; one threeStage visitor of another site in February. The expected
// figures below are counted from this by hand.
const v1 = [
  event('v1', '2026-03-02T10:00:00Z'),
  event('v1', '2026-03-02T10:05:00Z', { kind: 'custom', name: 'add_to_cart', phase: 'consideration', rule: 'consideration.evaluation', url: 'https://shop.example/products/trail-shoe' }),
  event('v1', '2026-03-05T18:30:00Z', { phase: 'consideration', rule: 'consideration.review-site', channel: 'review-site', indirect: true, url: 'https://shop.example/products/trail-shoe?ref=x', sessionId: 'v1-s2', journey: { touchpoint: 2, session: 2, days: 3 } }),
  event('v1', '2026-03-05T18:40:00Z', { kind: 'checkout', phase: 'conversion', rule: 'conversion', channel: 'review-site', indirect: true, url: 'https://shop.example/checkout', sessionId: 'v1-s2' }),
  purchase('v1', '2026-03-05T18:41:00Z', 4, 3, { channel: 'review-site', indirect: true, sessionId: 'v1-s2', orderId: 'TH-1', value: 189, currency: 'EUR' }, ['direct', 'review-site'],
    credit({ direct: 0.5, 'review-site': 0.5 }, { firstTouch: { direct: 1 }, lastTouch: { 'review-site': 1 }, timeDecay: { direct: 0.2929, 'review-site': 0.7071 } })),
]
const v2 = [
  event('v2', '2026-03-03T09:00:00Z', { kind: 'ad-click', channel: 'paid-search' }),
  event('v2', '2026-03-03T09:01:00Z', { channel: 'paid-search' }),
  purchase('v2', '2026-03-03T09:30:00Z', 3, 0, { channel: 'paid-search', value: 129, currency: 'EUR' }, ['paid-search'], credit({ 'paid-search': 1 })),
]
const v3 = [
  event('v3', '2026-03-04T12:00:00Z', { analog: true }),
  event('v3', '2026-03-04T12:01:00Z', { kind: 'custom', name: 'add_to_wishlist', phase: 'consideration', analog: true }),
  purchase('v3', '2026-03-04T12:10:00Z', 2, 0, { analog: true }),
  event('v3', '2026-03-04T12:15:00Z', { kind: 'share', phase: 'advocacy', rule: 'advocacy', analog: true }),
]
const v4 = [event('v4', '2026-03-10T08:00:00Z'), purchase('v4', '2026-03-10T08:20:00Z', 25, 40, { value: 109, currency: 'GBP' })]
const v5 = [
  event('v5', '2026-03-01T08:00:00Z', { model: 'sixStage', phase: 'inform', rule: 'inform' }),
  event('v5', '2026-03-01T08:10:00Z', { model: 'sixStage', phase: 'evaluate', rule: 'evaluate' }),
]
const v6 = [
  event('v6', '2026-03-06T08:00:00Z', { model: 'shopModel', phase: 'look', rule: 'look' }),
  event('v6', '2026-03-06T08:05:00Z', { model: 'shopModel', phase: 'buy', rule: 'buy' }),
]
const v7 = [event('v7', '2026-02-20T08:00:00Z', { model: 'threeStage', phase: 'pre-purchase', rule: 'pre-purchase', channel: 'email', url: 'https://me@Other.example:8443/news' })]

const fivePhaseOnly = { model: 'fivePhase', from: null, to: null }
const march2To4 = { model: 'fivePhase', from: '2026-03-02T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' }

describe('model phases', () => {
  test('match the models the SDK ships', () => {
    const ids = (model: { phases: readonly { id: string }[] }) => model.phases.map((p) => p.id)
    expect(MODEL_PHASES).toEqual({ fivePhase: ids(fivePhase), sixStage: ids(sixStage), threeStage: ids(threeStage) })
  })

  test("name each model's purchase phase as the SDK's rules do, and say what every phase means", () => {
    for (const model of [fivePhase, sixStage, threeStage]) {
      const buying = model.rules.find((r) => typeof r.when === 'object' && [r.when.kind].flat().includes('purchase'))!
      expect(PURCHASE_PHASE[model.id as keyof typeof PURCHASE_PHASE]).toBe(buying.phase)
      expect(Object.keys(PHASE_WORDS[model.id as keyof typeof PHASE_WORDS])).toEqual(MODEL_PHASES[model.id as keyof typeof MODEL_PHASES])
    }
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
    await suite.collector.store.insertBatch({ batchId: 'b3', batch: [...v3, ...v5, ...v7] })
    queries = createDashboardQueries(suite.collector.store)
  })

  describe('dashboard queries', () => {
    test('list the models seen, the most recently used first, and call that one in use', async () => {
      const { models, inUse } = await queries.models()
      expect(models.map((m: any) => [m.model, m.events, m.visitors])).toEqual([
        ['fivePhase', 14, 4],
        ['shopModel', 2, 1],
        ['sixStage', 2, 1],
        ['threeStage', 1, 1],
      ])
      expect(inUse).toBe('fivePhase')
    })

    test('count events, visitors, customers and purchases within the filter', async () => {
      expect(await queries.summary(fivePhaseOnly)).toEqual({ events: 14, visitors: 4, customers: 4, purchases: 4 })
      expect(await queries.summary(march2To4)).toEqual({ events: 9, visitors: 3, customers: 3, purchases: 2 })
      expect(await queries.summary({ model: null })).toEqual({ events: 19, visitors: 7, customers: 7, purchases: 4 })
    })

    const phase = (phase: string, customers: number, wentOn: number | null, skippedIn: number | null, after = false, notYet = false) =>
      ({ phase, customers, wentOn, skippedIn, afterPurchase: after, notYet })
    const counts = ({ phases }: { phases: Record<string, unknown>[] }) => phases.map(({ means, ...rest }) => rest)

    test('count, per phase in the model order, who reached it, who went on to a later one, and who came in without the one before', async () => {
      const funnel = await queries.funnel(fivePhaseOnly)
      expect(funnel).toMatchObject({ model: 'fivePhase', buyers: 4, back: 1 })
      expect(counts(funnel)).toEqual([
        phase('awareness', 4, 4, null),
        // v1 and v3 compared, and both went on to buy.
        phase('consideration', 2, 2, 0),
        // v2 and v4 bought without comparing; v3 shared afterwards, which is advocacy.
        phase('conversion', 4, 1, 2),
        phase('retention', 0, 0, 0, true),
        phase('advocacy', 1, null, 1, true),
      ])
      expect(funnel.phases[3].means).toBe('back again after buying')
    })

    test('call the phases after a purchase not yet possible while no buyer in the range has been back', async () => {
      const funnel = await queries.funnel({ model: 'fivePhase', from: '2026-03-05T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' })
      expect(funnel).toMatchObject({ buyers: 2, back: 0 })
      expect(counts(funnel)).toEqual([
        phase('awareness', 1, 1, null),
        // v1's first visit was before the range: within it, v1 came in comparing.
        phase('consideration', 1, 1, 1),
        phase('conversion', 2, 0, 1),
        phase('retention', 0, 0, 0, true, true),
        phase('advocacy', 0, null, 0, true, true),
      ])
    })

    test('limit the funnel to the date range, from inclusive and to exclusive', async () => {
      const { phases } = await queries.funnel(march2To4)
      expect(phases.map((p) => [p.phase, p.customers])).toEqual([
        ['awareness', 3],
        ['consideration', 2],
        ['conversion', 2],
        ['retention', 0],
        ['advocacy', 1],
      ])
      const exactlyAtFrom = await queries.funnel({ model: 'fivePhase', from: '2026-03-10T08:00:00.000Z', to: '2026-03-10T08:20:00.000Z' })
      expect(exactlyAtFrom.phases.map((p) => p.customers)).toEqual([1, 0, 0, 0, 0])
    })

    test('show every phase of a known model and the phases of an unknown one in first-seen order', async () => {
      expect(counts(await queries.funnel({ model: 'sixStage' }))).toEqual([
        phase('inform', 1, 1, null),
        phase('enable', 0, 0, 0),
        phase('evaluate', 1, 0, 1),
        phase('assess', 0, 0, 0),
        phase('buy', 0, 0, 0),
        phase('use', 0, null, 0, true, true),
      ])
      const custom = await queries.funnel({ model: 'shopModel' })
      expect(custom.phases).toEqual([
        { ...phase('look', 1, 1, null), means: null },
        { ...phase('buy', 1, null, 0), means: null },
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

    test('count customers per channel in each phase, the busiest channel first', async () => {
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

    test('split revenue per channel under each attribution model, currencies apart, each adding up to the orders', async () => {
      const revenue = await queries.revenue(fivePhaseOnly)
      expect(revenue.models).toEqual(['firstTouch', 'lastTouch', 'linear', 'positionBased', 'timeDecay', 'dataDriven'])
      expect([revenue.orders, revenue.withoutValue]).toEqual([4, 1])
      const [eur, gbp] = revenue.currencies
      expect([eur.currency, eur.orders, eur.total, gbp.currency, gbp.orders, gbp.total]).toEqual(['EUR', 2, 31800, 'GBP', 1, 10900])
      expect(eur.byModel).toEqual({
        firstTouch: { direct: 18900, 'paid-search': 12900 },
        lastTouch: { 'review-site': 18900, 'paid-search': 12900 },
        linear: { direct: 9450, 'review-site': 9450, 'paid-search': 12900 },
        positionBased: { direct: 9450, 'review-site': 9450, 'paid-search': 12900 },
        // 189 × 0.2929 = 55.3581 and 189 × 0.7071 = 133.6419, to the cent.
        timeDecay: { direct: 5536, 'review-site': 13364, 'paid-search': 12900 },
        // v1's path by the chain's credit, direct 0.6 to review-site 0.2: three quarters to one.
        dataDriven: { direct: 14175, 'review-site': 4725, 'paid-search': 12900 },
      })
      expect(gbp.byModel.dataDriven).toEqual({ direct: 10900 })
      // v3 bought without a value: an order, in no currency.
      expect(revenue.ordersByModel.firstTouch).toEqual({ direct: 3, 'paid-search': 1 })
    })

    test('compute the data-driven credit from every stored journey, converting or not, and say how many', async () => {
      // Journeys: v1 direct → review-site, bought; v2 paid-search, v3 and v4 direct, bought; v5 and v6
      // direct, v7 email, not. P(purchase) = 4/7; without direct 1/7, without review-site or
      // paid-search 3/7, without email 4/7: removal effects 3/4, 1/4, 1/4 and 0.
      const { dataDriven } = await queries.revenue(march2To4)
      expect(dataDriven).toMatchObject({ journeys: 7, converting: 4, minimum: 100, enough: false })
      expect(Object.keys(dataDriven.credit!).sort()).toEqual(['direct', 'email', 'paid-search', 'review-site'])
      expect(dataDriven.credit!.direct).toBeCloseTo(0.6, 12)
      expect(dataDriven.credit!['review-site']).toBeCloseTo(0.2, 12)
      expect(dataDriven.credit!['paid-search']).toBeCloseTo(0.2, 12)
      expect(dataDriven.credit!.email).toBe(0)
      const onOneSite = await queries.revenue({ ...fivePhaseOnly, site: 'shop.example' })
      expect(onOneSite.dataDriven).toMatchObject({ journeys: 6, converting: 4 })
    })

    test('list the sites by their page host, and filter every figure by one', async () => {
      expect((await queries.sites()).sites).toEqual([
        { host: 'shop.example', visitors: 6, events: 18 },
        { host: 'other.example:8443', visitors: 1, events: 1 },
      ])
      const other = { model: null, from: null, to: null, site: 'other.example:8443' }
      expect(await queries.summary(other)).toEqual({ events: 1, visitors: 1, customers: 1, purchases: 0 })
      expect(await queries.summary({ ...fivePhaseOnly, site: 'shop.example' })).toEqual({ events: 14, visitors: 4, customers: 4, purchases: 4 })
      expect(await queries.summary({ ...fivePhaseOnly, site: 'other.example:8443' })).toEqual({ events: 0, visitors: 0, customers: 0, purchases: 0 })
      expect((await queries.funnel({ ...other, model: 'threeStage' })).phases.map((p) => p.customers)).toEqual([1, 0, 0])
      expect((await queries.visitors(other, 5)).map((v: any) => v.anonymousId)).toEqual(['v7'])
      expect((await queries.revenue({ ...fivePhaseOnly, site: 'other.example:8443' })).orders).toBe(0)
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
      expect(events[4]).toMatchObject({ orderId: 'TH-1', value: 189, currency: 'EUR' })
      expect(events[3]).toMatchObject({ orderId: null, value: null, currency: null })
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
      for (const module of ['/dom.js', '/words.js', '/drawFunnel.js', '/drawRevenue.js']) expect((await get(module)).headers.get('content-type'), module).toMatch(/^text\/javascript/)
      expect((await get('/index.html')).status).toBe(404)
      expect((await get('/../store.mjs')).status).toBe(404)
    })

    test('answer the figures as JSON for the model in use unless the request names one', async () => {
      const res = await get('/api/funnel')
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect((await res.json()).model).toBe('fivePhase')
      const six = await (await get('/api/summary?model=sixStage')).json()
      expect(six).toEqual({ events: 2, visitors: 1, customers: 1, purchases: 0 })
      const ranged = await (await get(`/api/summary?model=fivePhase&from=${march2To4.from}&to=${march2To4.to}`)).json()
      expect(ranged).toEqual({ events: 9, visitors: 3, customers: 3, purchases: 2 })
      const { visitors } = await (await get('/api/visitors?limit=2')).json()
      expect(visitors.map((v: any) => v.anonymousId)).toEqual(['v4', 'v1'])
      const { events } = await (await get('/api/timeline?visitor=v2')).json()
      expect(events.map((e: any) => e.kind)).toEqual(['ad-click', 'page', 'purchase'])
      expect(await (await get('/api/summary?model=threeStage&site=Other.Example:8443')).json()).toEqual({ events: 1, visitors: 1, customers: 1, purchases: 0 })
      expect((await (await get('/api/sites')).json()).sites.map((s: any) => s.host)).toEqual(['shop.example', 'other.example:8443'])
      const revenue = await (await get('/api/revenue')).json()
      expect(revenue.currencies.map((c: any) => [c.currency, c.total])).toEqual([['EUR', 31800], ['GBP', 10900]])
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
        expect(await (await at('/api/summary?model=sixStage', { authorization: 'Bearer open sesame' })).json()).toEqual({ events: 2, visitors: 1, customers: 1, purchases: 0 })
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

describe('the CLI', () => {
  test('leaves the dashboard out with --no-dashboard, and refuses to serve it beyond loopback without a token', async () => {
    const { url: database, drop } = await createDatabase()
    try {
      const bare = await spawnCollector(['--database', database, '--no-dashboard'])
      try {
        expect(bare.output()).toMatch(/no dashboard/)
        expect((await fetch(bare.url + '/')).status).toBe(404)
        expect((await fetch(bare.url + '/api/summary')).status).toBe(404)
      } finally {
        await bare.kill()
      }
      // Refused before it listens: nothing is opened beyond loopback.
      await expect(spawnCollector(['--database', database, '--host', '0.0.0.0'])).rejects.toThrow(/exited \(1\).*--dashboard-token.*--no-dashboard/s)
    } finally {
      await drop()
    }
  })
})
