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
  // Bugs the long-tail research found: a stem that took a whole portal for its search engine.
  ['blog.naver.com', 'organic-social'],
  ['m.blog.naver.com', 'organic-social'],
  ['shopping.naver.com', 'organic-shopping'],
  ['m.naver.com', 'organic-search'],
  ['search.naver.com', 'organic-search'],
  ['maps.yandex.ru', undefined],
  ['yandex.ru', 'organic-search'],
  ['images.yandex.ru', 'organic-search'],
  ['market.yandex.ru', 'review-site'],
  ['yiyan.baidu.com', 'ai-assistant'],
  ['zhidao.baidu.com', 'organic-search'],
  ['mail.ru', 'organic-search'],
  ['go.mail.ru', 'organic-search'],
  ['e.mail.ru', 'email'],
  ['my.mail.ru', 'organic-social'],
  ['aolapp.mobile.aol.com', 'email'],
  ['search.aol.com', 'organic-search'],
  // Country portals and the long tail of the lists.
  ['de.yahoo.com', 'organic-search'],
  ['finance.yahoo.com', undefined],
  ['ya.ru', 'organic-search'],
  ['so.360.cn', 'organic-search'],
  ['coccoc.com', 'organic-search'],
  ['suche.freenet.de', 'organic-search'],
  ['szukaj.wp.pl', 'organic-search'],
  ['search.example', undefined],
  ['github.com', 'organic-social'],
  ['medium.com', 'organic-social'],
  ['hachyderm.io', 'organic-social'],
  ['mastodon.online', 'organic-social'],
  ['chaos.social', 'organic-social'],
  ['misskey.io', 'organic-social'],
  ['forums.example.com', 'organic-social'],
  ['someone.blogspot.com', 'organic-social'],
  ['www.youtube.com', 'organic-video'],
  ['amazon.co.jp', 'organic-shopping'],
  ['pay.amazon.com', 'internal'],
  ['shopify.com', 'internal'],
  ['apps.shopify.com', 'organic-shopping'],
  ['exmail.qq.com', 'email'],
  ['poczta.onet.pl', 'email'],
  ['outlook.cloud.microsoft', 'email'],
  ['open.spotify.com', 'audio'],
  ['test.de', 'review-site'],
  ['www.which.co.uk', 'review-site'],
  ['www.g2.com', 'review-site'],
  ['www.getapp.com', 'review-site'],
  ['claude.ai', 'ai-assistant'],
  ['copilot.cloud.microsoft', 'ai-assistant'],
])('files %s under %s', (host, channel) => {
  expect(lookupHost(host)?.[0]).toBe(channel)
})

test('takes the caller’s hosts first, exactly or on a dot boundary', () => {
  const extra = { 'paid-search': ['ads.partner.example'] }
  expect(lookupHost('ads.partner.example', extra)).toEqual(['paid-search', 'ads.partner.example'])
  expect(lookupHost('eu.ads.partner.example', extra)?.[0]).toBe('paid-search')
  expect(lookupHost('badads.partner.example', extra)).toBeUndefined()
})

test.each([
  ['google shopping', 'organic-shopping'],
  ['Google_Shopping'.toLowerCase(), 'organic-shopping'],
  ['igshopping', 'organic-shopping'],
  ['cnn', 'organic-search'],
  ['ig', 'organic-social'],
  ['x', 'organic-social'],
  ['blogger', 'organic-social'],
  ['partner-blog', undefined],
])('files the utm_source %j under %s', (source, channel) => {
  expect(lookupHost(source)?.[0]).toBe(channel)
})

test.each(['cnn.com', 'edition.cnn.com', 'globo.com', 'ig.com.br', 'x.example'])('takes the host %s for no source-name-only entry', (host) => {
  expect(lookupHost(host)).toBeUndefined()
})
