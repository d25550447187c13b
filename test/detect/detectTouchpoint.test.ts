import { expect, test } from 'vitest'
import { detectTouchpoint, type DetectOptions, type Touchpoint } from '../../src/detect/detectTouchpoint.js'
import { resolveDetectOptions } from '../../src/detect/resolveDetectOptions.js'

const SHOP = 'https://shop.example/'
const from = (referrer: string, url = SHOP, options?: DetectOptions) => detectTouchpoint({ url, referrer }, options)
const at = (url: string, options?: DetectOptions) => detectTouchpoint({ url }, options)

test.each([
  ['https://www.google.com/', 'google'],
  ['https://www.google.de/', 'google'],
  ['https://www.google.co.uk/', 'google'],
  ['https://www.google.com.au/', 'google'],
  ['https://www.google.com.br/', 'google'],
  ['https://www.google.co.jp/', 'google'],
  ['https://google.ch/', 'google'],
  ['https://www2.google.com/', 'google'],
  ['https://www.google.com./', 'google'],
  ['https://news.google.com/', 'google'],
  ['https://www.google.com/search?q=schuhe', 'google'],
  ['android-app://com.google.android.googlequicksearchbox/', 'google'],
  ['https://www.bing.com/', 'bing'],
  ['https://cn.bing.com/', 'bing'],
  ['https://ntp.msn.com/', 'msn'],
  ['https://de.search.yahoo.com/', 'yahoo'],
  ['https://search.yahoo.co.jp/', 'yahoo'],
  ['https://duckduckgo.com/', 'duckduckgo'],
  ['https://www.ecosia.org/', 'ecosia'],
  ['https://www.qwant.com/', 'qwant'],
  ['https://eu.startpage.com/', 'startpage'],
  ['https://search.brave.com/', 'brave'],
  ['https://yandex.ru/', 'yandex'],
  ['https://yandex.com.tr/', 'yandex'],
  ['https://yandex.by/', 'yandex'],
  ['https://m.baidu.com/', 'baidu'],
  ['https://search.naver.com/', 'naver'],
  ['https://search.seznam.cz/', 'seznam'],
  ['https://suche.web.de/', 'web.de'],
  ['https://suche.gmx.net/', 'gmx'],
  ['https://suche.t-online.de/', 't-online'],
])('counts a visit from %s as organic search from %s', (referrer, source) => {
  expect(from(referrer)).toMatchObject({ kind: 'page', channel: 'organic-search', source, medium: 'organic', indirect: false })
})

test.each([
  'https://google.com.evil.example/',
  'https://mygoogle.com/',
  'https://docs.google.com/',
  'https://maps.google.de/',
  'https://trustpilot.com.evil.example/',
  'https://nottrustpilot.com/',
  'https://idealo.de.phish.example/',
  'https://facebook.com.evil.example/',
  'https://notfacebook.com/',
  'https://chatgpt.com.evil.example/',
  'https://evilpaypal.com/',
  'https://paypal.com.evil.example/',
  'https://www.spiegel.de/',
  'https://web.de/',
  'https://www.heise.de/',
])('does not take the lookalike or unlisted host %s for a known one', (referrer) => {
  const host = new URL(referrer).hostname.replace(/^www\./, '')
  expect(from(referrer)).toMatchObject({ kind: 'page', channel: 'referral', source: host, medium: 'referral', indirect: true })
})

test.each([
  ['https://www.facebook.com/', 'facebook'],
  ['https://l.facebook.com/', 'facebook'],
  ['https://lm.facebook.com/', 'facebook'],
  ['https://m.facebook.com/', 'facebook'],
  ['https://l.instagram.com/', 'instagram'],
  ['https://t.co/', 'x'],
  ['https://x.com/', 'x'],
  ['https://lnkd.in/', 'linkedin'],
  ['https://www.linkedin.com/', 'linkedin'],
  ['https://out.reddit.com/', 'reddit'],
  ['https://www.pinterest.de/', 'pinterest'],
  ['https://www.pinterest.com.mx/', 'pinterest'],
  ['https://pin.it/', 'pinterest'],
  ['https://www.tiktok.com/', 'tiktok'],
  ['https://l.threads.net/', 'threads'],
  ['https://t.me/', 'telegram'],
  ['https://web.whatsapp.com/', 'whatsapp'],
  ['android-app://com.whatsapp/', 'whatsapp'],
  ['android-app://com.facebook.katana/', 'facebook'],
  ['https://away.vk.com/', 'vk'],
  ['https://mastodon.social/', 'mastodon'],
  ['https://news.ycombinator.com/', 'hackernews'],
])('counts a visit from %s as organic social from %s, an indirect share', (referrer, source) => {
  expect(from(referrer)).toMatchObject({ kind: 'page', channel: 'organic-social', source, medium: 'social', indirect: true })
})

