// @vitest-environment node
// Stitching in the reference collector: anonymous ids that share a user id or the collector's
// cookie are one customer, whose journey and purchases the dashboard reads across all of them,
// as a view over the stored events, which stay as they came.
import { beforeAll, describe, expect, test } from 'vitest'
import { createDashboardQueries } from '../../examples/collector/dashboardQueries.mjs'
import { splitValue } from '../../examples/collector/splitValue.mjs'
import { stitchCustomers } from '../../examples/collector/stitchCustomers.mjs'
import { attribute, replayJourney } from '../../src/index.js'
import { STORES, useCollector } from './helpers.js'

describe('stitchCustomers', () => {
  test('joins ids linked through a chain of keys, whatever the order the links come in', () => {
    const links = [
      { a: 'c', k: 'cookie:1' },
      { a: 'd', k: 'user:other' },
      { a: 'b', k: 'cookie:1' },
      { a: 'b', k: 'user:7' },
      { a: 'a', k: 'user:7' },
      { a: 'e', k: 'user:other' },
      { a: 'lonely', k: 'user:9' },
    ]
    for (const order of [links, [...links].reverse(), [links[4], links[0], links[3], links[1], links[6], links[2], links[5]]]) {
      expect(Object.fromEntries(stitchCustomers(order))).toEqual({ a: 'a', b: 'a', c: 'a', d: 'd', e: 'd' })
    }
  })

  test('stays linear on a key that thousands of ids share', () => {
    const links = Array.from({ length: 50000 }, (_, i) => ({ a: `v${String(i).padStart(5, '0')}`, k: 'user:guest' }))
    const started = performance.now()
    const customers = stitchCustomers(links)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(new Set(customers.values())).toEqual(new Set(['v00000']))
  })
})

describe('attribute, the exported credit the collector uses for a stitched path', () => {
  test('credits a path as the SDK credits the purchase it closes', () => {
    const day = 86400000
    const start = Date.parse('2026-03-01T10:00:00Z')
    // Four visits over twelve days, each opened by an arrival, then a purchase in the last one.
    const arrivals = [
      ['/?utm_source=newsletter&utm_medium=email', 0],
      ['/?gclid=abc', 2 * day],
      ['/', 5 * day],
      ['/?utm_source=facebook&utm_medium=social', 12 * day],
    ] as const
    const events = replayJourney([
      ...arrivals.map(([path, at]) => ({ url: 'https://shop.example' + path, time: new Date(start + at).toISOString() })),
      { url: 'https://shop.example/checkout', time: new Date(start + 12 * day + 60000).toISOString(), event: { type: 'purchase', props: { orderId: '1', value: 10 } } },
    ] as never)
    const purchase = events.at(-1)!
    const touches = events.slice(0, -1).map((e) => [e.channel!, Date.parse(e.time)] as [string, number])
    expect(touches.map(([c]) => c)).toEqual(['email', 'paid-search', 'direct', 'organic-social'])
    expect(attribute(touches, Date.parse(purchase.time), 7)).toEqual(purchase.path!.credit)
  })

  test('gives the last touch to direct only when nothing else led there', () => {
    expect(attribute([['email', 0], ['direct', 1]], 2, 7).lastTouch).toEqual({ email: 1 })
    expect(attribute([['direct', 0]], 2, 7).lastTouch).toEqual({ direct: 1 })
  })
})

type Over = Record<string, unknown>
let n = 0
const DAY = 86400000
const T0 = Date.parse('2026-04-01T09:00:00Z')
const at = (days: number, minutes = 0) => new Date(T0 + days * DAY + minutes * 60000).toISOString()
const ev = (anonymousId: string, time: string, over: Over = {}) => ({
  id: `st-${++n}`,
  time,
  kind: 'page',
  model: 'fivePhase',
  phase: 'awareness',
  anonymousId,
  sessionId: `${anonymousId}-s1`,
  url: 'https://shop.example/',
  channel: 'direct',
  ...over,
})
const credit = (channel: string) => Object.fromEntries(['firstTouch', 'lastTouch', 'linear', 'positionBased', 'timeDecay'].map((m) => [m, { [channel]: 1 }]))
/** A purchase as the browser that placed it reports it: its own path is its own visits alone. */
const purchase = (anonymousId: string, time: string, value: number, over: Over = {}) =>
  ev(anonymousId, time, { kind: 'purchase', phase: 'conversion', value, currency: 'EUR', orderId: `o-${n}`, path: { touchpoints: 2, days: 0, channels: ['direct'], credit: credit('direct') }, ...over })

