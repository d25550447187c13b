import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startShop } from '../../examples/shop/server.mjs'
import { removalEffects } from '../../examples/collector/removalEffects.mjs'
import { fivePhase } from '../../src/index.js'
import { launchChromium, waitFor, type Engine, type Tab } from './driver.js'
import { startDemo } from './harness.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// The README's pictures are refreshed with UPDATE_DOCS=1; otherwise the run leaves the repository alone.
const PICTURES = process.env.UPDATE_DOCS ? path.join(root, 'docs') : path.join(root, 'test-results')
const DESKTOP = path.join(PICTURES, 'dashboard.png')
const PHONE = path.join(PICTURES, 'dashboard-phone.png')
/** A phone's viewport in CSS pixels (iPhone 12 to 15). */
const PHONE_WIDTH = 390
const PHONE_HEIGHT = 844

type Row = Record<string, any>

let demo: Awaited<ReturnType<typeof startDemo>>
// A second shop that sends to the same collector: another site, told apart by its host.
let otherShop: Awaited<ReturnType<typeof startShop>>
let engine: Engine

beforeAll(async () => {
  demo = await startDemo()
  otherShop = await startShop({ collectorUrl: demo.collector.url })
  engine = await launchChromium()
})
afterAll(async () => {
  await engine?.close()
  await otherShop?.close()
  await demo?.close()
})

/**
 * Flushes the shop page's tracker, then waits until the collector holds this shopper's `events`;
 * returns the shopper's anonymous id.
 */
async function delivered(tab: Tab, events: number) {
  await waitFor(() => tab.evaluate(() => !!(window as any).waymark.tracker), 'the script tag to take over the stub')
  // The journey first: it answers once every call is classified and queued, so the flush sends them all.
  const { anonymousId } = await tab.evaluate(() => (window as any).waymark.tracker.journey())
  expect((await tab.evaluate(() => (window as any).waymark('flush'))).ok).toBe(true)
  const stored = async () => (await demo.collector.store.query('select count(*)::int as n from events where anonymous_id = $1', [anonymousId]))[0].n
  await waitFor(async () => (await stored()) >= events, `${events} events of shopper ${anonymousId} at the collector`)
  return anonymousId as string
}

/** From a page with products in the cart to the thank-you page. */
async function checkOut(tab: Tab) {
  await tab.navigates(() => tab.click('nav a[href="/cart"]'))
  await tab.navigates(() => tab.click('a[href="/checkout"]'))
  await tab.navigates(() => tab.click('[data-checkout] button'))
}