test.each([
  ['https://www.youtube.com/', 'youtube'],
  ['https://youtu.be/', 'youtube'],
  ['https://m.youtube.com/', 'youtube'],
  ['https://player.vimeo.com/', 'vimeo'],
  ['https://www.twitch.tv/', 'twitch'],
])('counts a visit from %s as organic video from %s, an indirect share', (referrer, source) => {
  expect(from(referrer)).toMatchObject({ kind: 'page', channel: 'organic-video', source, medium: 'video', indirect: true })
})

// An Android app that opens a link names itself by its package: the busiest ones by channel.
test.each([
  ['android-app://com.zhiliaoapp.musically/', 'organic-social', 'tiktok'],
  ['android-app://com.google.android.youtube/', 'organic-video', 'youtube'],
  ['android-app://com.google.android.googlequicksearchbox/', 'organic-search', 'google'],
  ['android-app://com.google.android.gm/', 'email', 'gmail'],
  ['https://www.google.cat/', 'organic-search', 'google'],
])('counts a visit from %s as %s from %s', (referrer, channel, source) => {
  expect(from(referrer)).toMatchObject({ kind: 'page', channel, source })
})

test.each([
  ['https://www.amazon.de/', 'amazon'],
  ['https://www.ebay.co.uk/', 'ebay'],
  ['https://www.etsy.com/', 'etsy'],
  ['https://shopping.naver.com/', 'naver'],
  ['https://apps.shopify.com/', 'shopify'],
])('counts a visit from the marketplace %s as organic shopping from %s', (referrer, source) => {
  expect(from(referrer)).toMatchObject({ kind: 'page', channel: 'organic-shopping', source, medium: 'shopping', indirect: false })
})

test.each([
  ['https://open.spotify.com/', 'spotify'],
  ['https://podcasts.apple.com/', 'apple'],
  ['https://soundcloud.com/', 'soundcloud'],
])('counts a visit from the audio service %s as audio from %s', (referrer, source) => {
  expect(from(referrer)).toMatchObject({ kind: 'page', channel: 'audio', source, medium: 'audio' })
})

test.each([
  'https://mail.google.com/',
  'android-app://com.google.android.gm/',
  'https://outlook.live.com/',
  'https://outlook.office365.com/',
  'https://eur01.safelinks.protection.outlook.com/',
  'https://mail.yahoo.co.uk/',
  'https://mail.yandex.ru/',
  'https://email.seznam.cz/',
  'https://e.mail.ru/',
  'https://navigator.web.de/',
  'https://3c.web.de/',
  'https://deref-gmx.net/',
  'https://deref-web-02.de/',
  'https://lightmailer-bap.gmx.net/',
  'https://email.t-online.de/',
  'https://webmail.freenet.de/',
  'https://app.tuta.com/',
])('counts a visit from the webmail host %s as e-mail, whatever search lists say', (referrer) => {
  expect(from(referrer)).toMatchObject({ kind: 'page', channel: 'email', medium: 'email', indirect: false })
})

test.each([
  ['https://chatgpt.com/', 'chatgpt'],
  ['https://chat.openai.com/', 'chatgpt'],
  ['https://www.perplexity.ai/', 'perplexity'],
  ['https://gemini.google.com/', 'gemini'],
  ['https://copilot.microsoft.com/', 'copilot'],
  ['https://claude.ai/', 'claude'],
  ['https://chat.deepseek.com/', 'deepseek'],
  ['https://chat.mistral.ai/', 'mistral'],
])('counts a visit from %s as an AI assistant, %s', (referrer, source) => {
  expect(from(referrer)).toMatchObject({ kind: 'page', channel: 'ai-assistant', source, indirect: false })
})

