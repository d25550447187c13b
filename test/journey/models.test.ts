import { describe, expect, test } from 'vitest'
import { fivePhase, replayJourney, sixStage, threeStage, type ReplayInput } from '../../src/index.js'

const T0 = Date.parse('2026-03-02T10:00:00Z')
const MIN = 60000
const DAY = 86400000
const SHOP = 'https://shop.example'

/** [phase, rule] of each input's event. */
const phases = (inputs: ReplayInput[], options = {}) => replayJourney(inputs, options).map((e) => [e.phase, e.rule])
const last = (inputs: ReplayInput[], options = {}) => phases(inputs, options).at(-1)

const page = (path: string, time: number, referrer = '', title?: string): ReplayInput => ({ url: SHOP + path, referrer, time, title })
const bought = (time: number): ReplayInput[] => [page('/checkout', time, SHOP + '/cart'), page('/checkout/order-received/1001/?key=wc_order_abc123', time + MIN, SHOP + '/checkout')]

describe('fivePhase, rule by rule', () => {
  test.each<[string, ReplayInput[], string, string]>([
    ['a first arrival from a search engine', [page('/', T0, 'https://www.google.de/')], 'awareness', 'awareness'],
    ['a first arrival by an ad click', [page('/?gclid=abc', T0)], 'awareness', 'awareness'],
    ['a first direct arrival', [page('/', T0)], 'awareness', 'awareness'],
    ['an arrival from a review portal', [page('/', T0, 'https://de.trustpilot.com/review/shop.example')], 'consideration', 'consideration.review-site'],
    ['a portal-tagged arrival without referrer', [page('/?utm_source=idealo&utm_medium=cpc', T0)], 'consideration', 'consideration.review-site'],
    ['an evaluation event in the first session', [page('/p/1', T0), { url: SHOP + '/p/1', time: T0 + MIN, event: { type: 'track', name: 'add_to_cart' } }], 'consideration', 'consideration.evaluation'],
    ['a return visit of a known visitor', [page('/', T0), page('/', T0 + 2 * DAY)], 'consideration', 'consideration.return-visit'],
    ['a retargeting ad click in a return session', [page('/', T0), page('/?gclid=re', T0 + 2 * DAY)], 'consideration', 'consideration.return-visit'],
    ['a page view after the visitor started considering', [page('/p/1', T0), { url: SHOP + '/p/1', time: T0 + MIN, event: { type: 'track', name: 'add_to_cart' } }, page('/cart', T0 + 2 * MIN, SHOP + '/p/1')], 'consideration', 'consideration.continued'],
    ['an arrival from a marketplace', [page('/p/1', T0, 'https://www.amazon.de/')], 'consideration', 'consideration.shopping'],
    ['a shopping ad click', [page('/p/1?utm_source=google&utm_medium=cpc&utm_campaign=shopping-brand', T0)], 'consideration', 'consideration.shopping'],
    ['a first arrival by a video ad', [page('/?utm_source=youtube&utm_medium=cpv', T0)], 'awareness', 'awareness'],
    ['a first arrival by an SMS or push campaign', [page('/?utm_source=sms&utm_medium=sms', T0)], 'awareness', 'awareness'],
    ['a first arrival from an audio service', [page('/', T0, 'https://open.spotify.com/')], 'awareness', 'awareness'],
    ['a first arrival by an offline or unassigned campaign', [page('/?utm_source=acme&utm_medium=print', T0)], 'awareness', 'awareness'],
    ['every page of a visit that came from a review portal', [page('/', T0, 'https://www.idealo.de/'), page('/p/1', T0 + MIN, SHOP + '/')], 'consideration', 'consideration.review-site'],
    ['a checkout step', [page('/', T0), page('/checkout', T0 + MIN, SHOP + '/cart')], 'conversion', 'conversion'],
    ['a purchase', [page('/', T0), ...bought(T0 + MIN)], 'conversion', 'conversion'],
    ['a page view after a purchase', [...bought(T0), page('/', T0 + 3 * DAY)], 'retention', 'retention'],
    ['a share after a purchase', [...bought(T0), { url: SHOP + '/p/1', time: T0 + 3 * DAY, event: { type: 'share', method: 'whatsapp' } }], 'advocacy', 'advocacy'],
    ['a copied referral code after a purchase', [...bought(T0), { url: SHOP + '/account', time: T0 + DAY, event: { type: 'track', name: 'referral_code_copied' } }], 'advocacy', 'advocacy'],
    ['a visit to the write-a-review page after a purchase', [...bought(T0), page('/products/trail-shoe/write-a-review', T0 + 9 * DAY, 'https://mail.google.com/')], 'advocacy', 'advocacy'],
    ['a repeat purchase', [...bought(T0), page('/', T0 + 20 * DAY), page('/checkout', T0 + 20 * DAY + MIN, SHOP + '/'), page('/checkout/order-received/1002/?key=wc_order_def456', T0 + 20 * DAY + 2 * MIN, SHOP + '/checkout')], 'conversion', 'conversion'],
  ])('%s', (_, inputs, phase, rule) => {
    expect(last(inputs)).toEqual([phase, rule])
  })

  test('a share before any purchase is no advocacy', () => {
    expect(last([page('/', T0), { url: SHOP + '/', time: T0 + MIN, event: { type: 'share', method: 'facebook' } }])).toEqual(['awareness', 'awareness'])
  })

  test('a custom event no rule names keeps the current phase', () => {
    expect(last([page('/', T0, 'https://www.idealo.de/'), { url: SHOP + '/', time: T0 + MIN, event: { type: 'track', name: 'newsletter_signup' } }])).toEqual([
      'consideration',
      'current-phase',
    ])
  })
})