/** From a product page to the thank-you page. */
async function buy(tab: Tab) {
  await tab.click('[data-add-to-cart]')
  await checkOut(tab)
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

/** Picks an option of one of the dashboard's selects, as a viewer does. */
const choose = (tab: Tab, name: string, value: string) =>
  tab.evaluate(
    ([name, value]) => {
      const select = document.querySelector(`select[name="${name}"]`) as HTMLSelectElement
      select.value = value
      select.dispatchEvent(new Event('change', { bubbles: true }))
    },
    [name, value],
  )

/** Everything the dashboard shows, read from the data- attributes it renders. */
const readDashboard = (tab: Tab) =>
  tab.evaluate(() => {
    const all = (selector: string) => [...document.querySelectorAll(selector)]
    const attr = (el: Element, name: string) => el.getAttribute(name)
    const num = (el: Element, name: string) => (attr(el, name) === null ? null : Number(attr(el, name)))
    const histogram = (name: string) => {
      const box = document.querySelector(`[data-histogram="${name}"]`)!
      return {
        median: attr(box, 'data-median') ? Number(attr(box, 'data-median')) : null,
        buckets: [...box.querySelectorAll('[data-bucket]')].map((b) => ({ min: Number(attr(b, 'data-min')), purchases: Number(attr(b, 'data-purchases')) })),
      }
    }
    const basis = document.querySelector('[data-driven-basis]')
    return {
      loads: Number(attr(document.querySelector('[data-dashboard]')!, 'data-loads') ?? 0),
      model: (document.querySelector('select[name="model"]') as HTMLSelectElement).value,
      site: (document.querySelector('select[name="site"]') as HTMLSelectElement).value,
      sites: all('select[name="site"] option').map((o) => (o as HTMLOptionElement).value).filter(Boolean),
      search: location.search,
      totals: Object.fromEntries(all('[data-total]:not([data-total="revenue"])').map((el) => [attr(el, 'data-total'), Number(el.textContent!.replace(/,/g, ''))])),
      revenueTotals: Object.fromEntries(all('[data-total="revenue"] [data-currency]').map((el) => [attr(el, 'data-currency'), Number(attr(el, 'data-value'))])),
      views: all('[data-revenue-views] [data-show]').map((b) => attr(b, 'data-show')),
      show: attr(document.querySelector('[data-revenue]')!, 'data-show'),
      revenue: all('[data-revenue] td[data-model]').map((td) => ({ channel: attr(td, 'data-channel'), model: attr(td, 'data-model'), value: num(td, 'data-value') })),
      revenueTotal: Object.fromEntries(all('[data-revenue] [data-total-of]').map((td) => [attr(td, 'data-total-of'), num(td, 'data-value')])),
      basis: basis && { journeys: num(basis, 'data-journeys'), converting: num(basis, 'data-converting'), enough: attr(basis, 'data-enough'), text: basis.textContent },
      withoutValue: num(document.querySelector('[data-without-value]') ?? document.body, 'data-without-value'),
      funnel: all('[data-funnel-phase]').map((el) => ({
        phase: attr(el, 'data-funnel-phase'),
        customers: num(el, 'data-customers'),
        wentOn: num(el, 'data-went-on'),
        skippedIn: num(el, 'data-skipped-in'),
        notYet: attr(el, 'data-not-yet') === 'true',
        text: el.textContent,
      })),
      purchases: Number(attr(document.querySelector('[data-path-summary]')!, 'data-purchases')),
      histograms: { touchpoints: histogram('touchpoints'), days: histogram('days') },
      channels: all('td[data-phase]').map((td) => ({ channel: attr(td, 'data-channel'), phase: attr(td, 'data-phase'), customers: Number(attr(td, 'data-customers')) })),
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
        orderId: attr(li, 'data-order-id'),
        value: num(li, 'data-value'),
        currency: attr(li, 'data-currency'),
        text: li.querySelector('.what')!.textContent,
      })),
    }
  })

type Shown = Awaited<ReturnType<typeof readDashboard>>

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.floor(sorted.length / 2)]) / 2
}

/** Bucket counts from raw values, by the buckets' lower bounds as the dashboard declares them. */
const bucketed = (values: number[], mins: number[]) =>
  mins.map((min, i) => values.filter((v) => v >= min && (i == mins.length - 1 || v < mins[i + 1])).length)

const RULE_MODELS = ['firstTouch', 'lastTouch', 'linear', 'positionBased', 'timeDecay'] as const
const hostOf = (e: Row) => new URL(e.url).host
const CENT = 100

/** Every stored event, in time order, as the page sent it (the body) with its host. */
const storedEvents = async (): Promise<Row[]> => (await demo.collector.store.events()).map((e: Row) => ({ ...e, host: hostOf(e) }))

/**
 * The figures the dashboard should show for a model (and a site), counted here in the test from the
 * stored events, the way the dashboard's words define them.
 */
