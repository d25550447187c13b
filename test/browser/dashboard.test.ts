import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { fivePhase } from '../../src/index.js'
import { launchChromium, waitFor, type Engine, type Tab } from './driver.js'
import { startDemo } from './harness.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// The README's picture is refreshed with UPDATE_DOCS=1; otherwise the run leaves the repository alone.
const SCREENSHOT = process.env.UPDATE_DOCS ? path.join(root, 'docs', 'dashboard.png') : path.join(root, 'test-results', 'dashboard.png')

let demo: Awaited<ReturnType<typeof startDemo>>
let engine: Engine

beforeAll(async () => {
  demo = await startDemo()
  engine = await launchChromium()
})
afterAll(async () => {
  await engine?.close()
  await demo?.close()
})

/**
 * Flushes the shop page's tracker, then waits until the collector holds this shopper's `events`;
 * returns the shopper's anonymous id.
 */
async function delivered(tab: Tab, events: number) {
  await waitFor(() => tab.evaluate(() => !!(window as any).waymark.tracker), 'the script tag to take over the stub')
  expect((await tab.evaluate(() => (window as any).waymark('flush'))).ok).toBe(true)
  const { anonymousId } = await tab.evaluate(() => (window as any).waymark.tracker.journey())
  const stored = async () => (await demo.collector.store.query('select count(*)::int as n from events where anonymous_id = $1', [anonymousId]))[0].n
  await waitFor(async () => (await stored()) >= events, `${events} events of shopper ${anonymousId} at the collector`)
  return anonymousId as string
}

/** From a product page to the thank-you page. */
async function buy(tab: Tab) {
  await tab.click('[data-add-to-cart]')
  await tab.navigates(() => tab.click('nav a[href="/cart"]'))
  await tab.navigates(() => tab.click('a[href="/checkout"]'))
  await tab.navigates(() => tab.click('[data-checkout] button'))
}

/** Another shopper: a fresh browser profile, so another anonymous id. */
async function asAnotherShopper(walk: (tab: Tab) => Promise<string>) {
  const device = await launchChromium()
  try {
    return await walk(await device.newTab())
  } finally {
    await device.close()
  }
}

/** Everything the dashboard shows, read from the data- attributes it renders. */
const readDashboard = (tab: Tab) =>
  tab.evaluate(() => {
    const all = (selector: string) => [...document.querySelectorAll(selector)]
    const attr = (el: Element, name: string) => el.getAttribute(name)
    const histogram = (name: string) => {
      const box = document.querySelector(`[data-histogram="${name}"]`)!
      return {
        median: attr(box, 'data-median') ? Number(attr(box, 'data-median')) : null,
        buckets: [...box.querySelectorAll('[data-bucket]')].map((b) => ({ min: Number(attr(b, 'data-min')), purchases: Number(attr(b, 'data-purchases')) })),
      }
    }
    return {
      loads: Number(attr(document.querySelector('[data-dashboard]')!, 'data-loads') ?? 0),
      model: (document.querySelector('select[name="model"]') as HTMLSelectElement).value,
      totals: Object.fromEntries(all('[data-total]').map((el) => [attr(el, 'data-total'), Number(el.textContent!.replace(/,/g, ''))])),
      funnel: all('[data-funnel-phase]').map((el) => ({
        phase: attr(el, 'data-funnel-phase'),
        visitors: Number(attr(el, 'data-visitors')),
        dropOff: attr(el, 'data-drop-off') === null ? null : Number(attr(el, 'data-drop-off')),
      })),
      purchases: Number(attr(document.querySelector('[data-path-summary]')!, 'data-purchases')),
      histograms: { touchpoints: histogram('touchpoints'), days: histogram('days') },
      channels: all('td[data-channel]').map((td) => ({ channel: attr(td, 'data-channel'), phase: attr(td, 'data-phase'), visitors: Number(attr(td, 'data-visitors')) })),
      matrix: all('[data-matrix-cell]').map((g) => ({
        analog: attr(g, 'data-analog') === 'true',
        indirect: attr(g, 'data-indirect') === 'true',
        touchpoints: Number(attr(g, 'data-touchpoints')),
      })),
      visitors: all('[data-visitor-list] [data-visitor]').map((b) => attr(b, 'data-visitor')),
      timelineOf: attr(document.querySelector('[data-timeline]')!, 'data-anonymous-id'),
      timeline: all('[data-timeline] li[data-kind]').map((li) => ({
        kind: attr(li, 'data-kind'),
        name: attr(li, 'data-name'),
        path: attr(li, 'data-path'),
        phase: attr(li, 'data-phase'),
        channel: attr(li, 'data-channel'),
        rule: attr(li, 'data-rule'),
      })),
    }
  })

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.floor(sorted.length / 2)]) / 2
}

