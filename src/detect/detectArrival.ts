import type { Channel } from '../types.js'
import type { DetectOptions, Touchpoint } from './detectTouchpoint.js'
import { lookupHost } from './lookupHost.js'
import { REFERRAL_PARAMS, type ReadArrival } from './readArrival.js'
import { readClickIds } from './readClickIds.js'

// GA4's default channel group (support.google.com/analytics/answer/9756891): its paid-medium regex,
// its shop campaign regex (`[^a-df-z]` lets "eshop" through but not "workshop"), its medium lists.
const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/
const SHOP = /(^|[^a-df-z])shop|shopping/
const DISPLAY = /^(display|banner|expandable|interstitial|cpm)$/
const SOCIAL = /^(social([- ](network|media))?|sm)$/
const EMAIL = /^e[-_ ]?mail$/
const REFERRAL = /^(referral|app|link)$/
const AFFILIATE = /^affiliates?$/
const PUSH = /push$|mobile|notification/
const ANALOG = /(^|[^a-z])(print|poster|radio|tv|qr(code)?|direct[-_ ]?mail|ooh|outdoor|billboard|flyers?|catalog(ue)?|events?|offline|packaging|magazine|newspaper|postcard)([^a-z]|$)/

/** GA4's source category of a host's channel: search, social, video or shopping. */
const category = (ch?: string) => /^organic-(.*)/.exec(ch!)?.[1]

/**
 * The arrival knowledge: the channel, campaign fields, click ids and referral code of an arrival,
 * from its tags, click ids and referrer. See `detectTouchpoint` and the README for the rule order.
 * The page's kind is `ad-click`, `review-referral` or `page`; `detectShop` may make it a checkout
 * or purchase.
 * @param a the read arrival
 * @param options extra hosts and referral parameters
 * @param shop whether the page is a checkout step or confirmation: nobody links to a checkout, so an
 *   unknown referrer there is a bank's 3-D Secure page or the like, and counts as internal
 */
export const detectArrival = (a: ReadArrival, options: DetectOptions, shop: boolean): Touchpoint => {
  const { rh, q } = a
  // GA4's utm_ tags, else Matomo's (mtm_, and the older pk_, piwik_; its keyword is kwd).
  const utm = (f: string, m = f) => q.get('utm_' + f) || q.get('mtm_' + m) || q.get('pk_' + m) || q.get('piwik_' + m)
  const source = utm('source')
  const medium = utm('medium')
  const campaign = utm('campaign')
  const platform = utm('source_platform')
  const s = (source || '').toLowerCase()
  const m = (medium || '').toLowerCase()
  const c = (campaign || '').toLowerCase()
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
  // A paid click id stands for the medium its network's auto-tagging sets (gclid: google / cpc).
  const med = m || (idCh == 'display' ? 'display' : paidId ? 'cpc' : '')
  // The source's category (search, social, video, shopping), else the click id network's where the
  // id stands for the tags (no medium, or a paid one): a social network's id wins over the
  // referrer, Google's gives way to it (a gclid from youtube.com is a video ad).
  const byId = !m || PAID.test(m)
  const t = byId && idCh == 'paid-social' ? 'social' : category(from) || (byId ? category(idCh?.replace('paid', 'organic')) : undefined)
  const analog = ANALOG.test([m, s, platform].join().toLowerCase())

  const ch = ((): Channel => {
    // Waymark's own rules first: the site itself, a portal or an assistant (even for a paid click),
    // an affiliate click id or `cpa` (which GA4's paid regex would take).
    if (refCh == 'internal' && !tagged) return 'internal'
    if (srcCh == 'review-site' || refCh == 'review-site') return 'review-site'
    if (srcCh == 'ai-assistant' || refCh == 'ai-assistant') return 'ai-assistant'
    if (idCh == 'affiliate' || m == 'cpa') return 'affiliate'
    // GA4's rules, in its order (Direct, its first, is what is left at the end).
    if (/cross-network/.test(c)) return 'cross-network'
    if (PAID.test(med)) {
      if (t == 'shopping' || SHOP.test(c)) return 'paid-shopping'
      if (t) return ('paid-' + t) as Channel
      if (DISPLAY.test(med)) return 'display'
      // Waymark: an ad or affiliate network's own source, a paid medium that says social.
      if (from == 'display' || from == 'affiliate') return from
      return /social/.test(med) ? 'paid-social' : 'paid-other'
    }
    if (DISPLAY.test(med)) return 'display'
    if (t == 'shopping' || SHOP.test(c)) return 'organic-shopping'
    if (t == 'social' || SOCIAL.test(m)) return 'organic-social'
    if (t == 'video' || /video/.test(m)) return 'organic-video'
    if (t == 'search' || m == 'organic') return 'organic-search'
    if (REFERRAL.test(m)) return 'referral'
    if (EMAIL.test(s) || EMAIL.test(m)) return 'email'
    if (AFFILIATE.test(m)) return 'affiliate'
    if (m == 'audio') return 'audio'
    if (s == 'sms' || m == 'sms') return 'sms'
    if (PUSH.test(m) || s == 'firebase') return 'mobile-push'
    // Where GA4 says Unassigned: mediums that name a channel, the source's own channel (webmail, an
    // audio service, an ad network), an analog medium, any other tag. Untagged: a referral code, the
    // referrer, nothing (Direct).
    if (m == 'newsletter') return 'email'
    if (m == 'podcast') return 'audio'
    return (from != 'internal' && from) || idCh || (analog ? 'offline' : tagged ? 'unassigned' : code ? 'referral' : !rh ? 'direct' : shop && !refHit ? 'internal' : 'referral')
  })()
  // A portal or an assistant keeps its channel for a paid click, which is still an ad click.
  const paid = /^(paid|dis|af|cr)/.test(ch) || (/^(rev|ai)/.test(ch) && (PAID.test(med) || DISPLAY.test(med) || AFFILIATE.test(m)))
  const none = /^(direct|internal)$/.test(ch)
  return {
    kind: paid ? 'ad-click' : ch == 'review-site' ? 'review-referral' : 'page',
    channel: ch,
    source: none ? source : source || hit?.[1] || refHit?.[1] || rh || undefined,
    medium: medium || (none || /^(off|un)/.test(ch) ? undefined : paid && !/^(dis|af)/.test(ch) ? 'cpc' : ch == 'review-site' ? 'referral' : ch == 'organic-search' ? 'organic' : ch.replace('organic-', '')),
    campaign,
    term: utm('term', 'kwd') || utm('term', 'keyword'),
    content: utm('content'),
    campaignId: utm('id', 'cid'),
    sourcePlatform: platform,
    clickIds: Object.keys(ids).length ? ids : undefined,
    referralCode: code,
    analog,
    indirect: /^(review|affiliate|referral)/.test(ch) || (!!code && ch != 'internal') || (/^organic-(social|video)/.test(ch) && !source && !campaign),
  }
}