function expectedFigures(all: Row[], model: string, site?: string) {
  const events = all.filter((e) => e.model == model && (!site || e.host == site))
  const phases = fivePhase.phases.map((p) => p.id as string)
  const purchases = events.filter((e) => e.kind == 'purchase')
  const visitors = [...new Set(events.map((e) => e.anonymousId))]

  // Per visitor and phase: the first and last time they had an event in it.
  const span = new Map<string, { first: number; last: number }>()
  for (const e of events) {
    const key = `${e.anonymousId} ${e.phase}`
    const t = Date.parse(e.time)
    const s = span.get(key) ?? { first: t, last: t }
    span.set(key, { first: Math.min(s.first, t), last: Math.max(s.last, t) })
  }
  const buyers = [...new Set(purchases.map((e) => e.anonymousId))]
  const back = buyers.filter((v) => {
    const bought = Math.min(...purchases.filter((p) => p.anonymousId == v).map((p) => Date.parse(p.time)))
    return events.some((e) => e.anonymousId == v && e.kind != 'custom' && Date.parse(e.time) > bought)
  }).length
  const funnel = phases.map((phase, i) => {
    const reached = visitors.filter((v) => span.has(`${v} ${phase}`))
    const wentOn = reached.filter((v) => phases.slice(i + 1).some((later) => (span.get(`${v} ${later}`)?.last ?? -Infinity) >= span.get(`${v} ${phase}`)!.first)).length
    const skippedIn = reached.filter((v) => !((span.get(`${v} ${phases[i - 1]}`)?.first ?? Infinity) <= span.get(`${v} ${phase}`)!.first)).length
    const afterPurchase = i > phases.indexOf('conversion')
    return {
      phase,
      customers: reached.length,
      wentOn: i == phases.length - 1 ? null : wentOn,
      skippedIn: i == 0 ? null : skippedIn,
      notYet: afterPurchase && reached.length == 0 && back == 0,
    }
  })

  // Revenue: each purchase's value times each channel's share of it, per currency and model.
  const revenue: Record<string, Record<string, Record<string, number>>> = {}
  for (const p of purchases) {
    if (typeof p.value != 'number' || !p.currency) continue
    revenue[p.currency] ??= {}
    for (const m of RULE_MODELS) {
      const shares = p.path.credit[m] as Record<string, number>
      const sum = Object.values(shares).reduce((n, s) => n + s, 0)
      revenue[p.currency][m] ??= {}
      for (const [channel, s] of Object.entries(shares)) revenue[p.currency][m][channel] = (revenue[p.currency][m][channel] ?? 0) + (p.value * s) / sum
    }
  }
  const totals = Object.fromEntries(Object.keys(revenue).map((c) => [c, purchases.filter((p) => p.currency == c).reduce((n, p) => n + p.value, 0)]))

  // Journeys for the data-driven model: every stored event of the site, whatever the model, split
  // into each visitor's sessions, a journey ending with each session that has a purchase.
  const journeys: { channels: string[]; converted: boolean }[] = []
  const ofSite = all.filter((e) => !site || e.host == site)
  for (const v of new Set(ofSite.map((e) => e.anonymousId))) {
    const sessions = new Map<string, Row[]>()
    for (const e of ofSite.filter((e) => e.anonymousId == v)) sessions.set(e.sessionId, [...(sessions.get(e.sessionId) ?? []), e])
    let channels: string[] = []
    for (const evs of sessions.values()) {
      channels.push(evs[0].channel)
      const bought = evs.filter((e) => e.kind == 'purchase').length
      if (bought) {
        journeys.push({ channels, converted: true })
        for (let k = 1; k < bought; k++) journeys.push({ channels: [evs[0].channel], converted: true })
        channels = []
      }
    }
    if (channels.length) journeys.push({ channels, converted: false })
  }
  const { credit } = removalEffects(journeys)
  const dataDriven: Record<string, Record<string, number>> = {}
  for (const p of purchases) {
    if (typeof p.value != 'number' || !p.currency) continue
    const path = [...new Set(p.path.channels as string[])]
    const sum = path.reduce((n, c) => n + credit![c], 0)
    dataDriven[p.currency] ??= {}
    for (const c of path) dataDriven[p.currency][c] = (dataDriven[p.currency][c] ?? 0) + (p.value * credit![c]) / sum
  }

  const channels = new Map<string, Set<string>>()
  for (const e of events) channels.set(`${e.channel} ${e.phase}`, (channels.get(`${e.channel} ${e.phase}`) ?? new Set()).add(e.anonymousId))
  const touchpoints = events.filter((e) => e.kind != 'custom')
  const matrix = (analog: boolean, indirect: boolean) => touchpoints.filter((e) => !!e.analog == analog && !!e.indirect == indirect).length
  const lastSeen = (v: string) => Math.max(...events.filter((e) => e.anonymousId == v).map((e) => Date.parse(e.time)))

  return {
    // No shopper here identifies or sends through the shop's own origin (where the collector's cookie
    // would link their browsers): each visitor is a customer of their own. Stitching has a test of its own.
    totals: { visitors: visitors.length, customers: visitors.length, events: events.length, purchases: purchases.length },
    funnel,
    revenue,
    totalsByCurrency: totals,
    journeys: { journeys: journeys.length, converting: journeys.filter((j) => j.converted).length },
    dataDriven,
    paths: purchases.map((p) => p.path),
    channels: (channel: string, phase: string) => channels.get(`${channel} ${phase}`)?.size ?? 0,
    channelIds: new Set(events.map((e) => e.channel)),
    matrix,
    visitors: [...visitors].sort((a, b) => lastSeen(b) - lastSeen(a)),
  }
}

