import { parseUrl } from '../lib/parseUrl.js'
import type { DetectOptions } from './detectTouchpoint.js'

/** An arrival's page URL and referrer, read once for the cheap checks and for the detector. */
export interface ReadArrival {
  page: URL
  /** The referrer's host without `www.`; an app referrer's package reversed; '' for none. */
  rh: string
  /** The page's host without `www.`. */
  ph: string
  /** Query parameters with a value, names in lower case, the first of each name. */
  q: Map<string, string>
  /** The referrer is the site itself: the same host, a subdomain either way, or an internal host. */
  internal: boolean
}

/** Generic names, then ReferralCandy (aic), Friendbuy (fbuy_ref_code) and FirstPromoter (fpr). */
export const REFERRAL_PARAMS = 'ref referral referral_code ref_code refcode invite invite_code aic fbuy_ref_code fpr'.split(' ')

const bare = (host: string) => host.replace(/^www\d*\.|\.$/g, '')

/**
 * Reads the parts of an arrival that detection looks at, or returns undefined for a page that is
 * no http(s) URL (which detection counts as direct). A malformed or non-web referrer counts as none.
 * @param url the page
 * @param referrer where it was reached from
 * @param options `internalHosts` is read here
 */
export const readArrival = (url: string | undefined, referrer: string | undefined, options: DetectOptions): ReadArrival | undefined => {
  const page = parseUrl(url)
  if (!page || !/^https?:$/.test(page.protocol)) return
  const ref = parseUrl(referrer)
  // An app referrer names its package: com.google.android.gm reads as gm.android.google.com.
  const rh = !ref ? '' : ref.protocol == 'android-app:' ? ref.hostname.split('.').reverse().join('.') : /^https?:$/.test(ref.protocol) ? bare(ref.hostname) : ''
  const ph = bare(page.hostname)
  const q = new Map<string, string>()
  page.searchParams.forEach((v, k) => {
    k = k.toLowerCase()
    if (v && !q.has(k)) q.set(k, v)
  })
  const internal = !!rh && (rh == ph || rh.endsWith('.' + ph) || ph.endsWith('.' + rh) || !!options.internalHosts?.some((x) => (x = x.toLowerCase()) == rh || rh.endsWith('.' + x)))
  return { page, rh, ph, q, internal }
}

/**
 * Parameter names that can make a page view an arrival: campaign tags and every click id the
 * arrival knowledge reads (`test/detect/needs.test.ts` keeps this in step with its table).
 */
const ARRIVAL_PARAM = /^(utm|mtm|pk|piwik)_|cl(ic)?k?id|^(awc|cjevent|ransiteid|sscid|tduid|clickref|admitad_uid|tblci|li_fat_id|sccid|epik|rdt_cid|[gw]braid|gad_source|s_kwcid|ef_id|mc_[ce]id|_hs(enc|mi)|_kx|mkt_tok|igshi?d?|srsltid)$/

/**
 * Whether detecting this arrival needs the arrival knowledge (host table, click ids, campaign
 * rules): a referrer from another site, or a campaign, click-id or referral parameter. Without
 * them a page view is `internal` (a referrer of the site itself) or `direct`, whatever the tables say.
 * @param a the read arrival
 * @param options `referralParams` is read here
 */
export const needsArrival = (a: ReadArrival, options: DetectOptions): boolean => {
  if (a.rh && !a.internal) return true
  const codes = (options.referralParams || REFERRAL_PARAMS).map((p) => p.toLowerCase())
  for (const k of a.q.keys()) if (ARRIVAL_PARAM.test(k) || codes.includes(k)) return true
  return false
}

/**
 * Words without which no URL is a checkout step or an order confirmation to `detectShop`: each
 * of its patterns, platform or generic, holds one of them (a fragment that matches nothing else is
 * listed as it is). Many other URLs hold one too; those only cost the load of the shop schemes.
 */
const CHECKOUT_WORD =
  /check-?out|order|thank|dank|merci|gracias|grazie|success|complete|finish|confirm|bestell|bestaetig|kass[ae]|cassa|commande|finaliz|afrekenen|bezahl|pedido|ordine|payment|express\/review|validation|cosummary|demandware|stage=|appsectionparams|carttoken|cl=user|shop\/(address|extra_info)|hermes/

/**
 * Whether this page may be a checkout step or an order confirmation, so that the checkout
 * knowledge (the shop systems' URL schemes) is worth loading. Always true when the site gave
 * patterns of its own; never when it said `shops: false`.
 * @param a the read arrival
 * @param options `checkout` and `purchase` are read here
 */
export const mayBeCheckout = (a: ReadArrival, options: DetectOptions): boolean =>
  options.shops !== false && (!!(options.checkout || options.purchase) || CHECKOUT_WORD.test((a.page.hostname + a.page.pathname + a.page.search + a.page.hash).toLowerCase()))