test('counts utm_source=chatgpt.com without a referrer as an AI assistant', () => {
  expect(at(SHOP + '?utm_source=chatgpt.com')).toMatchObject({ channel: 'ai-assistant', source: 'chatgpt.com' })
})

test.each([
  ['https://de.trustpilot.com/', 'trustpilot'],
  ['https://www.trustedshops.de/', 'trustedshops'],
  ['https://www.idealo.de/', 'idealo'],
  ['https://www.idealo.co.uk/', 'idealo'],
  ['https://www.check24.de/', 'check24'],
  ['https://geizhals.at/', 'geizhals'],
  ['https://www.billiger.de/', 'billiger'],
  ['https://www.kelkoo.fr/', 'kelkoo'],
  ['https://www.yelp.de/', 'yelp'],
  ['https://www.tripadvisor.co.uk/', 'tripadvisor'],
  ['https://www.provenexpert.com/', 'provenexpert'],
])('counts a visit from the portal %s as a review referral', (referrer, source) => {
  expect(from(referrer)).toMatchObject({ kind: 'review-referral', channel: 'review-site', source, medium: 'referral', indirect: true })
})

test.each([
  [SHOP + '?gclid=abc', 'https://www.idealo.de/'],
  [SHOP + '?utm_source=idealo&utm_medium=cpc', ''],
  [SHOP + '?utm_source=billiger.de&utm_medium=cpc', 'https://www.billiger.de/'],
  [SHOP + '?utm_source=guenstiger&utm_medium=paid', ''],
  [SHOP + '?awc=1_2_3', 'https://www.kelkoo.co.uk/'],
])('takes a paid click from a portal (%s from %s) for an ad click on a review site', (url, referrer) => {
  expect(detectTouchpoint({ url, referrer })).toMatchObject({ kind: 'ad-click', channel: 'review-site', indirect: true })
})

test('lets a portal utm_source win over utm_medium=referral', () => {
  expect(at(SHOP + '?utm_source=trustpilot&utm_medium=referral')).toMatchObject({ kind: 'review-referral', channel: 'review-site', source: 'trustpilot', medium: 'referral' })
})

test.each([
  ['https://www.paypal.com/', '/checkout/success?PayerID=A&token=EC-1'],
  ['https://www.sandbox.paypal.com/', '/checkout/success?token=EC-1'],
  ['https://pay.klarna.com/', '/checkout/return'],
  ['https://checkout.stripe.com/', '/checkout/success?session_id=cs_test_a1'],
  ['https://hooks.stripe.com/', '/checkout/return?payment_intent=pi_1'],
  ['https://checkoutshopper-live.adyen.com/', '/thank-you'],
  ['https://www.mollie.com/', '/'],
  ['https://shop.app/', '/'],
  ['https://pay.google.com/', '/'],
  ['https://pay.amazon.com/', '/'],
  ['https://secure.przelewy24.pl/', '/'],
  ['https://acs.some-issuer-bank.example/', '/checkout/return?order=42'],
])('keeps a return from %s to %s inside the visit', (referrer, path) => {
  expect(from(referrer, 'https://shop.example' + path)).toMatchObject({ channel: 'internal', indirect: false })
})

test.each([
  ['https://shop.example/a', 'https://shop.example/b'],
  ['https://shop.example/a', 'https://www.shop.example/b'],
  ['https://www.shop.example/a', 'https://shop.example/b'],
  ['https://shop.example/a', 'https://blog.shop.example/post'],
  ['https://shop.example./a', 'https://shop.example/b'],
])('counts %s reached from %s as internal', (url, referrer) => {
  expect(detectTouchpoint({ url, referrer })).toEqual({ kind: 'page', channel: 'internal', analog: false, indirect: false })
})

test('lets campaign parameters win over an internal referrer', () => {
  expect(from('https://shop.example/', SHOP + '?utm_source=newsletter&utm_medium=email')).toMatchObject({ channel: 'email' })
  expect(from('https://shop.example/', SHOP + '?gclid=abc')).toMatchObject({ kind: 'ad-click', channel: 'paid-search' })
})

test('keeps the kind of a checkout page reached from the same site', () => {
  expect(from('https://shop.example/cart', 'https://shop.example/checkout')).toMatchObject({ kind: 'checkout', channel: 'internal' })
})