type Expected = ReturnType<typeof expectedFigures>

/** Shows each revenue view (each currency, then orders) in turn, and checks every cell against the stored events. */
async function checkRevenue(tab: Tab, want: Expected, shownBefore: Shown) {
  const currencies = Object.keys(want.revenue)
  expect(new Set(shownBefore.views)).toEqual(new Set([...currencies, 'orders']))
  expect(shownBefore.revenueTotals).toEqual(Object.fromEntries(currencies.map((c) => [c, Math.round(want.totalsByCurrency[c] * CENT)])))
  const checked: string[] = []
  for (const currency of currencies) {
    await tab.click(`[data-show="${currency}"]`)
    const shown = await waitFor(async () => {
      const d = await readDashboard(tab)
      return d.show == currency && d
    }, `the revenue in ${currency}`)
    expect(shown.search).toContain(`show=${currency}`)
    const total = Math.round(want.totalsByCurrency[currency] * CENT)
    for (const model of [...RULE_MODELS, 'dataDriven']) {
      // Every model's column adds up to the orders' value, to the cent.
      expect(shown.revenueTotal[model], `${currency} ${model} total`).toBe(total)
      const expected = model == 'dataDriven' ? want.dataDriven[currency] : want.revenue[currency][model]
      const cells = shown.revenue.filter((c) => c.model == model && c.value)
      expect(new Set(cells.map((c) => c.channel)), `${currency} ${model} channels`).toEqual(new Set(Object.keys(expected).filter((c) => expected[c] > 0)))
      for (const cell of cells) {
        // A share times a value is split to the cent: each cell within a cent of the exact product.
        expect(Math.abs(cell.value! - expected[cell.channel!] * CENT), `${currency} ${model} ${cell.channel}`).toBeLessThanOrEqual(1)
        checked.push(`${currency} ${model} ${cell.channel} ${cell.value! / CENT}`)
      }
    }
  }
  return checked
}

/** Compares the funnel shown with the one counted from the events. */
function checkFunnel(shown: Shown, want: Expected) {
  expect(shown.funnel.map(({ text, ...figures }) => figures)).toEqual(want.funnel)
  // In words on the page too: a count of customers, or "not yet" for what needs a later visit.
  for (const row of shown.funnel) expect(row.text).toMatch(row.notYet ? /not yet/i : new RegExp(`${row.customers} customer`))
}

