import type { Channel, Kind } from '../types.js'

/** What the detector is given: the page's URL and the referrer it was reached from. */
export interface Arrival {
  url: string
  referrer?: string
  title?: string
}

/** What the detector makes of an arrival. */
export interface Touchpoint {
  kind: Kind
  channel: Channel
  source?: string
  medium?: string
  campaign?: string
}

const parse = (url: string | undefined) => {
  try {
    return url ? new URL(url) : undefined
  } catch {
    return undefined
  }
}

/**
 * Classifies an arrival by its URL and referrer. Pure: no DOM, usable in Node. Never throws:
 * malformed, relative or missing URLs fall back to a `page` from `direct`.
 * @param arrival the page URL, the referrer and the title
 */
export const detectTouchpoint = ({ url, referrer }: Arrival): Touchpoint => {
  const page = parse(url)
  const ref = parse(referrer)
  if (!ref || !/^https?:$/.test(ref.protocol)) return { kind: 'page', channel: 'direct' }
  if (page && ref.hostname == page.hostname) return { kind: 'page', channel: 'internal' }
  return { kind: 'page', channel: 'referral', source: ref.hostname }
}
