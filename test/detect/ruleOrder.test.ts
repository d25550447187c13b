import { describe, expect, test } from 'vitest'
import { detectTouchpoint, type Touchpoint } from '../../src/detect/detectTouchpoint.js'

// One case per rule of the channel order in the README's table, in that order. Where a case names
// a second rule, the tags would also match that later rule: the earlier one must win.
const SHOP = 'https://shop.example/'
const cases: [string, string, string, Partial<Touchpoint>][] = [
  // waymark's rules, before GA4's
  ['internal: the site itself, untagged', '', 'https://blog.shop.example/post', { channel: 'internal' }],
  ['internal: a payment provider’s return, untagged', '', 'https://www.paypal.com/', { channel: 'internal' }],
  ['review-site: a portal as utm_source over a paid medium (not Paid Other)', '?utm_source=idealo&utm_medium=cpc', '', { channel: 'review-site', kind: 'ad-click' }],
  ['review-site: a portal GA4 files under social (not Organic Social)', '', 'https://www.yelp.com/', { channel: 'review-site', kind: 'review-referral' }],
  ['ai-assistant: an assistant as referrer over a social medium', '?utm_medium=social', 'https://chatgpt.com/', { channel: 'ai-assistant', kind: 'page' }],
  ['affiliate: an affiliate click id over a search source', '?awc=1_2_3&utm_source=google', '', { channel: 'affiliate', kind: 'ad-click' }],
  ['affiliate: utm_medium=cpa, which GA4’s paid regex would take (not Paid Search)', '?utm_source=google&utm_medium=cpa', '', { channel: 'affiliate', kind: 'ad-click' }],
  // GA4's rules, in GA4's order
  ['1 Direct: nothing at all', '', '', { channel: 'direct', kind: 'page' }],
  ['2 Cross-network: the campaign name, over a paid search tag (not Paid Search)', '?utm_source=google&utm_medium=cpc&utm_campaign=PMax%20Cross-network', '', { channel: 'cross-network', kind: 'ad-click' }],
  ['2 Cross-network: whatever the medium', '?utm_source=google&utm_medium=social&utm_campaign=cross-network', '', { channel: 'cross-network', kind: 'ad-click' }],
  ['3 Paid Shopping: a shop campaign on a paid search tag (not Paid Search)', '?utm_source=google&utm_medium=cpc&utm_campaign=shopping-brand', '', { channel: 'paid-shopping', kind: 'ad-click' }],
  ['3 Paid Shopping: a shopping source and a paid medium', '?utm_source=amazon&utm_medium=ppc', '', { channel: 'paid-shopping', kind: 'ad-click' }],
  ['4 Paid Search: a search source and a paid medium', '?utm_source=bing&utm_medium=cpc', '', { channel: 'paid-search', kind: 'ad-click' }],
  ['4 Paid Search: cpm from a search source (not Display)', '?utm_source=google&utm_medium=cpm', '', { channel: 'paid-search' }],
  ['5 Paid Social: a paid medium from a social source (not Organic Social)', '?utm_source=facebook&utm_medium=paid', 'https://l.facebook.com/', { channel: 'paid-social', kind: 'ad-click' }],
  ['6 Paid Video: a video source and a paid medium', '?utm_source=youtube&utm_medium=cpv', '', { channel: 'paid-video', kind: 'ad-click' }],
  ['6 Paid Video: a Google click id from YouTube', '?gclid=abc', 'https://www.youtube.com/', { channel: 'paid-video', kind: 'ad-click' }],
  ['7 Display: cpm from an unknown source (not Paid Other)', '?utm_source=acme&utm_medium=cpm', '', { channel: 'display', kind: 'ad-click' }],
  ['7 Display: a display medium', '?utm_source=newsletter&utm_medium=banner', '', { channel: 'display', kind: 'ad-click' }],
  ['8 Paid Other: a paid medium from an unknown source', '?utm_source=acme&utm_medium=cpc', '', { channel: 'paid-other', kind: 'ad-click', medium: 'cpc' }],
  ['8 Paid Other: a paid medium from an audio service', '?utm_source=spotify&utm_medium=ppc', '', { channel: 'paid-other', kind: 'ad-click' }],
  ['9 Organic Shopping: a shop campaign on an e-mail medium (not Email)', '?utm_source=newsletter&utm_medium=email&utm_campaign=summer-eshop', '', { channel: 'organic-shopping', kind: 'page' }],
  ['9 Organic Shopping: a marketplace referrer', '', 'https://www.ebay.de/', { channel: 'organic-shopping', kind: 'page' }],
  ['10 Organic Social: a social medium from a video source (not Organic Video)', '?utm_source=youtube&utm_medium=social', '', { channel: 'organic-social' }],
  ['10 Organic Social: a social source with an unknown medium', '?utm_source=instagram&utm_medium=story', '', { channel: 'organic-social' }],
  ['11 Organic Video: a video source with medium organic (not Organic Search)', '?utm_source=youtube&utm_medium=organic', '', { channel: 'organic-video' }],
  ['11 Organic Video: a video medium from an unknown source', '?utm_source=acme&utm_medium=product-video', '', { channel: 'organic-video' }],
  ['12 Organic Search: a search source with medium referral (not Referral)', '?utm_source=google&utm_medium=referral', '', { channel: 'organic-search' }],
  ['12 Organic Search: medium organic from an unknown source', '?utm_source=acme&utm_medium=organic', '', { channel: 'organic-search' }],
  ['13 Referral: medium referral with source email (not Email)', '?utm_source=email&utm_medium=referral', '', { channel: 'referral', kind: 'page' }],
  ['13 Referral: medium app', '?utm_source=acme&utm_medium=app', '', { channel: 'referral' }],
  ['14 Email: source e-mail with medium affiliate (not Affiliates)', '?utm_source=e-mail&utm_medium=affiliate', '', { channel: 'email', kind: 'page' }],
  ['14 Email: an e-mail medium', '?utm_source=acme&utm_medium=e_mail', '', { channel: 'email' }],
  ['14 Email: an e-mail medium beside a Google click id, which names no source then (not Organic Search)', '?gclid=abc&utm_medium=email', '', { channel: 'email' }],
  ['15 Affiliates: medium affiliate with source sms (not SMS)', '?utm_source=sms&utm_medium=affiliate', '', { channel: 'affiliate', kind: 'ad-click' }],
  ['16 Audio: medium audio with source sms (not SMS)', '?utm_source=sms&utm_medium=audio', '', { channel: 'audio', kind: 'page' }],
  ['17 SMS: medium sms with source firebase (not Mobile Push)', '?utm_source=firebase&utm_medium=sms&utm_campaign=spring', '', { channel: 'sms', kind: 'page' }],
  ['17 SMS: source sms alone', '?utm_source=sms', '', { channel: 'sms' }],
  ['18 Mobile Push: a medium that ends with push', '?utm_source=acme&utm_medium=web-push', '', { channel: 'mobile-push', kind: 'page' }],
  ['18 Mobile Push: a medium that says mobile', '?utm_source=acme&utm_medium=mobile-app', '', { channel: 'mobile-push' }],
  ['18 Mobile Push: a medium that says notification', '?utm_medium=notification', '', { channel: 'mobile-push' }],
  ['18 Mobile Push: source firebase', '?utm_source=firebase', '', { channel: 'mobile-push' }],
  // where GA4 says Unassigned
  ['email: medium newsletter', '?utm_source=acme&utm_medium=newsletter', '', { channel: 'email' }],
  ['audio: medium podcast', '?utm_source=acme&utm_medium=podcast', '', { channel: 'audio' }],
  ['the source’s own channel: a webmail referrer with an unknown medium', '?utm_medium=cta', 'https://mail.google.com/', { channel: 'email' }],
  ['offline: an analog medium', '?utm_source=acme&utm_medium=print', '', { channel: 'offline', kind: 'page', analog: true }],
  ['unassigned: a tag no rule places, never direct', '?utm_source=acme&utm_medium=influencer', '', { channel: 'unassigned', kind: 'page', source: 'acme' }],
  ['unassigned: utm_source alone, from an unknown site (not Referral)', '?utm_source=partner', 'https://partner.example/', { channel: 'unassigned' }],
  // untagged
  ['referral: a referral code', '?ref=anna', '', { channel: 'referral' }],
  ['referral: an unknown referrer', '', 'https://partner.example/', { channel: 'referral' }],
]

