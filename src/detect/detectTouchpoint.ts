import type { ArrivalFields, Channel } from '../types.js'
import { detectArrival } from './detectArrival.js'
import { detectShop } from './detectShop.js'
import { touchpoint } from './touchpoint.js'

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
  /**
   * `false`: checkout steps and purchases come only from the site's calls (`checkout()`,
   * `purchase()`), never from URLs, for a site that reports them all (a Shopify pixel does). Default true.
   */
  shops?: boolean
}

/**
 * Classifies an arrival by its URL, referrer and title. Pure: no DOM, usable in Node. Never throws:
 * a malformed, relative or missing URL gives a `page` from `direct`, and such a referrer counts as
 * none.
 *
 * The channel follows GA4's default channel group in GA4's order of rules (Cross-network, Paid
 * Shopping, Search, Social, Video, Display, Paid Other, Organic Shopping, Social, Video, Search,
 * Referral, Email, Affiliates, Audio, SMS, Mobile Push; the source is utm_source, else the
 * referrer, else the network of a click id), with waymark's own rules first: a referrer of the same
 * site, a payment provider or a hosted checkout is `internal` unless the URL is tagged; a review or
 * comparison portal or an AI assistant, as referrer or utm_source, decides the channel even for a
 * paid click; an affiliate click id or `utm_medium=cpa` is `affiliate`. Where GA4 says Unassigned,
 * a `newsletter` medium is `email`, `podcast` is `audio`, the source's own channel comes next
 * (webmail, an audio service, an ad network), then an analog medium (`offline`); any other tagged
 * visit is `unassigned`, never `direct`. Untagged, a referral code (`?ref=…`) makes it `referral`,
 * as does an unknown referrer; nothing at all is `direct`. See the README's table.
 *
 * `indirect` is true for review sites, affiliates, referrals and referral codes, and for
 * organic-social and organic-video arrivals without utm_source or utm_campaign: a brand tags its
 * own posts, so an untagged link on a network is taken to be someone else's share.
 * @param arrival the page URL, the referrer and the title
 * @param options extra hosts, patterns and parameters, raw or from `resolveDetectOptions`
 */
export const detectTouchpoint = (arrival: Arrival, options?: DetectOptions | null): Touchpoint =>
  touchpoint(arrival, options || {}, { arrival: detectArrival, shop: detectShop })