test('the dashboard follows shoppers through two shops live and shows what the collector stored', async () => {
  const shop = demo.shop.url

  // A first shopper comes straight to the shop and buys a trail shoe, in euros.
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

  // While it is open: a shopper from a search ad looks and leaves; one from a price portal buys a
  // rain jacket in pounds; a newsletter reader looks at the home page only; one who first came by a
  // search ad comes back from the newsletter and buys both in euros; and at the other shop, a
  // newsletter reader buys both in Swiss francs.
  const second = await asAnotherShopper(async (tab) => {
    await tab.goto(shop + '/?utm_source=google&utm_medium=cpc&utm_campaign=spring')
    await tab.navigates(() => tab.click('a[href="/products/trail-shoe"]'))
    await tab.click('[data-add-to-cart]')
    await tab.navigates(() => tab.click('nav a[href="/cart"]'))
    return delivered(tab, 4)
  })
  const third = await asAnotherShopper(async (tab) => {
    await tab.goto(shop + '/products/rain-jacket?utm_source=idealo&utm_medium=cpc')
    await tab.click('[data-currency="GBP"]')
    await buy(tab)
    return delivered(tab, 5)
  })
  const fourth = await asAnotherShopper(async (tab) => {
    await tab.goto(shop + '/?utm_source=newsletter&utm_medium=email&utm_campaign=spring')
    return delivered(tab, 1)
  })
  const both = async (tab: Tab) => {
    await tab.navigates(() => tab.click('a[href="/products/trail-shoe"]'))
    await tab.click('[data-add-to-cart]')
    await tab.navigates(() => tab.click('nav a[href="/"]'))
    await tab.navigates(() => tab.click('a[href="/products/rain-jacket"]'))
    await tab.click('[data-add-to-cart]')
    await checkOut(tab)
  }
  const fifth = await asAnotherShopper(async (tab) => {
    await tab.goto(shop + '/?utm_source=google&utm_medium=cpc&utm_campaign=spring')
    // A while on the page before leaving: its tracker has classified the visit.
    await waitFor(() => tab.evaluate(() => !!(window as any).waymark.tracker), 'the script tag to take over the stub')
    await tab.evaluate(() => (window as any).waymark.tracker.journey())
    await tab.goto(shop + '/?utm_source=newsletter&utm_medium=email&utm_campaign=summer')
    await both(tab)
    return delivered(tab, 10)
  })
  const sixth = await asAnotherShopper(async (tab) => {
    await tab.goto(otherShop.url + '/?utm_source=newsletter&utm_medium=email&utm_campaign=summer')
    await tab.click('[data-currency="CHF"]')
    await both(tab)
    return delivered(tab, 9)
  })
  const shoppers = [first, second, third, fourth, fifth, sixth]

  const shown = await waitFor(async () => {
    const d = await readDashboard(dashboard)
    return d.totals.visitors == 6 && d.sites.length == 2 && d.timelineOf == sixth && d.timeline.some((e) => e.kind == 'purchase') && d
  }, 'the dashboard to refresh by itself with every shopper')
  expect(await dashboard.evaluate(() => (window as any).__notReloaded)).toBe(true)
  expect(shown.loads).toBeGreaterThan(1)

  const all = await storedEvents()
  const inUse = all.at(-1)!.model
  expect(inUse).toBe('fivePhase')
  expect(shown.model).toBe(inUse)
  const shopHost = new URL(shop).host
  const otherHost = new URL(otherShop.url).host
  // All sites, until one is picked: the first shop has five shoppers, the other one.
  expect(shown.site).toBe('')
  expect(shown.sites).toEqual([shopHost, otherHost])
  const want = expectedFigures(all, inUse)
  expect(want.totals).toEqual({ events: all.length, visitors: 6, customers: 6, purchases: 4 })
  // The shops send to the collector's own origin, another site: the browsers carry no cookie there, so none is linked.
  expect(await demo.collector.store.links()).toEqual([])
  expect(shown.totals).toEqual(want.totals)

  // Every order carries the value and currency the shop charged.
  const orders = all.filter((e) => e.kind == 'purchase').map((e) => [e.anonymousId, e.value, e.currency])
  expect(orders).toEqual([
    [first, 129, 'EUR'],
    [third, 159, 'GBP'],
    [fifth, 318, 'EUR'],
    [sixth, 304, 'CHF'],
  ])

  // The funnel: the newsletter reader reached awareness and went no further; the portal's shopper
  // came in comparing, without awareness; nobody has been back after buying, so what follows a
  // purchase is not yet, rather than a loss.
  checkFunnel(shown, want)
  const [awareness, consideration] = shown.funnel
  expect(awareness.wentOn).toBeLessThan(awareness.customers!)
  expect(consideration.skippedIn).toBeGreaterThanOrEqual(1)
  expect(shown.funnel.filter((p) => p.notYet).map((p) => p.phase)).toEqual(['retention', 'advocacy'])

  // Revenue per channel under each model, each currency apart; the data-driven model's basis.
  expect(shown.basis).toMatchObject({ ...want.journeys, enough: 'false' })
  expect(shown.basis!.text).toMatch(/too few to trust/)
  expect(want.journeys).toEqual({ journeys: 6, converting: 4 })
  expect(shown.withoutValue).toBeNull()
  const revenueChecked = await checkRevenue(dashboard, want, shown)
  // The shopper who came by a search ad and bought from the newsletter splits the models: first
  // touch gives the search ad the whole 318 euros, last touch the newsletter.
  const eur = want.revenue.EUR
  expect(eur.firstTouch['paid-search']).toBe(318)
  expect(eur.lastTouch.email).toBe(318)

  // The rest of the page, against the stored events as before.
  expect(shown.purchases).toBe(want.paths.length)
  for (const dimension of ['touchpoints', 'days'] as const) {
    const values = want.paths.map((p: any) => p[dimension] as number)
    const { median: shownMedian, buckets } = shown.histograms[dimension]
    expect(shownMedian).toBe(median(values))
    expect(buckets.map((b) => b.purchases)).toEqual(bucketed(values, buckets.map((b) => b.min)))
  }
  expect(shown.channels.length).toBeGreaterThan(0)
  for (const cell of shown.channels) expect(cell.customers, `${cell.channel} in ${cell.phase}`).toBe(want.channels(cell.channel!, cell.phase!))
  expect(new Set(shown.channels.filter((c) => c.customers).map((c) => c.channel))).toEqual(want.channelIds)
  for (const cell of shown.matrix) expect(cell.touchpoints, `analog ${cell.analog}, indirect ${cell.indirect}`).toBe(want.matrix(cell.analog, cell.indirect))
  expect(shown.visitors).toEqual(want.visitors)
  expect(want.visitors[0]).toBe(sixth)

  // A buyer's journey shows the order: its id, value and currency.
  await dashboard.click(`[data-visitor="${fifth}"]`)
  const picked = await waitFor(async () => {
    const d = await readDashboard(dashboard)
    return d.timelineOf == fifth && d.search.includes(`visitor=${fifth}`) && d
  }, "the fifth shopper's journey")
  const journey = all.filter((e) => e.anonymousId == fifth)
  expect(picked.timeline.map((e) => e.kind)).toEqual(journey.map((e) => e.kind))
  const order = journey.find((e) => e.kind == 'purchase')!
  const shownOrder = picked.timeline.find((e) => e.kind == 'purchase')!
  expect(shownOrder).toMatchObject({ orderId: order.orderId, value: 318, currency: 'EUR' })
  expect(shownOrder.text).toBe(`Order ${order.orderId} · €318.00`)

  // The picture for the README: the euro view, the multi-touch buyer's journey.
  await dashboard.click('[data-show="EUR"]')
  await waitFor(async () => (await readDashboard(dashboard)).show == 'EUR', 'the euro view')
  mkdirSync(PICTURES, { recursive: true })
  await dashboard.screenshot(DESKTOP)
  const desktop = readFileSync(DESKTOP)
  expect(desktop.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  expect(desktop.readUInt32BE(16)).toBe(1280)

  // At a phone's width: nothing wider than the screen, and every chart's text at a readable size.
  await dashboard.setViewport!(PHONE_WIDTH, PHONE_HEIGHT)
  const phone = await waitFor(
    () =>
      dashboard.evaluate(() => {
        // Font sizes as they reach the screen: an SVG's text scaled by its drawn width over its own.
        const size = (el: Element) => {
          const svg = el.closest('svg')
          const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1
          return parseFloat(getComputedStyle(el).fontSize) * scale
        }
        const text = [...document.querySelectorAll('svg text, .funnel strong, .funnel .count, .funnel .flow, .matrix strong, table.compare td')]
        const smallest = Math.min(...text.filter((el) => el.textContent).map(size))
        const chart = document.querySelector('[data-histogram] svg')!
        const redrawn = chart.getBoundingClientRect().width < 400 && Math.abs(chart.getBoundingClientRect().width - (chart as SVGSVGElement).viewBox.baseVal.width) < 2
        return redrawn && { width: document.documentElement.scrollWidth, smallest }
      }),
    'the charts to be drawn again at a phone width',
  )
  expect(phone.width).toBeLessThanOrEqual(PHONE_WIDTH)
  expect(phone.smallest).toBeGreaterThanOrEqual(11)
  await dashboard.screenshot(PHONE)
  expect(readFileSync(PHONE).readUInt32BE(16)).toBe(PHONE_WIDTH)
  await dashboard.setViewport!(1280, 720)

  // The site filter: the other shop alone, kept in the address; its one shopper, its francs.
  await choose(dashboard, 'site', otherHost)
  const other = await waitFor(async () => {
    const d = await readDashboard(dashboard)
    return d.site == otherHost && d.totals.visitors == 1 && d.search.includes(`site=${encodeURIComponent(otherHost)}`) && d
  }, 'the dashboard filtered to the other shop')
  const wantOther = expectedFigures(all, inUse, otherHost)
  expect(other.totals).toEqual(wantOther.totals)
  expect(other.visitors).toEqual([sixth])
  checkFunnel(other, wantOther)
  expect(other.basis).toMatchObject(wantOther.journeys)
  expect(wantOther.journeys).toEqual({ journeys: 1, converting: 1 })
  const otherChecked = await checkRevenue(dashboard, wantOther, other)
  expect(Object.keys(wantOther.revenue)).toEqual(['CHF'])
  await dashboard.reload()
  const reloaded = await waitFor(async () => {
    const d = await readDashboard(dashboard)
    return d.loads > 0 && d
  }, 'the dashboard after a reload')
  expect([reloaded.site, reloaded.totals.visitors, reloaded.show]).toEqual([otherHost, 1, 'CHF'])

  console.log(
    [
      `dashboard: ${shoppers.length} shoppers, ${all.length} events, orders ${orders.map((o) => `${o[1]} ${o[2]}`).join(', ')}`,
      `funnel (all sites): ${shown.funnel.map((p) => `${p.phase} ${p.notYet ? 'not yet' : `${p.customers} reached, ${p.wentOn ?? '–'} went on, ${p.skippedIn ?? '–'} came in without the one before`}`).join('; ')}`,
      `data-driven rests on ${shown.basis!.journeys} journeys, ${shown.basis!.converting} converting`,
      `revenue checked (all sites): ${revenueChecked.join('; ')}`,
      `site ${otherHost}: ${other.totals.visitors} visitor, ${other.totals.events} events; revenue checked: ${otherChecked.join('; ')}`,
      `pictures: ${path.relative(root, DESKTOP)}, ${path.relative(root, PHONE)} (page ${phone.width} px wide at ${PHONE_WIDTH}, smallest chart text ${phone.smallest.toFixed(1)} px)`,
    ].join('\n'),
  )
  // No failed request, no script error, no Content-Security-Policy violation.
  expect(await dashboard.logs()).toEqual([])
})