/** What the dashboard should show for the model, counted straight from the events table. */
async function expectedFigures(model: string) {
  const q = demo.collector.store.query
  const [totals] = await q(
    `select count(*)::int as events, count(distinct anonymous_id)::int as visitors, count(*) filter (where kind = 'purchase')::int as purchases
     from events where model = $1`,
    [model],
  )
  const reached = new Map<string, number>(
    (await q('select phase, count(distinct anonymous_id)::int as n from events where model = $1 group by phase', [model])).map((r: any) => [r.phase, r.n]),
  )
  const phases = fivePhase.phases.map((p) => p.id as string)
  const funnel = phases.map((phase, i) => {
    const here = reached.get(phase) ?? 0
    const next = phases[i + 1]
    return { phase, visitors: here, dropOff: next && here ? 1 - (reached.get(next) ?? 0) / here : null }
  })
  const paths = await q(
    `select (body->'path'->>'touchpoints')::int as touchpoints, (body->'path'->>'days')::int as days from events where model = $1 and kind = 'purchase'`,
    [model],
  )
  const channels = await q('select channel, phase, count(distinct anonymous_id)::int as visitors from events where model = $1 group by 1, 2', [model])
  const matrix = await q(
    `select (body->>'analog')::boolean as analog, (body->>'indirect')::boolean as indirect, count(*)::int as touchpoints
     from events where model = $1 and kind <> 'custom' group by 1, 2`,
    [model],
  )
  const visitors = (await q('select anonymous_id from events where model = $1 group by 1 order by max(time) desc', [model])).map((r: any) => r.anonymous_id)
  return { totals, funnel, paths, channels, matrix, visitors }
}

const timelineOf = async (anonymousId: string) =>
  (await demo.collector.store.query('select kind, name, url, phase, channel, rule from events where anonymous_id = $1 order by time, received_at, id', [anonymousId])).map(
    (e: any) => ({ kind: e.kind, name: e.name, path: new URL(e.url).pathname, phase: e.phase, channel: e.channel, rule: e.rule }),
  )

/** Bucket counts from raw values, by the buckets' lower bounds as the dashboard declares them. */
const bucketed = (values: number[], mins: number[]) =>
  mins.map((min, i) => values.filter((v) => v >= min && (i == mins.length - 1 || v < mins[i + 1])).length)