test.each<[string, string, Partial<Touchpoint>]>([
  ['?gclid=abc', '', { kind: 'ad-click', channel: 'paid-search', source: 'google', medium: 'cpc', clickIds: { gclid: 'abc' } }],
  ['?gbraid=abc', 'https://www.google.com/', { kind: 'ad-click', channel: 'paid-search', source: 'google' }],
  ['?wbraid=abc', '', { kind: 'ad-click', channel: 'paid-search', clickIds: { wbraid: 'abc' } }],
  ['?gad_source=1', 'https://www.google.de/', { kind: 'ad-click', channel: 'paid-search' }],
  ['?msclkid=abc', '', { kind: 'ad-click', channel: 'paid-search', source: 'bing' }],
  ['?yclid=123', 'https://yandex.ru/', { kind: 'ad-click', channel: 'paid-search', source: 'yandex' }],
  ['?s_kwcid=AL!1&ef_id=X', 'https://www.google.com/', { kind: 'ad-click', channel: 'paid-search', source: 'google' }],
  ['?dclid=abc', '', { kind: 'ad-click', channel: 'display', source: 'google', medium: 'display' }],
  ['?tblci=abc', 'https://www.spiegel.de/', { kind: 'ad-click', channel: 'display', source: 'taboola' }],
  ['?ttclid=abc', '', { kind: 'ad-click', channel: 'paid-social', source: 'tiktok', medium: 'cpc' }],
  ['?li_fat_id=abc', 'https://www.linkedin.com/', { kind: 'ad-click', channel: 'paid-social', source: 'linkedin' }],
  ['?twclid=abc', 'https://t.co/', { kind: 'ad-click', channel: 'paid-social', source: 'x' }],
  ['?ScCid=abc', '', { kind: 'ad-click', channel: 'paid-social', source: 'snapchat', clickIds: { sccid: 'abc' } }],
  ['?epik=abc', '', { kind: 'ad-click', channel: 'paid-social', source: 'pinterest' }],
  ['?rdt_cid=abc', '', { kind: 'ad-click', channel: 'paid-social', source: 'reddit' }],
  ['?fbclid=abc', '', { kind: 'page', channel: 'organic-social', source: 'facebook', medium: 'social', clickIds: { fbclid: 'abc' }, indirect: true }],
  ['?fbclid=abc', 'https://l.facebook.com/', { kind: 'page', channel: 'organic-social' }],
  ['?fbclid=abc&utm_source=facebook&utm_medium=paid_social', 'https://l.facebook.com/', { kind: 'ad-click', channel: 'paid-social' }],
  ['?fbclid=abc&utm_medium=cpc', '', { kind: 'ad-click', channel: 'paid-social', source: 'facebook' }],
  ['?fbclid=abc&utm_source=facebook&utm_medium=social', '', { kind: 'page', channel: 'organic-social', indirect: false }],
  ['?igsh=abc', '', { kind: 'page', channel: 'organic-social', source: 'instagram' }],
  ['?srsltid=abc', 'https://www.google.com/', { kind: 'page', channel: 'organic-search' }],
  ['?ysclid=abc', 'https://yandex.ru/', { kind: 'page', channel: 'organic-search' }],
  ['?awc=1_2_abc&source=aw', '', { kind: 'ad-click', channel: 'affiliate', source: 'awin', medium: 'affiliate', indirect: true }],
  ['?irclickid=abc&irgwc=1', '', { kind: 'ad-click', channel: 'affiliate', source: 'impact' }],
  ['?cjevent=abc', '', { kind: 'ad-click', channel: 'affiliate', source: 'cj' }],
  ['?ranMID=1&ranEAID=2&ranSiteID=3', '', { kind: 'ad-click', channel: 'affiliate', source: 'rakuten', clickIds: { ransiteid: '3' } }],
  ['?tduid=abc', 'https://clk.tradedoubler.com/', { kind: 'ad-click', channel: 'affiliate' }],
  ['?utm_source=partner&utm_medium=affiliate', '', { kind: 'ad-click', channel: 'affiliate', source: 'partner', medium: 'affiliate' }],
  ['?mc_cid=abc&mc_eid=def', '', { kind: 'page', channel: 'email', source: 'mailchimp', medium: 'email' }],
  ['?_kx=abc', '', { kind: 'page', channel: 'email', source: 'klaviyo' }],
  ['?_hsenc=abc&_hsmi=1', '', { kind: 'page', channel: 'email', source: 'hubspot' }],
])('reads %s from %s as %o', (query, referrer, expected) => {
  expect(detectTouchpoint({ url: SHOP + query, referrer })).toMatchObject(expected)
})

