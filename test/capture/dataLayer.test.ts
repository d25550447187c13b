import { afterEach, describe, expect, test, vi } from 'vitest'
import { dataLayer } from '../../src/capture/dataLayer.js'
import { readEntry } from '../../src/capture/watchEcommerce.js'

const fake = () => ({ checkout: vi.fn(), purchase: vi.fn() })

describe('readEntry', () => {
  test('reads a GA4 purchase pushed as an object', () => {
    const t = fake()
    readEntry({ event: 'purchase', ecommerce: { transaction_id: 'T-1', value: 42.5, currency: 'EUR', items: [{ item_id: 'S1', item_name: 'Shoe', price: 42.5, quantity: 1 }] } }, t)
    expect(t.purchase).toHaveBeenCalledWith({ orderId: 'T-1', value: 42.5, currency: 'EUR', items: [{ id: 'S1', name: 'Shoe', price: 42.5, quantity: 1 }], via: 'dataLayer' })
  })

  test('reads a GA4 purchase sent through gtag()', () => {
    const t = fake()
    // gtag() pushes its `arguments` object.
    ;(function (..._: unknown[]) {
      readEntry(arguments, t)
    })('event', 'purchase', { transaction_id: 'T-2', value: 10, currency: 'USD' })
    expect(t.purchase.mock.calls[0][0]).toMatchObject({ orderId: 'T-2', value: 10, currency: 'USD' })
  })

  test.each([
    ['begin_checkout', 'begin'],
    ['add_shipping_info', 'shipping'],
    ['add_payment_info', 'payment'],
  ])('reads GA4 %s as checkout step %s', (event, step) => {
    const t = fake()
    readEntry({ event, ecommerce: { value: 5, currency: 'EUR' } }, t)
    expect(t.checkout.mock.calls[0][0]).toBe(step)
  })

  test('reads Universal Analytics enhanced e-commerce checkout and purchase actions', () => {
    const t = fake()
    readEntry({ event: 'checkout', ecommerce: { checkout: { actionField: { step: 2, option: 'Visa' }, products: [{ id: 'P1', name: 'Jacket', price: '189.00' }] } } }, t)
    readEntry({ ecommerce: { currencyCode: 'EUR', purchase: { actionField: { id: 'UA-77', revenue: '189.00' }, products: [] } } }, t)
    expect(t.checkout.mock.calls[0].slice(0, 1)).toEqual(['2'])
    expect(t.purchase.mock.calls[0][0]).toMatchObject({ orderId: 'UA-77', value: 189, currency: 'EUR' })
  })

  test.each([[null], [{ event: 'page_view' }], [{ ecommerce: null }], [{ event: 'view_item', ecommerce: { items: [] } }], ['gtm.js']])('ignores %j', (entry) => {
    const t = fake()
    readEntry(entry, t)
    expect(t.purchase).not.toHaveBeenCalled()
    expect(t.checkout).not.toHaveBeenCalled()
  })
})

describe('dataLayer', () => {
  afterEach(() => {
    delete (window as any).dataLayer
  })

  // The hook itself loads on its own: until it has, pushes only land in the array.
  const hooked = () => vi.waitFor(() => expect((window as any).dataLayer.push).not.toBe(Array.prototype.push))

  test('reads what was pushed before it started, what is pushed before its code arrived, and what is pushed after', async () => {
    const w = window as any
    w.dataLayer = [{ event: 'begin_checkout', ecommerce: {} }]
    const t = fake()
    dataLayer()(t as never)
    w.dataLayer.push({ event: 'add_payment_info', ecommerce: {} })
    await hooked()
    w.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'A' } })
    expect(t.checkout).toHaveBeenCalledTimes(2)
    expect(t.purchase).toHaveBeenCalledOnce()
    expect(w.dataLayer.length).toBe(3)
  })

  test('creates the dataLayer at once, as Tag Manager does', () => {
    dataLayer()(fake() as never)
    expect((window as any).dataLayer).toEqual([])
  })

  test('keeps working when Tag Manager installs its own push afterwards, without looping', async () => {
    const w = window as any
    w.dataLayer = []
    const t = fake()
    dataLayer()(t as never)
    await hooked()
    // What a tag manager does when it loads: take the current push, install one that calls it.
    const seen: unknown[] = []
    const previous = w.dataLayer.push
    w.dataLayer.push = function (...args: unknown[]) {
      const r = previous.apply(w.dataLayer, args)
      seen.push(...args)
      return r
    }
    w.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'B' } })
    expect(seen.length).toBe(1)
    expect(w.dataLayer.length).toBe(1)
    expect(t.purchase).toHaveBeenCalledOnce()
  })

  test('gives the array its push back when stopped', async () => {
    const w = window as any
    w.dataLayer = []
    const t = fake()
    const stop = dataLayer()(t as never)!
    await hooked()
    stop()
    w.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'C' } })
    expect(t.purchase).not.toHaveBeenCalled()
    expect(w.dataLayer.length).toBe(1)
  })
})
