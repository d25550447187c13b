import type { Channel } from '../types.js'
import type { DetectOptions, Touchpoint } from './detectTouchpoint.js'
import { lookupHost } from './lookupHost.js'
import { REFERRAL_PARAMS, type ReadArrival } from './readArrival.js'
import { readClickIds } from './readClickIds.js'

// GA4's default channel group: the paid-medium regex with `retargeting`, then its medium lists.
const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/
const DISPLAY = /^(display|banner|expandable|interstitial|cpm)$/
const SOCIAL = /^(social|social[- ]network|social[- ]media|sm|.*video.*)$/
const EMAIL = /^e[-_ ]?mail$/
const REFERRAL = /^(referral|app|link)$/
// GA4 takes only `affiliate`; `cpa` is how Admitad and others tag affiliate traffic.
const AFFILIATE = /^(affiliates?|cpa)$/
const ANALOG = /(^|[^a-z])(print|poster|radio|tv|qr(code)?|direct[-_ ]?mail|ooh|outdoor|billboard|flyers?|catalog(ue)?|events?|offline|packaging|magazine|newspaper|postcard)([^a-z]|$)/

const MEDIUM: Partial<Record<Channel, string>> = {
  'organic-search': 'organic',
  'organic-social': 'social',
  'review-site': 'referral',
}

/**
 * The arrival knowledge: the channel, campaign fields, click ids and referral code of an arrival,
 * from its tags, click ids and referrer. See `detectTouchpoint` for the rules. The page's kind is
 * `ad-click`, `review-referral` or `page`; `detectShop` may make it a checkout or purchase.
 * @param a the read arrival
 * @param options extra hosts and referral parameters
 * @param shop whether the page is a checkout step or confirmation: nobody links to a checkout, so an
 *   unknown referrer there is a bank's 3-D Secure page or the like, and counts as internal
 */
export const detectArrival = (a: ReadArrival, options: DetectOptions, shop: boolean): Touchpoint => {
  const { rh, q } = a
  const utm = (f: string) => q.get('utm_' + f) || q.get('mtm_' + f)
  const source = utm('source')
  const medium = utm('medium')
  const campaign = utm('campaign')
  const platform = utm('source_platform')
  const s = (source || '').toLowerCase()
  const m = (medium || '').toLowerCase()
  const { ids, hit } = readClickIds(q)
  const idCh = hit?.[0]
  let code: string | undefined
  for (const p of options.referralParams || REFERRAL_PARAMS) code ||= q.get(p.toLowerCase())

  const refHit: [Channel, string?] | undefined = !rh ? undefined : a.internal ? ['internal'] : lookupHost(rh, options.hosts)
  const refCh = refHit?.[0]
  const srcCh = s ? lookupHost(s, options.hosts)?.[0] : undefined
  // GA4 takes the source from utm_source when there is one, else from the referrer.
  const from = s ? srcCh : refCh
  const tagged = !!(s || m || campaign || idCh)
  const paidId = idCh && /^(paid|dis|af)/.test(idCh)
  const analog = ANALOG.test([m, s, platform].join().toLowerCase())

  let ch: Channel | undefined =
    refCh == 'internal' && !tagged
      ? 'internal'
      : srcCh == 'review-site' || refCh == 'review-site'
        ? 'review-site'
        : srcCh == 'ai-assistant' || refCh == 'ai-assistant'
          ? 'ai-assistant'
          : AFFILIATE.test(m) || idCh == 'affiliate'
            ? 'affiliate'
            : PAID.test(m)
              ? from == 'organic-search' || (!from && idCh == 'paid-search')
                ? 'paid-search'
                : from == 'organic-social' || idCh == 'paid-social' || ids.fbclid || /social/.test(m)
                  ? 'paid-social'
                  : 'display'
              : DISPLAY.test(m)
                ? 'display'
                : SOCIAL.test(m)
                  ? 'organic-social'
                  : m == 'organic'
                    ? 'organic-search'
                    : REFERRAL.test(m)
                      ? 'referral'
                      : EMAIL.test(m) || EMAIL.test(s)
                        ? 'email'
                        : undefined
  // No telling medium: a paid click id, then the source's own channel, then the weaker signals.
  ch ||=
    paidId
      ? idCh
      : from && from != 'internal'
        ? from
        : idCh || (analog ? 'direct' : code ? 'referral' : rh ? (refCh == 'internal' ? 'internal' : 'referral') : 'direct')
  if (shop && ch == 'referral' && !refHit && !tagged && !code) ch = 'internal'
  const paid = !!paidId || PAID.test(m) || DISPLAY.test(m) || AFFILIATE.test(m) || /^(paid|dis|af)/.test(ch!)
  const out: Touchpoint = {
    kind: paid ? 'ad-click' : ch == 'review-site' ? 'review-referral' : 'page',
    channel: ch!,
    source: ch == 'direct' || ch == 'internal' ? source : source || hit?.[1] || refHit?.[1] || rh || undefined,
    medium: medium || (ch == 'direct' || ch == 'internal' ? undefined : paid && !/^(dis|af)/.test(ch!) ? 'cpc' : MEDIUM[ch!] || ch),
    campaign,
    term: utm('term'),
    content: utm('content'),
    campaignId: utm('id'),
    sourcePlatform: platform,
    clickIds: Object.keys(ids).length ? ids : undefined,
    referralCode: code,
    analog,
    indirect: /^(review|affiliate|referral)/.test(ch!) || (!!code && ch != 'internal') || (ch == 'organic-social' && !source && !campaign),
  }
  return out
}