test('lists every recognised click id and leaves e-mail subscriber ids out', () => {
  const t = at(SHOP + '?gclid=g&fbclid=f&msclkid=m&mc_eid=someone&lang=de')
  expect(t.clickIds).toEqual({ gclid: 'g', msclkid: 'm', fbclid: 'f' })
  expect(t).toMatchObject({ kind: 'ad-click', channel: 'paid-search', source: 'google' })
})

test.each<[string, string, Partial<Touchpoint>]>([
  ['?utm_source=google&utm_medium=cpc&utm_campaign=brand', 'https://www.google.com/', { kind: 'ad-click', channel: 'paid-search' }],
  ['?utm_source=bing&utm_medium=ppc', '', { kind: 'ad-click', channel: 'paid-search' }],
  ['?utm_source=google&utm_medium=paidsearch', '', { kind: 'ad-click', channel: 'paid-search' }],
  ['?utm_source=google&utm_medium=retargeting', '', { kind: 'ad-click', channel: 'paid-search' }],
  ['?utm_source=linkedin&utm_medium=cpc', '', { kind: 'ad-click', channel: 'paid-social' }],
  ['?utm_source=instagram&utm_medium=paid', 'https://l.instagram.com/', { kind: 'ad-click', channel: 'paid-social' }],
  ['?utm_source=newsletter-partner&utm_medium=paid-social', '', { kind: 'ad-click', channel: 'paid-social' }],
  ['?utm_source=criteo&utm_medium=display', '', { kind: 'ad-click', channel: 'display' }],
  ['?utm_source=adform&utm_medium=cpm', '', { kind: 'ad-click', channel: 'display' }],
  ['?utm_source=criteo&utm_medium=retargeting', '', { kind: 'ad-click', channel: 'display' }],
  ['?utm_source=instagram&utm_medium=social-media', '', { kind: 'page', channel: 'organic-social' }],
  ['?utm_source=partner&utm_medium=social', '', { kind: 'page', channel: 'organic-social' }],
  ['?utm_source=vimeo&utm_medium=video', '', { kind: 'page', channel: 'organic-video' }],
  ['?utm_source=partner&utm_medium=video', '', { kind: 'page', channel: 'organic-video' }],
  ['?utm_source=google&utm_medium=organic', '', { kind: 'page', channel: 'organic-search' }],
  ['?utm_source=supplier&utm_medium=link', '', { kind: 'page', channel: 'referral', indirect: true }],
  ['?utm_source=newsletter&utm_medium=email', 'https://mail.google.com/', { kind: 'page', channel: 'email' }],
  ['?utm_source=newsletter&utm_medium=e-mail', '', { kind: 'page', channel: 'email' }],
  ['?utm_source=email&utm_medium=cta', '', { kind: 'page', channel: 'email' }],
  ['?utm_source=facebook&utm_medium=cta', '', { kind: 'page', channel: 'organic-social' }],
  ['?UTM_SOURCE=Google&UTM_MEDIUM=CPC', '', { kind: 'ad-click', channel: 'paid-search', source: 'Google', medium: 'CPC' }],
  ['?mtm_source=newsletter&mtm_medium=email', '', { kind: 'page', channel: 'email' }],
  ['?utm_source=&utm_medium=', '', { kind: 'page', channel: 'direct' }],
  ['?_gl=1*abc&lang=de', '', { kind: 'page', channel: 'direct' }],
])('follows GA4 for %s from %s: %o', (query, referrer, expected) => {
  expect(detectTouchpoint({ url: SHOP + query, referrer })).toMatchObject(expected)
})

test('passes the campaign fields through as they are written', () => {
  const t = at(SHOP + '?utm_source=News&utm_medium=email&utm_campaign=KW12&utm_term=schuhe&utm_content=hero&utm_id=42&utm_source_platform=Manual')
  expect(t).toEqual({
    kind: 'page',
    channel: 'email',
    source: 'News',
    medium: 'email',
    campaign: 'KW12',
    term: 'schuhe',
    content: 'hero',
    campaignId: '42',
    sourcePlatform: 'Manual',
    analog: false,
    indirect: false,
  })
})

