import type { detectArrival } from './detectArrival.js'
import type { detectShop } from './detectShop.js'
import type { Arrival, DetectOptions, Touchpoint } from './detectTouchpoint.js'
import { mayBeCheckout, needsArrival, readArrival } from './readArrival.js'

/** The detector's two bodies of knowledge; the tracker loads each only where a page needs it. */
export interface Knowledge {
  arrival?: typeof detectArrival
  shop?: typeof detectShop
}

/** What part of the detector's knowledge an arrival needs: `arrival`, `checkout`, both or neither. */
export const knowledgeFor = (arrival: Arrival, options: DetectOptions): ('arrival' | 'checkout')[] => {
  const a = readArrival(arrival.url, arrival.referrer, options)
  return !a ? [] : ([needsArrival(a, options) && 'arrival', mayBeCheckout(a, options) && 'checkout'].filter(Boolean) as ('arrival' | 'checkout')[])
}

/**
 * Detects a touchpoint with the knowledge at hand. Whatever `knowledgeFor` names must be given;
 * what it does not name would not change the result, given or not. Never throws.
 * @param arrival page URL, referrer and title
 * @param options the site's detector settings
 * @param know the loaded knowledge
 */
export const touchpoint = (arrival: Arrival, options: DetectOptions, know: Knowledge): Touchpoint => {
  let out: Touchpoint = { kind: 'page', channel: 'direct', analog: false, indirect: false }
  try {
    const a = readArrival(arrival.url, arrival.referrer, options)
    if (!a) return out
    const shop = know.shop && mayBeCheckout(a, options) ? know.shop(a.page, arrival.title, options.checkout, options.purchase) : undefined
    if (know.arrival && needsArrival(a, options)) out = know.arrival(a, options, !!shop)
    else if (a.rh) out.channel = 'internal'
    if (shop) out = { ...out, ...shop }
    for (const k in out) if (out[k as keyof Touchpoint] === undefined) delete out[k as keyof Touchpoint]
  } catch {}
  return out
}
