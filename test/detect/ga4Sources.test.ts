import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { detectTouchpoint } from '../../src/detect/detectTouchpoint.js'
import type { Channel } from '../../src/types.js'

// Google's source-category list (see the corpus file's header for where it comes from).
const rows = readFileSync('test/detect/corpus/ga4-source-categories.tsv', 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t') as [string, string])

const GA4: Record<string, Channel> = {
  SOURCE_CATEGORY_SEARCH: 'organic-search',
  SOURCE_CATEGORY_SOCIAL: 'organic-social',
  SOURCE_CATEGORY_SHOPPING: 'organic-shopping',
  SOURCE_CATEGORY_VIDEO: 'organic-video',
}

/**
 * Entries where waymark's documented choice wins over GA4's category (README, "Touchpoints"): they
 * count as agreeing when they get this channel, and only this one.
 */
const CHOSEN: Record<string, Channel> = {
  // Review and comparison portals GA4 files under social or shopping.
  trustpilot: 'review-site',
  yelp: 'review-site',
  'yelp.com': 'review-site',
  'yelp.co.uk': 'review-site',
  'm.yelp.com': 'review-site',
  tripadvisor: 'review-site',
  'tripadvisor.com': 'review-site',
  dianping: 'review-site',
  'dianping.com': 'review-site',
  mouthshut: 'review-site',
  'mouthshut.com': 'review-site',
  shopzilla: 'review-site',
  'shopzilla.com': 'review-site',
  // Webmail GA4 files under search.
  'mail.yandex.ru': 'email',
  'mail.rambler.ru': 'email',
  'email.seznam.cz': 'email',
  // Payment providers, hosted checkouts and Shopify's sign-in, whose return continues the visit.
  'checkout.stripe.com': 'internal',
  'stripe.com': 'internal',
  'checkout.shopify.com': 'internal',
  'shop.app': 'internal',
  'shopify.com': 'internal',
}

// GA4 matches the session source: utm_source, or the referrer's host. An entry that is a host is
// tried as the referrer of an untagged visit; a bare name (fb, Google Shopping) as utm_source.
const arrive = (entry: string) =>
  entry.includes('.') ? detectTouchpoint({ url: 'https://shop.example/', referrer: `https://${entry}/` }) : detectTouchpoint({ url: 'https://shop.example/?utm_source=' + encodeURIComponent(entry) })

test('files at least 98 % of the entries of GA4’s source-category list under GA4’s channel', () => {
  expect(rows.length).toBe(819)
  const per: Record<string, [number, number]> = {}
  const misses: string[] = []
  let agree = 0
  for (const [entry, category] of rows) {
    const got = arrive(entry).channel
    const ok = got == (CHOSEN[entry] || GA4[category])
    const n = (per[category] ||= [0, 0])
    n[1]++
    if (ok) n[0]++, agree++
    else misses.push(`  ${entry}: GA4 ${GA4[category]}, waymark ${got}`)
  }
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} % (${a}/${b})`
  console.log(
    [
      `GA4 source list: ${pct(agree, rows.length)}, of which ${Object.keys(CHOSEN).length} by waymark's documented choice`,
      ...Object.entries(per).map(([c, [a, b]]) => `  ${c.replace('SOURCE_CATEGORY_', '')}: ${pct(a, b)}`),
      'misses:',
      ...misses,
    ].join('\n'),
  )
  expect(agree / rows.length).toBeGreaterThanOrEqual(0.98)
})

test('counts every documented exception only where the list has it', () => {
  const listed = new Set(rows.map(([entry]) => entry))
  for (const entry in CHOSEN) expect(listed.has(entry), entry).toBe(true)
})
