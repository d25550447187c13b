import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { detectArrival } from '../../src/detect/detectArrival.js'
import { detectShop } from '../../src/detect/detectShop.js'
import { detectTouchpoint, type Arrival, type DetectOptions } from '../../src/detect/detectTouchpoint.js'
import { IDS } from '../../src/detect/readClickIds.js'
import { REFERRAL_PARAMS, mayBeCheckout, needsArrival, readArrival } from '../../src/detect/readArrival.js'
import { knowledgeFor, touchpoint } from '../../src/detect/touchpoint.js'

const rows = (name: string) =>
  readFileSync('test/detect/corpus/' + name, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'))

// Every arrival of both corpora, and each of their URLs reached from a few kinds of referrer.
const urls = [...rows('shops.tsv').map(([url]) => url), ...rows('channels.tsv').map(([url]) => url)]
const referrers = ['', 'https://shop.example/cart', 'https://www.google.com/', 'https://www.idealo.de/', 'https://unknown.example/', 'android-app://com.google.android.gm/']
const arrivals: Arrival[] = [
  ...rows('channels.tsv').map(([url, referrer]) => ({ url, referrer })),
  ...urls.flatMap((url) => referrers.map((referrer) => ({ url, referrer, title: 'Thank you for your order' }))),
]
const options: DetectOptions[] = [{}, { internalHosts: ['unknown.example'], referralParams: ['friend'] }, { hosts: { 'review-site': ['unknown.example'] } }]

test('the cheap checks never miss an arrival that the knowledge would change', () => {
  let checked = 0
  for (const o of options)
    for (const arrival of arrivals) {
      const a = readArrival(arrival.url, arrival.referrer, o)
      if (!a) continue
      checked++
      const shop = detectShop(a.page, arrival.title, o.checkout, o.purchase)
      if (!mayBeCheckout(a, o)) expect(shop, arrival.url).toBeUndefined()
      if (!needsArrival(a, o)) {
        const full = detectArrival(a, o, !!shop)
        for (const k in full) if (full[k as keyof typeof full] === undefined) delete full[k as keyof typeof full]
        expect(full, `${arrival.url} ← ${arrival.referrer}`).toEqual({ kind: 'page', channel: a.rh ? 'internal' : 'direct', analog: false, indirect: false })
      }
    }
  expect(checked).toBeGreaterThan(3000)
})

test('detection with only the knowledge an arrival needs gives what full detection gives', () => {
  for (const o of options)
    for (const arrival of arrivals) {
      const need = knowledgeFor(arrival, o)
      const partial = touchpoint(arrival, o, { arrival: need.includes('arrival') ? detectArrival : undefined, shop: need.includes('checkout') ? detectShop : undefined })
      expect(partial, `${arrival.url} ← ${arrival.referrer}`).toEqual(detectTouchpoint(arrival, o))
    }
})

test('a typical internal page view needs no knowledge at all', () => {
  expect(knowledgeFor({ url: 'https://shop.example/products/trail-shoe?variant=2', referrer: 'https://shop.example/' }, {})).toEqual([])
  expect(knowledgeFor({ url: 'https://shop.example/blog/winter-running', referrer: '' }, {})).toEqual([])
  expect(knowledgeFor({ url: 'https://shop.example/p/1?gclid=x', referrer: 'https://shop.example/' }, {})).toEqual(['arrival'])
  expect(knowledgeFor({ url: 'https://shop.example/checkout/payment', referrer: 'https://shop.example/cart' }, {})).toEqual(['checkout'])
})

test('every click id and referral parameter the arrival knowledge reads makes a page view an arrival', () => {
  const names = [...IDS.split(' ').filter((t) => t.length > 1).map((t) => t.split('=')[0]), ...REFERRAL_PARAMS]
  expect(names.length).toBeGreaterThan(40)
  for (const name of names) {
    const a = readArrival(`https://shop.example/?${name}=abc`, 'https://shop.example/', {})!
    expect(needsArrival(a, {}), name).toBe(true)
  }
})