test.each([
  ['?mtm_campaign=spring&mtm_source=newsletter&mtm_medium=email&mtm_kwd=shoes&mtm_content=hero&mtm_cid=42', 'mtm_'],
  ['?pk_campaign=spring&pk_source=newsletter&pk_medium=email&pk_kwd=shoes&pk_content=hero&pk_cid=42', 'pk_'],
  ['?piwik_campaign=spring&mtm_source=newsletter&mtm_medium=email&mtm_keyword=shoes&mtm_content=hero&mtm_cid=42', 'piwik_ and mtm_keyword'],
])('reads Matomo’s campaign tags where there are no utm_ ones: %s (%s)', (query) => {
  expect(at(SHOP + query)).toMatchObject({ channel: 'email', source: 'newsletter', medium: 'email', campaign: 'spring', term: 'shoes', content: 'hero', campaignId: '42' })
})

test('reads a Matomo campaign alone as a tagged visit, never direct', () => {
  expect(at(SHOP + '?pk_campaign=spring').channel).toBe('unassigned')
  expect(at(SHOP + '?piwik_campaign=spring').campaign).toBe('spring')
  expect(at(SHOP + '?pk_campaign=spring&utm_campaign=summer').campaign).toBe('summer')
})

test.each([
  ['?ref=anna2024', 'anna2024'],
  ['?referral=ANNA', 'ANNA'],
  ['?invite=x1', 'x1'],
  ['?aic=JOHNS1', 'JOHNS1'],
  ['?fbuy_ref_code=Zz012a&utm_source=Friendbuy&utm_medium=referral', 'Zz012a'],
])('takes %s without a referrer for a word-of-mouth referral with code %s', (query, referralCode) => {
  expect(at(SHOP + query)).toMatchObject({ kind: 'page', channel: 'referral', medium: 'referral', referralCode, indirect: true })
})

test('keeps stronger campaign data over a referral code and still records the code', () => {
  expect(at(SHOP + '?ref=anna&utm_source=newsletter&utm_medium=email')).toMatchObject({ channel: 'email', referralCode: 'anna', indirect: true })
  expect(from('https://l.facebook.com/', SHOP + '?ref=anna')).toMatchObject({ channel: 'organic-social', referralCode: 'anna' })
})

test('reads referral codes from the caller’s parameters instead of the defaults', () => {
  const options = { referralParams: ['friend'] }
  expect(at(SHOP + '?friend=bob', options)).toMatchObject({ channel: 'referral', referralCode: 'bob' })
  expect(at(SHOP + '?ref=bob', options)).toMatchObject({ channel: 'direct' })
})

test.each([
  '?utm_source=qr&utm_medium=print&utm_campaign=flyer_q3',
  '?utm_source=zeitung&utm_medium=offline',
  '?utm_source=messe&utm_medium=event',
  '?utm_source=mailing&utm_medium=direct-mail',
  '?utm_source=plakat&utm_medium=ooh',
  '?utm_source=katalog&utm_medium=catalog',
  '?utm_source=tv&utm_medium=tv-spot',
  '?utm_source=acme&utm_medium=y&utm_source_platform=poster',
])('files %s, an analog medium GA4 leaves unassigned, under offline', (query) => {
  expect(at(SHOP + query)).toMatchObject({ kind: 'page', channel: 'offline', analog: true })
})

test('lets GA4’s audio rule win over an analog source, and still flags it analog', () => {
  expect(at(SHOP + '?utm_source=radio&utm_medium=audio')).toMatchObject({ kind: 'page', channel: 'audio', analog: true })
})

test.each(['?utm_source=newsletter&utm_medium=email', '?utm_source=printful&utm_medium=social', '?gclid=abc'])('does not flag %s as analog', (query) => {
  expect(at(SHOP + query).analog).toBe(false)
})