describe('fivePhase over a journey of weeks', () => {
  const journey: ReplayInput[] = [
    page('/?gclid=Cj0KCQ&utm_source=google&utm_medium=cpc&utm_campaign=trail-spring', T0, 'https://www.google.com/'),
    page('/products/trail-shoe', T0 + 4 * MIN, SHOP + '/'),
    page('/products/trail-shoe', T0 + 3 * DAY, 'https://www.idealo.de/preisvergleich/OffersOfProduct/123.html'),
    { url: SHOP + '/products/trail-shoe', time: T0 + 3 * DAY + MIN, event: { type: 'track', name: 'add_to_cart', props: { sku: 'SHOE-1' } } },
    page('/', T0 + 5 * DAY),
    page('/checkout', T0 + 5 * DAY + 2 * MIN, SHOP + '/cart'),
    page('/checkout/order-received/5001/?key=wc_order_x1y2z3', T0 + 5 * DAY + 6 * MIN, 'https://www.paypal.com/checkoutnow?token=EC-1'),
    page('/checkout/order-received/5001/?key=wc_order_x1y2z3', T0 + 5 * DAY + 7 * MIN, SHOP + '/checkout/order-received/5001/?key=wc_order_x1y2z3'),
    page('/?utm_source=newsletter&utm_medium=email&utm_campaign=care-tips', T0 + 12 * DAY),
    { url: SHOP + '/products/trail-shoe', time: T0 + 12 * DAY + MIN, event: { type: 'share', method: 'whatsapp' } },
    page('/', T0 + 30 * DAY, 'https://www.bing.com/'),
    { url: SHOP + '/checkout', time: T0 + 30 * DAY + MIN, event: { type: 'checkout', step: 'payment' } },
    { url: SHOP + '/checkout', time: T0 + 30 * DAY + 2 * MIN, event: { type: 'purchase', props: { orderId: 'A-77', value: 59.9, currency: 'EUR' } } },
  ]
  const events = replayJourney(journey)

  test('gives each touchpoint its phase', () => {
    expect(events.map((e) => e.phase)).toEqual([
      'awareness',
      'awareness',
      'consideration',
      'consideration',
      'consideration',
      'conversion',
      'conversion',
      'retention',
      'retention',
      'advocacy',
      'retention',
      'conversion',
      'conversion',
    ])
  })

  test('counts sessions: new after 30 minutes, or with a new campaign; a payment return continues one', () => {
    expect(events.map((e) => e.journey.session)).toEqual([1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 5])
    expect(events[6].channel).toBe('direct')
    expect(events[6].sessionId).toBe(events[5].sessionId)
  })

  test('records the purchase once, though the confirmation page was reloaded', () => {
    expect(events.map((e) => e.kind).filter((k) => k == 'purchase').length).toBe(2)
    expect(events[7].kind).toBe('page')
    expect(events[6]).toMatchObject({ kind: 'purchase', orderId: '5001', platform: 'woocommerce' })
  })

  test('carries the path to each purchase, with the credit of every attribution model', () => {
    const path = events[6].path!
    expect(path.channels).toEqual(['paid-search', 'review-site', 'direct'])
    expect(path.days).toBe(5)
    expect(path.touchpoints).toBe(5)
    expect(path.firstTouch.channel).toBe('paid-search')
    expect(path.lastTouch.channel).toBe('review-site')
    expect(path.credit.firstTouch).toEqual({ 'paid-search': 1 })
    expect(path.credit.lastTouch).toEqual({ 'review-site': 1 })
    expect(path.credit.linear).toEqual({ 'paid-search': 0.3333, 'review-site': 0.3333, direct: 0.3333 })
    expect(path.credit.positionBased).toEqual({ 'paid-search': 0.4, 'review-site': 0.2, direct: 0.4 })
    const decay = path.credit.timeDecay
    expect(decay.direct).toBeGreaterThan(decay['review-site'])
    expect(decay['review-site']).toBeGreaterThan(decay['paid-search'])
    // The repeat purchase's path starts after the first purchase.
    expect(events[12].path!.channels).toEqual(['email', 'organic-search'])
    expect(events[12]).toMatchObject({ orderId: 'A-77', value: 59.9, currency: 'EUR' })
  })

  test('keeps the campaign of the session on every event of it', () => {
    expect(events[1]).toMatchObject({ channel: 'paid-search', source: 'google', medium: 'cpc', campaign: 'trail-spring' })
    expect(events[0].clickIds).toEqual({ gclid: 'Cj0KCQ' })
    expect(events[1].clickIds).toBeUndefined()
    expect(events[3]).toMatchObject({ channel: 'review-site', kind: 'custom', indirect: true })
  })

  test('counts touchpoints and days', () => {
    expect(events.map((e) => e.journey.touchpoint)).toEqual([1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(events.map((e) => e.journey.days)).toEqual([0, 0, 3, 3, 5, 5, 5, 5, 12, 12, 30, 30, 30])
  })
})

describe('purchases are counted once', () => {
  test('a single-page app’s purchase() followed by its thank-you route is one purchase', () => {
    const events = replayJourney([
      page('/checkout', T0),
      { url: SHOP + '/checkout', time: T0 + MIN, event: { type: 'purchase', props: { orderId: 'SPA-1', value: 10 } } },
      page('/checkout/thank-you', T0 + MIN + 500, SHOP + '/checkout'),
    ])
    expect(events.map((e) => e.kind)).toEqual(['checkout', 'purchase', 'page'])
  })

  test('an id-less confirmation URL counts again for a later order', () => {
    const events = replayJourney([
      page('/checkout/onepage/success/', T0, SHOP + '/checkout/'),
      page('/checkout/onepage/success/', T0 + 2 * MIN, SHOP + '/checkout/onepage/success/'),
      page('/checkout/onepage/success/', T0 + 3 * DAY, SHOP + '/checkout/'),
    ])
    expect(events.map((e) => e.kind)).toEqual(['purchase', 'page', 'purchase'])
    expect(events[0].platform).toBe('magento')
  })
})

describe('sixStage', () => {
  const o = { model: sixStage }
  test.each<[string, ReplayInput[], string, string]>([
    ['a first visit to a blog post', [page('/blog/why-crm', T0, 'https://www.google.com/')], 'inform', 'inform'],
    ['a guide download page', [page('/resources/guide', T0, 'https://www.linkedin.com/')], 'enable', 'enable'],
    ['a newsletter signup', [page('/', T0), { url: SHOP + '/', time: T0 + MIN, event: { type: 'track', name: 'newsletter_signup' } }], 'enable', 'enable'],
    ['a second session', [page('/', T0), page('/', T0 + DAY)], 'enable', 'enable'],
    ['the pricing page', [page('/', T0), page('/pricing', T0 + MIN, SHOP + '/')], 'evaluate', 'evaluate'],
    ['an arrival from a software review portal', [page('/', T0, 'https://www.g2.com/products/x/reviews')], 'evaluate', 'evaluate'],
    ['an arrival from a marketplace or a shopping ad', [page('/', T0, 'https://www.amazon.com/')], 'evaluate', 'evaluate'],
    ['a first arrival by a cross-network campaign', [page('/?utm_source=google&utm_medium=cpc&utm_campaign=pmax-cross-network', T0)], 'inform', 'inform'],
    ['a demo request', [page('/', T0), { url: SHOP + '/demo', time: T0 + MIN, event: { type: 'track', name: 'request_demo' } }], 'assess', 'assess'],
    ['the trial page', [page('/', T0), page('/free-trial', T0 + MIN, SHOP + '/')], 'assess', 'assess'],
    ['a page after assessing', [page('/trial', T0), page('/blog/x', T0 + MIN, SHOP + '/trial')], 'assess', 'assess'],
    ['the checkout', [page('/', T0), page('/checkout', T0 + MIN, SHOP + '/')], 'buy', 'buy'],
    ['a visit after buying', [...bought(T0), page('/docs/setup', T0 + 2 * DAY)], 'use', 'use'],
  ])('%s', (_, inputs, phase, rule) => {
    expect(last(inputs, o)).toEqual([phase, rule])
  })
})

describe('threeStage', () => {
  const o = { model: threeStage }
  test.each<[string, ReplayInput[], string]>([
    ['any visit before buying', [page('/', T0, 'https://www.google.com/'), page('/', T0 + 3 * DAY)], 'pre-purchase'],
    ['the checkout', [page('/', T0), page('/checkout', T0 + MIN, SHOP + '/')], 'purchase'],
    ['the confirmation', [page('/', T0), ...bought(T0 + MIN)], 'purchase'],
    ['a visit after buying', [...bought(T0), page('/', T0 + DAY)], 'post-purchase'],
  ])('%s', (_, inputs, phase) => {
    expect(last(inputs, o)![0]).toBe(phase)
  })

  test('ships every model with its rules as data', () => {
    for (const m of [fivePhase, sixStage, threeStage]) {
      expect(JSON.parse(JSON.stringify(m))).toEqual(m)
      for (const r of m.rules) expect(m.phases.map((p) => p.id)).toContain(r.phase)
    }
  })
})
