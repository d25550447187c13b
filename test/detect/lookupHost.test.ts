import { expect, test } from 'vitest'
import { lookupHost } from '../../src/detect/lookupHost.js'

test.each([
  ['trustpilot.com', 'review-site'],
  ['de.trustpilot.com', 'review-site'],
  ['trustpilot.de', 'review-site'],
  ['trustpilot.com.evil.example', undefined],
  ['nottrustpilot.com', undefined],
  ['trustpilot.evil.de', undefined],
  ['google.com.tr', 'organic-search'],
  ['www.google.it', 'organic-search'],
  ['google', 'organic-search'],
  ['mail.google.com', 'email'],
  ['gemini.google.com', 'ai-assistant'],
  ['pay.google.com', 'internal'],
  ['docs.google.com', undefined],
  ['t.co', 'organic-social'],
  ['t.me', 'organic-social'],
  ['xt.co', undefined],
  ['fb', 'organic-social'],
  ['billiger.de', 'review-site'],
  ['chatgpt.com', 'ai-assistant'],
  ['hooks.stripe.com', 'internal'],
  ['stripe.com.evil.example', undefined],
])('files %s under %s', (host, channel) => {
  expect(lookupHost(host)?.[0]).toBe(channel)
})

test('takes the caller’s hosts first, exactly or on a dot boundary', () => {
  const extra = { 'paid-search': ['ads.partner.example'] }
  expect(lookupHost('ads.partner.example', extra)).toEqual(['paid-search', 'ads.partner.example'])
  expect(lookupHost('eu.ads.partner.example', extra)?.[0]).toBe('paid-search')
  expect(lookupHost('badads.partner.example', extra)).toBeUndefined()
})