// Anna: a phone from the newsletter (identified), a laptop from a search ad (identified, the same
// user id), then her laptop's storage wiped: a new anonymous id, direct, with the collector's
// cookie of the laptop, and a purchase. Bert: one browser, bought. Cleo: bought on her phone first,
// then on her laptop, both identified: the second order's path starts after the first.
const anna = [
  ev('anna-phone', at(0), { channel: 'email' }),
  ev('anna-phone', at(0, 1), { kind: 'identify', phase: null, userId: 'cust-anna', channel: 'email' }),
  ev('anna-laptop', at(3), { channel: 'paid-search', userId: 'cust-anna', sessionId: 'anna-laptop-s1' }),
  ev('anna-laptop', at(3, 2), { kind: 'custom', name: 'add_to_cart', phase: 'consideration', channel: 'paid-search', userId: 'cust-anna' }),
  ev('anna-wiped', at(10)),
  ev('anna-wiped', at(10, 1), { kind: 'checkout', phase: 'conversion' }),
  purchase('anna-wiped', at(10, 2), 120),
]
const bert = [ev('bert', at(1), { channel: 'organic-search' }), purchase('bert', at(1, 5), 50, { channel: 'organic-search', path: { touchpoints: 1, days: 0, channels: ['organic-search'], credit: credit('organic-search') } })]
const cleo = [
  ev('cleo-phone', at(2), { channel: 'paid-social', userId: 'cust-cleo' }),
  purchase('cleo-phone', at(2, 3), 30, { channel: 'paid-social', userId: 'cust-cleo', path: { touchpoints: 1, days: 0, channels: ['paid-social'], credit: credit('paid-social') } }),
  ev('cleo-laptop', at(4), { userId: 'cust-cleo' }),
  purchase('cleo-laptop', at(4, 1), 40, { userId: 'cust-cleo' }),
]

