import { parseUrl } from '../lib/parseUrl.js'
import type { ArrivalFields, Channel } from '../types.js'
import { detectShop } from './detectShop.js'
import { lookupHost } from './lookupHost.js'
import { readClickIds } from './readClickIds.js'

/** What the detector is given: the page's URL, the referrer it was reached from and its title. */
export interface Arrival {
  url: string
  referrer?: string
  title?: string
}

/** What the detector makes of an arrival. */
export interface Touchpoint extends ArrivalFields {
  kind: 'page' | 'ad-click' | 'review-referral' | 'checkout' | 'purchase'
  channel: Channel
}

/** Extra knowledge about a site; see `resolveDetectOptions`, which checks and compiles it once. */
export interface DetectOptions {
  /** Extra hosts per channel, matched exactly or as a dot-boundary suffix. They win over the built-in lists. */
  hosts?: Partial<Record<Channel, string[]>>
  /** Extra checkout URL patterns: path globs, `^`-regex strings or RegExps (see `toPattern`). */
  checkout?: (string | RegExp)[]
  /** Extra order-confirmation URL patterns, in the same forms. */
  purchase?: (string | RegExp)[]
  /** Replaces the default list of referral-code parameters. */
  referralParams?: string[]
  /** Further hosts that belong to the same site. */
  internalHosts?: string[]
}

// GA4's default channel group: the paid-medium regex with `retargeting`, then its medium lists.
const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/
const DISPLAY = /^(display|banner|expandable|interstitial|cpm)$/
const SOCIAL = /^(social|social[- ]network|social[- ]media|sm|.*video.*)$/
const EMAIL = /^e[-_ ]?mail$/
const REFERRAL = /^(referral|app|link)$/
// GA4 takes only `affiliate`; `cpa` is how Admitad and others tag affiliate traffic.
const AFFILIATE = /^(affiliates?|cpa)$/
const ANALOG = /(^|[^a-z])(print|poster|radio|tv|qr(code)?|direct[-_ ]?mail|ooh|outdoor|billboard|flyers?|catalog(ue)?|events?|offline|packaging|magazine|newspaper|postcard)([^a-z]|$)/
// Generic names, then ReferralCandy (aic), Friendbuy (fbuy_ref_code) and FirstPromoter (fpr).
const REFERRAL_PARAMS = 'ref referral referral_code ref_code refcode invite invite_code aic fbuy_ref_code fpr'

const MEDIUM: Partial<Record<Channel, string>> = {
  'organic-search': 'organic',
  'organic-social': 'social',
  'review-site': 'referral',
}

/**
 * Classifies an arrival by its URL, referrer and title. Pure: no DOM, usable in Node. Never throws:
 * a malformed, relative or missing URL gives a `page` from `direct`, and such a referrer counts as
 * none.
 *
 * The channel follows GA4's default channel grouping, utm_medium and utm_source first, then click
 * ids, then the referrer, with review-site and ai-assistant added and checked first: a portal or an
 * assistant as referrer or utm_source decides the channel even for a paid click. A referrer of the
 * same site, a payment provider or a hosted checkout is `internal`, but campaign parameters (utm or a
 * click id) still win over it. A referral code (`?ref=…`) decides only when utm, click ids and a
 * known referrer say nothing (it is recorded either way). What GA4 leaves Unassigned (an offline
 * medium, sms, push, an unknown tag) counts as `direct` without a referrer and `referral` with one.
 *
 * `indirect` is true for review sites, affiliates, referrals and referral codes, and for
 * organic-social arrivals without utm_source or utm_campaign: a brand tags its own posts, so an
 * untagged link on a network is taken to be someone else's share.
 * @param arrival the page URL, the referrer and the title
 * @param options extra hosts, patterns and parameters, raw or from `resolveDetectOptions`
 */
export const detectTouchpoint = (arrival: Arrival, options?: DetectOptions | null): Touchpoint => {
  const tp: Touchpoint = { kind: 'page', channel: 'direct', analog: false, indirect: false }
  options ||= {}
  try {
    const page = parseUrl(arrival.url)
    if (!page || !/^https?:$/.test(page.protocol)) return tp
    const ref = parseUrl(arrival.referrer)
    // An app referrer names its package: com.google.android.gm reads as gm.android.google.com.
    const rh = !ref
      ? ''
      : ref.protocol == 'android-app:'
        ? ref.hostname.split('.').reverse().join('.')
        : /^https?:$/.test(ref.protocol)
          ? ref.hostname.replace(/^www\d*\./, '')
          : ''
    const ph = page.hostname.replace(/^www\d*\./, '')
    const q = new Map<string, string>()
    page.searchParams.forEach((v, k) => {
      k = k.toLowerCase()
      if (v && !q.has(k)) q.set(k, v)
    })
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
    for (const p of options.referralParams || REFERRAL_PARAMS.split(' ')) code ||= q.get(p.toLowerCase())

    const refHit: [Channel, string?] | undefined = !rh
      ? undefined
      : rh == ph || rh.endsWith('.' + ph) || ph.endsWith('.' + rh) || options.internalHosts?.some((x) => (x = x.toLowerCase()) == rh || rh.endsWith('.' + x))
        ? ['internal']
        : lookupHost(rh, options.hosts)
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
    const shop = detectShop(page, arrival.title, options.checkout, options.purchase)
    // Nobody links to a checkout: an unknown referrer there is a bank's 3-D Secure page or the like.
    if (shop && ch == 'referral' && !refHit && !tagged && !code) ch = 'internal'
    const paid = !!paidId || PAID.test(m) || DISPLAY.test(m) || AFFILIATE.test(m) || /^(paid|dis|af)/.test(ch!)
    const out: Touchpoint = {
      ...shop,
      kind: shop ? shop.kind : paid ? 'ad-click' : ch == 'review-site' ? 'review-referral' : 'page',
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
      indirect:
        /^(review|affiliate|referral)/.test(ch!) || (!!code && ch != 'internal') || (ch == 'organic-social' && !source && !campaign),
    }
    for (const k in out) if (out[k as keyof Touchpoint] === undefined) delete out[k as keyof Touchpoint]
    return out
  } catch {
    return tp
  }
}