test.each<[string, string, boolean]>([
  [SHOP, 'https://www.google.com/', false],
  [SHOP + '?gclid=a', '', false],
  [SHOP + '?utm_source=newsletter&utm_medium=email', '', false],
  [SHOP, '', false],
  [SHOP, 'https://chatgpt.com/', false],
  [SHOP, 'https://www.reddit.com/', true],
  [SHOP + '?utm_source=instagram&utm_medium=social&utm_campaign=spring', 'https://l.instagram.com/', false],
  [SHOP, 'https://www.trustpilot.com/', true],
  [SHOP, 'https://www.spiegel.de/', true],
  [SHOP + '?awc=a', '', true],
])('marks %s from %s as indirect: %s', (url, referrer, indirect) => {
  expect(detectTouchpoint({ url, referrer }).indirect).toBe(indirect)
})

test.each<[string, string | undefined]>([
  ['', 'https://www.google.com/'],
  ['not a url', 'https://www.google.com/'],
  ['/relative/path', 'https://www.google.com/'],
  ['ftp://shop.example/', undefined],
  ['javascript:alert(1)', undefined],
])('falls back to a direct page view for the URL %j', (url, referrer) => {
  expect(detectTouchpoint({ url, referrer })).toEqual({ kind: 'page', channel: 'direct', analog: false, indirect: false })
})

test.each(['', 'garbage', '/relative', 'about:blank', 'file:///C:/x.html'])('counts the unusable referrer %j as none', (referrer) => {
  expect(from(referrer)).toEqual({ kind: 'page', channel: 'direct', analog: false, indirect: false })
})

test('never throws, whatever it is given', () => {
  const bad = [null, undefined, 42, {}, { url: 42 }, { url: SHOP, referrer: {} }, { url: SHOP + '?%E0%A4%A=1' }] as unknown as Parameters<typeof detectTouchpoint>[0][]
  for (const arrival of bad) expect(() => detectTouchpoint(arrival)).not.toThrow()
  expect(detectTouchpoint({ url: SHOP + '?gclid=a' }, null)).toMatchObject({ kind: 'ad-click' })
  expect(() => detectTouchpoint({ url: SHOP }, { hosts: { email: [42] } } as unknown as DetectOptions)).not.toThrow()
  expect(() => detectTouchpoint({ url: SHOP }, { checkout: ['^(', 7] } as unknown as DetectOptions)).not.toThrow()
})

test('files a caller’s hosts under the caller’s channel, before the built-in lists', () => {
  const options: DetectOptions = { hosts: { 'review-site': ['vergleich.example'], email: ['Mail.Corp.Example'], referral: ['google.de'] } }
  expect(from('https://www.vergleich.example/', SHOP, options)).toMatchObject({ kind: 'review-referral', channel: 'review-site', source: 'vergleich.example' })
  expect(from('https://mail.corp.example/', SHOP, options)).toMatchObject({ channel: 'email' })
  expect(from('https://www.google.de/', SHOP, options)).toMatchObject({ channel: 'referral' })
  expect(from('https://www.google.com/', SHOP, options)).toMatchObject({ channel: 'organic-search' })
})

test('counts the caller’s internal hosts as the same site', () => {
  const options = { internalHosts: ['shop-checkout.example'] }
  expect(from('https://pay.shop-checkout.example/', SHOP, options)).toMatchObject({ channel: 'internal' })
  expect(from('https://shop-checkout.example.evil/', SHOP, options)).toMatchObject({ channel: 'referral' })
})

test('takes the caller’s checkout and purchase patterns, raw or resolved, alike', () => {
  const raw: DetectOptions = { checkout: ['/zur-kasse/*', /\/flow\/step-\d/], purchase: ['^/fertig\\?bestellung='] }
  for (const options of [raw, resolveDetectOptions(raw)]) {
    expect(at('https://shop.example/zur-kasse/adresse', options)).toMatchObject({ kind: 'checkout', step: 'address' })
    expect(at('https://shop.example/flow/step-2', options)).toMatchObject({ kind: 'checkout' })
    expect(at('https://shop.example/fertig?bestellung=77', options)).toMatchObject({ kind: 'purchase' })
    expect(at('https://shop.example/fertig', options)).toMatchObject({ kind: 'page' })
  }
})

test('leaves out the fields it has nothing for', () => {
  expect(Object.keys(from('https://www.google.com/'))).toEqual(['kind', 'channel', 'source', 'medium', 'analog', 'indirect'])
  expect(Object.keys(at(SHOP + '?utm_medium=cpc'))).toEqual(['kind', 'channel', 'medium', 'analog', 'indirect'])
})