describe.each(STORES)('stitching on %s', (kind) => {
  const suite = useCollector(kind)
  let queries: ReturnType<typeof createDashboardQueries>
  let stored: unknown[]
  beforeAll(async () => {
    const { store } = suite.collector
    await store.insertBatch({ batch: anna.slice(0, 2) })
    // The laptop's first batch was given the collector's cookie; the wiped browser came back with it.
    await store.insertBatch({ batch: anna.slice(2, 4), cookieId: 'laptop-cookie' })
    await store.insertBatch({ batch: [...bert, ...cleo] })
    await store.insertBatch({ batch: anna.slice(4), cookieId: 'laptop-cookie' })
    queries = createDashboardQueries(store)
    stored = await store.events()
  })
  const all = { model: 'fivePhase' }

  test('counts the anonymous ids linked by a user id or by the cookie as one customer, also through a chain', async () => {
    expect(await queries.summary(all)).toEqual({ events: 13, visitors: 6, customers: 3, purchases: 4 })
    // Within a range, the customers of the events in it.
    expect(await queries.summary({ ...all, from: at(3), to: at(11) })).toMatchObject({ visitors: 3, customers: 2 })
  })

  test('lists each customer once, with their anonymous ids and user ids', async () => {
    const customers = await queries.customers(all, 10)
    expect(customers.map((c: any) => [c.customer, c.anonymousIds, c.userIds, c.events, c.purchases, c.channel])).toEqual([
      ['anna-laptop', ['anna-laptop', 'anna-phone', 'anna-wiped'], ['cust-anna'], 7, 1, 'email'],
      ['cleo-laptop', ['cleo-laptop', 'cleo-phone'], ['cust-cleo'], 4, 2, 'paid-social'],
      ['bert', ['bert'], [], 2, 1, 'organic-search'],
    ])
  })

  test("reads one customer's journey whole, from any of their anonymous ids, each event with its own", async () => {
    for (const from of ['anna-phone', 'anna-wiped']) {
      const timeline = await queries.timeline(from)
      expect(timeline).toMatchObject({ anonymousId: from, customer: 'anna-laptop', anonymousIds: ['anna-phone', 'anna-laptop', 'anna-wiped'] })
      expect(timeline.events.map((e: any) => [e.anonymousId, e.kind, e.channel])).toEqual(anna.map((e) => [e.anonymousId, e.kind, e.channel]))
    }
    expect((await queries.timeline('bert')).anonymousIds).toEqual(['bert'])
  })

  test("credits a purchase to the customer's whole path since their previous one, across their devices", async () => {
    const revenue = await queries.revenue(all)
    expect(revenue.stitched).toBe(1)
    const [eur] = revenue.currencies
    expect([eur.currency, eur.total]).toEqual(['EUR', 24000])
    // Anna's 120 euros over email, the search ad and direct; Bert's and Cleo's as their browsers saw them.
    expect(eur.byModel.firstTouch).toEqual({ email: 12000, 'organic-search': 5000, 'paid-social': 3000, direct: 4000 })
    expect(eur.byModel.lastTouch).toEqual({ 'paid-search': 12000, 'organic-search': 5000, 'paid-social': 3000, direct: 4000 })
    expect(eur.byModel.linear).toEqual({ email: 4000, 'paid-search': 4000, direct: 4000 + 4000, 'organic-search': 5000, 'paid-social': 3000 })
    const visits: [string, number][] = [['email', Date.parse(at(0))], ['paid-search', Date.parse(at(3))], ['direct', Date.parse(at(10))]]
    const shares = attribute(visits, Date.parse(at(10, 2)), 7)
    expect(eur.byModel.timeDecay.email).toBe(splitValue(12000, shares.timeDecay)!.email)
    for (const model of revenue.models) expect(Object.values(eur.byModel[model] as Record<string, number>).reduce((s, v) => s + v, 0), model).toBe(24000)
  })

  test("counts the touchpoints and days of the customer's whole path before a purchase", async () => {
    const paths = await queries.pathLengths(all)
    expect(paths.purchases).toBe(4)
    // Anna: the phone's page, the laptop's page and the wiped browser's page and checkout (the
    // identify and the custom event are no touchpoints), ten days. The others as their browsers said.
    const filled = (buckets: { label: string; purchases: number }[]) => buckets.filter((b) => b.purchases).map((b) => [b.label, b.purchases])
    expect(filled(paths.touchpoints.buckets)).toEqual([['0–1', 2], ['2', 1], ['4', 1]])
    expect(filled(paths.days.buckets)).toEqual([['0', 3], ['7–13', 1]])
  })

  test("learns the data-driven model from customers' journeys, each across their devices", async () => {
    const { dataDriven } = await queries.revenue(all)
    // Anna: email → search ad → direct, bought; Bert: organic search, bought; Cleo: paid social,
    // bought, then direct, bought.
    expect(dataDriven).toMatchObject({ journeys: 4, converting: 4 })
    expect(Object.keys(dataDriven.credit!).sort()).toEqual(['direct', 'email', 'organic-search', 'paid-search', 'paid-social'])
  })

  test("counts customers in the funnel and by channel, each once whichever device reached a phase", async () => {
    const funnel = await queries.funnel(all)
    expect(funnel.phases.map((p: any) => [p.phase, p.customers])).toEqual([
      ['awareness', 3],
      ['consideration', 1],
      ['conversion', 3],
      ['retention', 0],
      ['advocacy', 0],
    ])
    // Cleo bought on her phone and came back on her laptop: back after buying.
    expect(funnel).toMatchObject({ buyers: 3, back: 1 })
    const { channels } = await queries.channelsByPhase(all)
    expect(channels.find((c: any) => c.channel === 'direct')!.byPhase).toMatchObject({ awareness: 2, conversion: 2 })
  })

  test('rewrites no event: stitching is a view', async () => {
    expect(await suite.collector.store.events()).toEqual(stored)
    const [anna] = (await suite.collector.store.events({ anonymousId: 'anna-wiped' })).filter((e: any) => e.kind === 'purchase')
    expect(anna.path.credit.firstTouch).toEqual({ direct: 1 })
  })
})