test('the dashboard follows shoppers through the demo shop live and shows what the collector stored', async () => {
  const shop = demo.shop.url

  // A first shopper comes straight to the shop and buys.
  const buyer = await engine.newTab()
  await buyer.goto(shop + '/')
  await buyer.navigates(() => buyer.click('a[href="/products/trail-shoe"]'))
  await buy(buyer)
  const first = await delivered(buyer, 6)
  await buyer.close()

  const dashboard = await engine.newTab()
  await dashboard.goto(demo.collector.url + '/')
  await waitFor(async () => (await readDashboard(dashboard)).totals.visitors == 1, 'the dashboard to show the first shopper')
  await dashboard.evaluate(() => void ((window as any).__notReloaded = true))

  // While it is open, a shopper from a search ad looks and leaves, and one from a price portal buys.
  const second = await asAnotherShopper(async (tab) => {
    await tab.goto(shop + '/?utm_source=google&utm_medium=cpc&utm_campaign=spring')
    await tab.navigates(() => tab.click('a[href="/products/trail-shoe"]'))
    await tab.click('[data-add-to-cart]')
    await tab.navigates(() => tab.click('nav a[href="/cart"]'))
    return delivered(tab, 4)
  })
  const third = await asAnotherShopper(async (tab) => {
    await tab.goto(shop + '/products/rain-jacket?utm_source=idealo&utm_medium=cpc')
    await buy(tab)
    return delivered(tab, 5)
  })

  const shown = await waitFor(async () => {
    const d = await readDashboard(dashboard)
    return d.totals.visitors == 3 && d.timeline.some((e) => e.kind == 'purchase') && d
  }, 'the dashboard to refresh by itself with all three shoppers')
  expect(await dashboard.evaluate(() => (window as any).__notReloaded)).toBe(true)
  expect(shown.loads).toBeGreaterThan(1)

  const [{ model: inUse }] = await demo.collector.store.query('select model from events order by time desc limit 1')
  expect(inUse).toBe('fivePhase')
  expect(shown.model).toBe(inUse)
  const expected = await expectedFigures(inUse)
  expect(expected.totals).toEqual({ events: expect.any(Number), visitors: 3, purchases: 2 })
  expect(shown.totals).toEqual(expected.totals)

  expect(shown.funnel.map(({ phase, visitors }) => ({ phase, visitors }))).toEqual(expected.funnel.map(({ phase, visitors }) => ({ phase, visitors })))
  shown.funnel.forEach((row, i) => {
    const want = expected.funnel[i].dropOff
    if (want === null) expect(row.dropOff).toBeNull()
    else expect(row.dropOff).toBeCloseTo(want, 6)
  })

  expect(shown.purchases).toBe(expected.paths.length)
  for (const dimension of ['touchpoints', 'days'] as const) {
    const values = expected.paths.map((p: any) => p[dimension] as number)
    const { median: shownMedian, buckets } = shown.histograms[dimension]
    expect(shownMedian).toBe(median(values))
    expect(buckets.map((b) => b.purchases)).toEqual(bucketed(values, buckets.map((b) => b.min)))
  }

  const visitorsIn = (channel: string, phase: string) => expected.channels.find((c: any) => c.channel == channel && c.phase == phase)?.visitors ?? 0
  expect(shown.channels.length).toBeGreaterThan(0)
  for (const cell of shown.channels) expect(cell.visitors, `${cell.channel} in ${cell.phase}`).toBe(visitorsIn(cell.channel!, cell.phase!))
  expect(new Set(shown.channels.filter((c) => c.visitors).map((c) => c.channel))).toEqual(new Set(expected.channels.map((c: any) => c.channel)))
  expect(new Set(expected.channels.map((c: any) => c.channel))).toEqual(new Set(['direct', 'paid-search', 'review-site']))

  for (const cell of shown.matrix) {
    const want = expected.matrix.find((m: any) => m.analog == cell.analog && m.indirect == cell.indirect)?.touchpoints ?? 0
    expect(cell.touchpoints, `analog ${cell.analog}, indirect ${cell.indirect}`).toBe(want)
  }
  expect(shown.matrix.reduce((n, c) => n + c.touchpoints, 0)).toBe(expected.matrix.reduce((n: number, m: any) => n + m.touchpoints, 0))

  // The list starts with the latest shopper, whose journey is shown until another is picked.
  expect(expected.visitors).toEqual([third, second, first])
  expect(shown.visitors).toEqual(expected.visitors)
  expect(shown.timelineOf).toBe(third)
  expect(shown.timeline).toEqual(await timelineOf(third))

  await dashboard.click(`[data-visitor="${first}"]`)
  const picked = await waitFor(async () => {
    const d = await readDashboard(dashboard)
    return d.timelineOf == first && d
  }, "the first shopper's journey")
  const journey = await timelineOf(first)
  expect(picked.timeline).toEqual(journey)
  expect(journey.map((e) => (e.kind == 'custom' ? e.name : e.path))).toEqual(['/', '/products/trail-shoe', 'add_to_cart', '/cart', '/checkout', '/checkout/thank-you'])

  mkdirSync(path.dirname(SCREENSHOT), { recursive: true })
  await dashboard.screenshot(SCREENSHOT)
  const png = readFileSync(SCREENSHOT)
  expect(png.length).toBeGreaterThan(0)
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  expect(png.readUInt32BE(16)).toBe(1280)
  // No failed request, no script error, no Content-Security-Policy violation.
  expect(await dashboard.logs()).toEqual([])
})
