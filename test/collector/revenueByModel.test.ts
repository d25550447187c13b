// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { ATTRIBUTION_MODELS, NO_PATH, revenueByModel } from '../../examples/collector/revenueByModel.mjs'

const credit = (shares: Record<string, number>, lastTouch = shares) => ({
  firstTouch: shares,
  lastTouch,
  linear: shares,
  positionBased: shares,
  timeDecay: shares,
})

describe('revenueByModel', () => {
  const purchases = [
    // Three channels, linear shares rounded as events carry them.
    { value: 189, currency: 'EUR', channels: ['paid-search', 'email', 'direct'], channel: 'direct',
      credit: { ...credit({ 'paid-search': 0.3333, email: 0.3333, direct: 0.3333 }), firstTouch: { 'paid-search': 1 }, lastTouch: { email: 1 } } },
    { value: 129, currency: 'eur', channels: ['direct'], channel: 'direct', credit: credit({ direct: 1 }) },
    { value: 109.5, currency: 'GBP', channels: ['review-site'], channel: 'review-site', credit: credit({ 'review-site': 1 }) },
    { value: 5000, currency: 'JPY', channels: ['email'], channel: 'email', credit: credit({ email: 1 }) },
    // No value: an order of unknown value. No credit: the collector does not validate `path`.
    { channels: ['email'], channel: 'email', credit: credit({ email: 1 }) },
    { value: 10, currency: 'EUR', channel: 'direct' },
  ]
  const dataDriven = { 'paid-search': 0.5, email: 0.25, direct: 0.25, 'review-site': 0 }
  const result = revenueByModel(purchases, dataDriven)

  test('keeps currencies apart, in whole minor units, and each model adds up to the values', () => {
    expect(result.currencies.map((c) => [c.currency, c.digits, c.orders, c.total])).toEqual([
      ['EUR', 2, 3, 32800],
      ['GBP', 2, 1, 10950],
      ['JPY', 0, 1, 5000],
    ])
    for (const c of result.currencies) {
      for (const model of ATTRIBUTION_MODELS) {
        const sum = Object.values(c.byModel[model] as Record<string, number>).reduce((n, v) => n + v, 0)
        expect(sum, `${c.currency} ${model}`).toBe(c.total)
      }
    }
  })

  test('splits each value by the shares of each model', () => {
    const eur = result.currencies[0].byModel
    expect(eur.firstTouch).toEqual({ 'paid-search': 18900, direct: 12900, [NO_PATH]: 1000 })
    expect(eur.lastTouch).toEqual({ email: 18900, direct: 12900, [NO_PATH]: 1000 })
    expect(eur.linear).toEqual({ 'paid-search': 6300, email: 6300, direct: 6300 + 12900, [NO_PATH]: 1000 })
    // Data-driven: the path's channels by their credit in the chain, 2 : 1 : 1 here; a purchase
    // without credit still has a channel to go by.
    expect(eur.dataDriven).toEqual({ 'paid-search': 9450, email: 4725, direct: 4725 + 12900 + 1000 })
  })

  test('counts orders per channel as shares of a purchase, those without a value too', () => {
    expect(result.orders).toBe(6)
    expect(result.withoutValue).toBe(1)
    expect(result.ordersByModel.linear).toEqual({ 'paid-search': 0.3333, email: 2.3333, direct: 1.3333, 'review-site': 1, [NO_PATH]: 1 })
    for (const model of ATTRIBUTION_MODELS) {
      const sum = Object.values(result.ordersByModel[model] as Record<string, number>).reduce((n, v) => n + v, 0)
      expect(sum).toBeCloseTo(6, 3)
    }
  })

  test('splits a path evenly under the data-driven model where none of its channels has credit', () => {
    const gbp = result.currencies[1].byModel
    expect(gbp.dataDriven).toEqual({ 'review-site': 10950 })
    const even = revenueByModel([{ value: 1, currency: 'EUR', channels: ['a', 'b'], credit: credit({ a: 1 }) }], { c: 1 })
    expect(even.currencies[0].byModel.dataDriven).toEqual({ a: 50, b: 50 })
  })

  test('leaves the data-driven model out when the chain gave no credit', () => {
    const none = revenueByModel(purchases, null)
    expect(none.models).toEqual(ATTRIBUTION_MODELS.filter((m) => m !== 'dataDriven'))
    expect(none.currencies[0].byModel).not.toHaveProperty('dataDriven')
  })
})