describe('the channel rules, in their order', () => {
  test.each(cases)('%s', (_, query, referrer, expected) => {
    expect(detectTouchpoint({ url: SHOP + query, referrer })).toMatchObject(expected)
  })

  test('names GA4’s rules in GA4’s order', () => {
    const numbers = cases.map(([name]) => Number(name.split(' ')[0])).filter((n) => n > 0)
    expect([...new Set(numbers)]).toEqual(Array.from({ length: 18 }, (_, i) => i + 1))
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
  })
})

test('gives an SMS campaign that closed a sale the credit, not direct (the case of issue 14)', async () => {
  const { replayJourney } = await import('../../src/replayJourney.js')
  const t = Date.parse('2026-03-02T10:00:00Z')
  const events = replayJourney([
    { url: SHOP, referrer: 'https://www.google.com/', time: t },
    { url: SHOP + 'p/1?utm_source=sms&utm_medium=sms&utm_campaign=spring', time: t + 86400000 },
    { url: SHOP + 'checkout/order-received/1001/?key=wc_order_abc123', referrer: SHOP + 'checkout', time: t + 86400000 + 60000 },
  ])
  const path = events.at(-1)!.path!
  expect(path.channels).toEqual(['organic-search', 'sms'])
  expect(path.credit.lastTouch).toEqual({ sms: 1 })
})
