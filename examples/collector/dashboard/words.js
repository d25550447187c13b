// The words the page uses for what the events carry as ids, and how it writes numbers and money.

/** Channels in a shop owner's words; an id not listed here is shown as it is. */
const CHANNELS = {
  direct: 'Direct (typed in, bookmark)',
  internal: 'Own pages (payment returns)',
  'organic-search': 'Search, unpaid',
  'paid-search': 'Search ads',
  'organic-social': 'Social media, unpaid',
  'paid-social': 'Social media ads',
  'organic-shopping': 'Shopping listings, unpaid',
  'paid-shopping': 'Shopping ads',
  'organic-video': 'Video, unpaid',
  'paid-video': 'Video ads',
  display: 'Banner ads',
  'cross-network': 'Ads across networks',
  'paid-other': 'Other ads',
  email: 'E-mail',
  sms: 'Text messages',
  'mobile-push': 'Push messages',
  audio: 'Audio ads',
  affiliate: 'Affiliate partners',
  referral: 'Links and referral codes',
  'review-site': 'Review and price portals',
  'ai-assistant': 'AI assistants',
  offline: 'Offline (print, QR, radio)',
  unassigned: 'Unrecognised source',
  unknown: 'Not recorded',
  '(no path)': 'No path recorded',
}

/** A channel id in words. */
export const channelName = (id) => (id != null && Object.hasOwn(CHANNELS, id) ? CHANNELS[id] : (id ?? CHANNELS.unknown))

/** Attribution models: a name and what each gives a channel. */
export const ATTRIBUTION = {
  firstTouch: ['First touch', 'all of an order to the channel that brought the shopper first'],
  lastTouch: ['Last touch', 'all of it to the last channel before the purchase; Direct only when nothing else led there'],
  linear: ['Linear', 'equal parts to every visit on the way'],
  positionBased: ['Position-based', '40 % to the first visit, 40 % to the last, 20 % shared by those between'],
  timeDecay: ['Time decay', 'more to the visits closest to the purchase'],
  dataDriven: ['Data-driven', 'computed from all journeys, with and without a purchase: how many purchases would be lost without the channel'],
}

/** A phase id as a title: `pre-purchase` → `Pre-purchase`. */
export const phaseName = (id) => (id ? id.charAt(0).toUpperCase() + id.slice(1) : '')

export const number = new Intl.NumberFormat('en')
export const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 })
export const orders = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })

/**
 * An amount of money from whole minor units: `money(12900, 'EUR', 2)` → `€129.00`.
 * @param {number} minor
 * @param {string} currency an ISO 4217 code
 * @param {number} digits decimals of its minor unit
 */
export function money(minor, currency, digits = 2) {
  const value = minor / 10 ** digits
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)
  } catch {
    return `${value.toFixed(digits)} ${currency}`
  }
}

/** `1 visitor`, `2 visitors`. */
export const count = (n, one, many = one + 's') => `${number.format(n)} ${n === 1 ? one : many}`

/** An order's value as the event carries it, in its currency: `moneyValue(129, 'EUR')` → `€129.00`. */
export function moneyValue(value, currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(value)
  } catch {
    return `${value} ${currency ?? ''}`.trim()
  }
}
